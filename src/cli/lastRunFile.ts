import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseLastRun, type LastRun } from '../core/report/LastRun';

export const lastRunPath = (runDir: string) => path.join(runDir, 'last-run.json');

/** Atomic write (temp file + rename): `report` never reads half a file. */
export function writeLastRun(runDir: string, run: LastRun): void {
  const file = lastRunPath(runDir);
  fs.mkdirSync(runDir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(run)}\n`);
  fs.renameSync(tmp, file);
}

export function readLastRun(runDir: string): LastRun | undefined {
  try {
    return parseLastRun(JSON.parse(fs.readFileSync(lastRunPath(runDir), 'utf8')));
  } catch {
    return undefined;
  }
}
