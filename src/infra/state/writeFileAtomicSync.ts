import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Writes `text` to `file` through a temp file renamed over it, creating the folder: a reader never
 * sees half a file. The temp name carries the pid, so two writers never share one. The file is
 * 0600 (what Stackpilot writes may name services' commands and errors: for the user only), also
 * when it replaces an older, wider one; a folder it creates is 0700.
 */
export function writeFileAtomicSync(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, text, { mode: 0o600 });
    fs.chmodSync(tmp, 0o600); // a stale temp file of the same name keeps its mode through writeFileSync
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}
