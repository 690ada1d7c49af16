import type { SourceLocation } from './model';

/** A path into a parsed config tree: map keys and list indexes, e.g. `['services', 'api', 'ports', 0]`. */
export type TreePath = readonly (string | number)[];

interface Entry {
  key?: SourceLocation;
  value: SourceLocation;
}

const keyOf = (path: TreePath): string => path.join('\u0000');

/**
 * Where each node of a parsed config tree came from, by path. Values stay plain JS (easy to
 * interpolate and merge); locations live here, so a merged tree still points into the right file.
 */
export class SourceIndex {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly fallback: SourceLocation) {}

  set(path: TreePath, value: SourceLocation, key?: SourceLocation): void {
    this.entries.set(keyOf(path), key ? { key, value } : { value });
  }

  /** Where the value at `path` is written (the nearest recorded ancestor when it is not). */
  value(path: TreePath): SourceLocation {
    return this.find(path, (e) => e.value);
  }

  /** Where the key naming `path` is written (its value's location for list items). */
  key(path: TreePath): SourceLocation {
    return this.find(path, (e) => e.key ?? e.value);
  }

  /** Copies the entries under `from` (in `source`, default this index) to `to` in this index. */
  copy(from: TreePath, to: TreePath, source: SourceIndex = this): void {
    const src = keyOf(from);
    const dst = keyOf(to);
    for (const [k, e] of [...source.entries]) {
      if (k === src || k.startsWith(src + '\u0000')) this.entries.set(dst + k.slice(src.length), e);
    }
  }

  /** Copies the one entry at `from` (not those under it). */
  copyExact(from: TreePath, to: TreePath, source: SourceIndex = this): void {
    const e = source.entries.get(keyOf(from));
    if (e) this.entries.set(keyOf(to), e);
  }

  private find(path: TreePath, pick: (e: Entry) => SourceLocation): SourceLocation {
    for (let n = path.length; n >= 0; n--) {
      const e = this.entries.get(keyOf(path.slice(0, n)));
      if (e) return pick(e);
    }
    return this.fallback;
  }
}
