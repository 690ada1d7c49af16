import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Writes `text` to `file` through a temp file renamed over it, creating the folder: a reader never
 * sees half a file. The temp name carries the pid, so two writers never share one. The file is
 * 0600 (what Stackpilot writes may name services' commands and errors: for the user only), also
 * when it replaces an older, wider one; a folder it creates is 0700.
 * The live status is rewritten every second or two for as long as a stack runs, so the usual case
 * costs an open, a write, a close and a rename: the folder is made only when the write finds it
 * missing; a stale temp file (or a link in its place) is removed, never written through.
 */
export function writeFileAtomicSync(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeNew(tmp, text, file);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

function writeNew(tmp: string, text: string, file: string): void {
  try {
    fs.writeFileSync(tmp, text, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    // A stale temp file of the same name — or a link a repository shipped in `.stackpilot/` — is
    // removed (rm removes a link itself, never its target), then created anew: never written through.
    else if (code === 'EEXIST') fs.rmSync(tmp, { force: true });
    else throw e;
    fs.writeFileSync(tmp, text, { mode: 0o600, flag: 'wx' });
  }
}
