import { constants } from 'node:fs';
import { open, realpath, stat } from 'node:fs/promises';
import { FileRefusedError, type FileSystem, type ReadLimits } from '../core/ports';
import { formatBytes, isInside } from '../core/config/readLimited';

const notFound = (e: unknown) => ['ENOENT', 'ENOTDIR', 'ELOOP'].includes((e as NodeJS.ErrnoException).code ?? '');

/**
 * The FileSystem port over node:fs: a missing file (or a missing folder on the way) reads as
 * undefined. Opened non-blocking and checked on the open descriptor, so a FIFO or a device named by
 * a hostile repository is refused at once instead of hanging or filling memory (/dev/zero), and a
 * file swapped between the check and the read is still the one checked.
 */
export const nodeFileSystem: FileSystem = {
  async readFile(path: string, limits: ReadLimits = {}): Promise<string | undefined> {
    if (limits.within !== undefined) {
      const [real, root] = await Promise.all([
        realpath(path).catch((e: unknown) => (notFound(e) ? undefined : Promise.reject(e))),
        realpath(limits.within).catch(() => limits.within!),
      ]);
      if (real === undefined) return undefined;
      if (!isInside(root, real)) throw new FileRefusedError(`is a link to ${real}, outside the stack's folder`);
    }
    let handle;
    try {
      handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
    } catch (e) {
      if (notFound(e)) return undefined;
      if ((e as NodeJS.ErrnoException).code === 'EISDIR') throw new FileRefusedError('is a folder, not a file');
      throw e;
    }
    try {
      const st = await handle.stat();
      if (st.isDirectory()) throw new FileRefusedError('is a folder, not a file');
      if (!st.isFile())
        throw new FileRefusedError(`is not a regular file (a ${st.isFIFO() ? 'FIFO' : st.isSocket() ? 'socket' : 'device'})`);
      const max = limits.maxBytes ?? Infinity;
      if (st.size > max) throw new FileRefusedError(`is ${formatBytes(st.size)}, over the ${formatBytes(max)} limit`);
      // Read at most max + 1 bytes: a file growing after the stat still cannot exceed the cap unnoticed.
      const cap = Number.isFinite(max) ? max + 1 : st.size + 1;
      const buf = Buffer.alloc(Math.min(cap, Math.max(st.size + 1, 64 * 1024)));
      let n = 0;
      for (;;) {
        if (n === buf.length) break;
        const { bytesRead } = await handle.read(buf, n, buf.length - n, n);
        if (bytesRead === 0) break;
        n += bytesRead;
      }
      if (n > max) throw new FileRefusedError(`is over the ${formatBytes(max)} limit`);
      return buf.subarray(0, n).toString('utf8');
    } finally {
      await handle.close();
    }
  },
  async isDirectory(path: string): Promise<boolean> {
    return (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
  },
};
