import { realpath, stat } from 'node:fs/promises';
import { FileRefusedError, type FileSystem, type ReadLimits } from '../core/ports';
import { isInside } from '../core/config/readLimited';
import { readCapped } from './readCapped';

const notFound = (e: unknown) => ['ENOENT', 'ENOTDIR', 'ELOOP'].includes((e as NodeJS.ErrnoException).code ?? '');

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
      if (limits.within !== undefined) {
        // Before the open: opening a device has effects of its own, so one outside the folder is never
        // opened. The folder's real path only once the file exists (most named files are optional).
        const real = await realpath(path).catch((e: unknown) => (notFound(e) ? undefined : Promise.reject(e)));
        if (real === undefined) return undefined;
        const root = await realRoot(limits.within);
        if (!isInside(root, real)) throw new FileRefusedError(`is a link to ${real}, outside the stack's folder`);
      }
      return readCapped(path, { maxBytes: limits.maxBytes ?? Infinity });
    },
    async isDirectory(path: string): Promise<boolean> {
      return (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
    },
  };
}

/** The FileSystem port over node:fs, nothing remembered between calls. */
export const nodeFileSystem: FileSystem = createNodeFileSystem();
