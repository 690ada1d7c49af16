import type { FileSystem } from '../../../src/core/ports';

/** An in-memory FileSystem for the pure loader: a Map of absolute path -> text. */
export function memoryFs(files: Record<string, string> | Map<string, string>): FileSystem & { reads: string[] } {
  const map = files instanceof Map ? files : new Map(Object.entries(files));
  const reads: string[] = [];
  return {
    reads,
    readFile(path: string): Promise<string | undefined> {
      reads.push(path);
      return Promise.resolve(map.get(path));
    },
  };
}
