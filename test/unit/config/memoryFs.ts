import { FileRefusedError, type FileSystem, type ReadLimits } from '../../../src/core/ports';

/** An in-memory FileSystem for the pure loader: a Map of absolute path -> text; a folder exists when it holds a file or is in `dirs`. */
export function memoryFs(
  files: Record<string, string> | Map<string, string>,
  dirs: Iterable<string> = [],
): FileSystem & { reads: string[] } {
  const map = files instanceof Map ? files : new Map(Object.entries(files));
  const reads: string[] = [];
  const folders = new Set([...dirs].map((d) => d.replace(/\/+$/, '')));
  return {
    reads,
    readFile(path: string, limits: ReadLimits = {}): Promise<string | undefined> {
      reads.push(path);
      const text = map.get(path);
      if (text !== undefined && limits.maxBytes !== undefined && Buffer.byteLength(text) > limits.maxBytes)
        return Promise.reject(new FileRefusedError(`is over the ${limits.maxBytes} bytes limit`));
      return Promise.resolve(text);
    },
    isDirectory(path: string): Promise<boolean> {
      const prefix = `${path.replace(/\/+$/, '')}/`;
      return Promise.resolve(folders.has(path.replace(/\/+$/, '')) || [...map.keys()].some((k) => k.startsWith(prefix)));
    },
  };
}

/** Position of `needle` on 1-based line `line` of `text`, as a diagnostic would report it. */
export function at(text: string, line: number, needle: string): { line: number; column: number } {
  const col = text.split('\n')[line - 1].indexOf(needle);
  if (col < 0) throw new Error(`"${needle}" is not on line ${line}`);
  return { line, column: col + 1 };
}
