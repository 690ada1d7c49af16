import { realpath, stat } from 'node:fs/promises';
import type { FileSystem, ReadLimits } from '../core/ports';
import { readCapped } from './readCapped';

/**
 * The FileSystem port over node:fs: a missing file (or a missing folder on the way) reads as
 * undefined; a FIFO, device, folder, a file over the cap or (with `within`) a link out of the folder
 * is refused at once (readCapped). `memoRoots`: the real path of each `within` folder is resolved
 * once per instance — for one load, where the same stack folder bounds every file it names.
 */
export function createNodeFileSystem(opts: { memoRoots?: boolean } = {}): FileSystem {
  const roots = new Map<string, Promise<string>>();
  const realRoot = (dir: string) => {
    let real = opts.memoRoots ? roots.get(dir) : undefined;
    if (!real) {
      real = realpath(dir).catch(() => dir);
      if (opts.memoRoots) roots.set(dir, real);
    }
    return real;
  };
  return {
    async readFile(path: string, limits: ReadLimits = {}): Promise<string | undefined> {
      const within = limits.within === undefined ? undefined : await realRoot(limits.within);
      return readCapped(path, { maxBytes: limits.maxBytes ?? Infinity, ...(within !== undefined ? { within } : {}) });
    },
    async isDirectory(path: string): Promise<boolean> {
      return (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
    },
  };
}

/** The FileSystem port over node:fs, nothing remembered between calls. */
export const nodeFileSystem: FileSystem = createNodeFileSystem();
