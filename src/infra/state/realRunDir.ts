import { lstat, mkdir } from 'node:fs/promises';
import { lstatSync } from 'node:fs';

/**
 * A run folder (`.stackpilot/`, its `logs/`) Stackpilot writes into: created if missing, and refused
 * when a repository shipped it as a link (`.stackpilot -> ~/.config/x` would have had run files and
 * logs written into wherever it points) or as anything but a folder.
 */
export async function realRunDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  refuseLink(dir, await lstat(dir));
}

/** The same check, synchronous, for a folder known to exist (the parent of a file about to be written). */
export function refuseLinkedDirSync(dir: string): void {
  const st = lstatSync(dir, { throwIfNoEntry: false });
  if (st) refuseLink(dir, st);
}

function refuseLink(dir: string, st: { isDirectory(): boolean; isSymbolicLink(): boolean }): void {
  if (st.isSymbolicLink() || !st.isDirectory())
    throw new Error(
      `${dir} is ${st.isSymbolicLink() ? 'a link' : 'not a folder'}: Stackpilot writes its run files only into a real folder`,
    );
}
