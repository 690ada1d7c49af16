import * as path from 'node:path';
import type { LastRun } from '../../core/report/LastRun';
import { writeFileAtomicSync } from './writeFileAtomicSync';
import { readRunFile } from './readRunFile';
import { readLastRunRecord, type LastRunRecord } from '../../core/report/readLastRunRecord';
import { refuseLinkedDirSync } from './realRunDir';
import { lastStops } from '../../core/report/lastStops';

export const lastRunPath = (runDir: string) => path.join(runDir, 'last-run.json');

/** Atomic write (temp file + rename): `report` never reads half a file. */
export function writeLastRun(runDir: string, run: LastRun): void {
  refuseLinkedDirSync(runDir);
  writeFileAtomicSync(lastRunPath(runDir), `${JSON.stringify(run)}\n`);
}

/**
 * The run recorded in `runDir` (no run and no notes when there is no file). A file that is not JSON
 * at all is an error naming it (`shown`: the path as the user should see it); malformed parts of a
 * record are dropped and listed in `notes`.
 */
export function readLastRun(runDir: string, shown: (file: string) => string = (f) => f): LastRunRecord {
  const file = lastRunPath(runDir);
  let refused: string | undefined;
  // Never through a link, a FIFO or a device, bounded: `.stackpilot/` may come with the repository.
  const text = readRunFile(file, { refused: (why) => (refused = why) });
  if (refused !== undefined) throw new Error(`cannot read ${shown(file)}: it ${refused}`);
  if (text === undefined) return { notes: [] };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error(
      `${shown(file)} is not a readable run record (${(e as Error).message}); delete it, or run \`stackpilot up\` to record a new run`,
    );
  }
  const record = readLastRunRecord(value);
  return { ...record, notes: record.notes.map((n) => `${shown(file)}: ${n}`) };
}

/** Who stopped what in the last recorded run of `stack` (see lastStops); nothing when the record is missing or unreadable. */
export function readLastStops(runDir: string, stack: string): Map<string, { why: string; at: number }> {
  try {
    return lastStops(readLastRun(runDir).run, stack);
  } catch {
    return new Map();
  }
}
