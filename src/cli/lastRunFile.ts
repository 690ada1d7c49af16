import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LastRun } from '../core/report/LastRun';
import { writeFileAtomicSync } from '../infra/state/writeFileAtomicSync';
import { readLastRunRecord, type LastRunRecord } from '../core/report/readLastRunRecord';

export const lastRunPath = (runDir: string) => path.join(runDir, 'last-run.json');

/** Atomic write (temp file + rename): `report` never reads half a file. */
export function writeLastRun(runDir: string, run: LastRun): void {
  writeFileAtomicSync(lastRunPath(runDir), `${JSON.stringify(run)}\n`);
}

/**
 * The run recorded in `runDir` (no run and no notes when there is no file). A file that is not JSON
 * at all is an error naming it (`shown`: the path as the user should see it); malformed parts of a
 * record are dropped and listed in `notes`.
 */
export function readLastRun(runDir: string, shown: (file: string) => string = (f) => f): LastRunRecord {
  const file = lastRunPath(runDir);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { notes: [] };
    throw new Error(`cannot read ${shown(file)}: ${(e as Error).message}`);
  }
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
