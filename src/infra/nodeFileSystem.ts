import { readFile, stat } from 'node:fs/promises';
import type { FileSystem } from '../core/ports';

/** The FileSystem port over node:fs: a missing file (or a missing folder on the way) reads as undefined. */
export const nodeFileSystem: FileSystem = {
  async readFile(path: string): Promise<string | undefined> {
    try {
      return await readFile(path, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw err;
    }
  },
  async isDirectory(path: string): Promise<boolean> {
    return (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
  },
};
