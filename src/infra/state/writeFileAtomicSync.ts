import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Writes `text` to `file` through a temp file renamed over it, creating the folder: a reader never
 * sees half a file. The temp name carries the pid, so two writers never share one.
 */
export function writeFileAtomicSync(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}
