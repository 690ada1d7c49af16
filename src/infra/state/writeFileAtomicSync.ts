import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Writes `text` to `file` through a temp file renamed over it, creating the folder: a reader never
 * sees half a file. The temp name carries the pid, so two writers never share one. `mode` (e.g.
 * 0o600) is the new file's permission, set before any byte is written.
 */
export function writeFileAtomicSync(file: string, text: string, mode?: number): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, ...(mode !== undefined ? { mode: 0o700 } : {}) });
  const tmp = `${file}.${process.pid}.tmp`;
  if (mode !== undefined) fs.rmSync(tmp, { force: true });
  fs.writeFileSync(tmp, text, mode !== undefined ? { mode } : undefined);
  fs.renameSync(tmp, file);
}
