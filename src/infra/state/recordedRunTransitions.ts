import * as fs from 'node:fs';
import * as path from 'node:path';
import type { StateTransition } from '../../core/engine/state';
import { readLastRunRecord } from '../../core/report/readLastRunRecord';
import { readRunFile } from './readRunFile';

/**
 * The transitions of each service in the run recorded in `<runDir>/last-run.json` (what the
 * supervising session writes, at most once a second), for a view of a run that another process
 * supervises: its live status carries no transitions. Only an unfinished run of `stack` counts; the
 * file is read again only when it changed (size, mtime); a missing or hostile one reads as undefined.
 */
export class RecordedRunTransitions {
  private key = '';
  private value: ReadonlyMap<string, readonly StateTransition[]> | undefined;

  constructor(
    readonly runDir: string,
    readonly stack: string,
  ) {}

  read(): ReadonlyMap<string, readonly StateTransition[]> | undefined {
    const file = path.join(this.runDir, 'last-run.json');
    let st: fs.Stats;
    try {
      st = fs.lstatSync(file);
    } catch {
      return (this.value = undefined);
    }
    const key = `${st.size}:${st.mtimeMs}:${st.ino}`;
    if (key === this.key) return this.value;
    this.key = key;
    const text = readRunFile(file);
    let run;
    try {
      run = text === undefined ? undefined : readLastRunRecord(JSON.parse(text)).run;
    } catch {
      run = undefined;
    }
    this.value =
      run && run.stack === this.stack && run.endedAt === undefined ? new Map(run.services.map((s) => [s.name, s.transitions])) : undefined;
    return this.value;
  }
}
