import { readdir, readFile, readlink } from 'node:fs/promises';

/**
 * Which process holds each socket inode, as "name (pid N)", by reading the /proc/<pid>/fd links.
 * Best effort: processes of other users (EACCES) and ones that exit meanwhile are skipped.
 */
export async function socketHolders(inodes: ReadonlySet<number>): Promise<Map<number, string>> {
  const found = new Map<number, string>();
  if (inodes.size === 0) return found;
  let pids: string[];
  try {
    pids = (await readdir('/proc')).filter((n) => /^\d+$/.test(n));
  } catch {
    return found;
  }
  await Promise.all(
    pids.map(async (pid) => {
      let fds: string[];
      try {
        fds = await readdir(`/proc/${pid}/fd`);
      } catch {
        return;
      }
      for (const fd of fds) {
        const link = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
        const m = /^socket:\[(\d+)\]$/.exec(link);
        if (!m || !inodes.has(Number(m[1])) || found.has(Number(m[1]))) continue;
        const name = (await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '?')).trim();
        found.set(Number(m[1]), `${name} (pid ${pid})`);
      }
    }),
  );
  return found;
}
