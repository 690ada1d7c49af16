import * as path from 'node:path';
import { readRunFile } from './readRunFile';
import type { StartRecord } from '../../core/timeline/StartRecord';
import { writeFileAtomicSync } from './writeFileAtomicSync';
import { refuseLinkedDirSync } from './realRunDir';

export type { StartRecord } from '../../core/timeline/StartRecord';

const KEEP = 20;

/**
 * Earlier starts of the stack, for the dashboard's timeline and `plan`: `.stackpilot/startups.json`
 * (time to all-ready of the last 20 starts) and `.stackpilot/timings.json` (per service
 * time-to-ready), both written by the run session after each start, from the editor and from
 * `stackpilot up` alike. Missing or broken files read as empty.
 */
export class StartHistory {
  constructor(readonly runDir: string) {}

  starts(): StartRecord[] {
    const list = readJson(path.join(this.runDir, 'startups.json'));
    return Array.isArray(list) ? list.filter((r): r is StartRecord => typeof r?.at === 'number' && typeof r?.totalMs === 'number') : [];
  }

  timings(): Record<string, number> {
    const t = readJson(path.join(this.runDir, 'timings.json'));
    if (!t || typeof t !== 'object') return {};
    return Object.fromEntries(Object.entries(t as Record<string, unknown>).filter((e): e is [string, number] => typeof e[1] === 'number'));
  }

  /** Merged into the previous figures (services not started this time keep theirs); atomic write. */
  recordTimings(fresh: Record<string, number>): void {
    if (!Object.keys(fresh).length) return;
    refuseLinkedDirSync(this.runDir);
    writeFileAtomicSync(path.join(this.runDir, 'timings.json'), JSON.stringify({ ...this.timings(), ...fresh }, null, 2));
  }

  /** Appends a start (once per `at`), keeps the last 20; atomic write. */
  record(r: StartRecord): void {
    const list = this.starts().filter((x) => x.at !== r.at);
    list.push(r);
    refuseLinkedDirSync(this.runDir);
    writeFileAtomicSync(path.join(this.runDir, 'startups.json'), JSON.stringify(list.slice(-KEEP), null, 2));
  }
}

function readJson(file: string): unknown {
  try {
    // Never through a link, never a FIFO or device, bounded: `.stackpilot/` may come with the repository.
    const text = readRunFile(file, { maxBytes: 1024 * 1024 });
    return text === undefined ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}
