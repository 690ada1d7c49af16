import type { SourceLocation } from './model';

/** A path into a parsed config tree: map keys and list indexes, e.g. `['services', 'api', 'ports', 0]`. */
export type TreePath = readonly (string | number)[];

interface Entry {
  key?: SourceLocation;
  value: SourceLocation;
}

/** One step of the path tree; `0` and `'0'` are the same step (a list index or a map key written as a number). */
interface PathNode {
  entry?: Entry;
  children?: Map<string, PathNode>;
}

/**
 * Where each node of a parsed config tree came from, by path. Values stay plain JS (easy to
 * interpolate and merge); locations live here, so a merged tree still points into the right file.
 * Kept as a tree of path steps, so copying a subtree costs its size, not the whole index's (merge
 * keys and override files copy once per key: a flat index made big files quadratic).
 */
export class SourceIndex {
  private readonly root: PathNode = {};

  constructor(private readonly fallback: SourceLocation) {}

  set(path: TreePath, value: SourceLocation, key?: SourceLocation): void {
    this.node(path, true)!.entry = key ? { key, value } : { value };
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
    const src = source.node(from, false);
    if (!src) return;
    // Snapshot first: copying within one index onto an overlapping path must not see its own writes.
    const stack: [PathNode, string[]][] = [[src, []]];
    const found: [Entry | undefined, string[]][] = [];
    while (stack.length > 0) {
      const [n, rel] = stack.pop()!;
      found.push([n.entry, rel]);
      for (const [k, c] of n.children ?? []) stack.push([c, [...rel, k]]);
    }
    for (const [entry, rel] of found) if (entry) this.node([...to, ...rel], true)!.entry = entry;
  }

  private node(path: TreePath, create: boolean): PathNode | undefined {
    let n = this.root;
    for (const step of path) {
      const k = String(step);
      let c = n.children?.get(k);
      if (!c) {
        if (!create) return undefined;
        c = {};
        (n.children ??= new Map()).set(k, c);
      }
      n = c;
    }
    return n;
  }

  private find(path: TreePath, pick: (e: Entry) => SourceLocation): SourceLocation {
    let n: PathNode | undefined = this.root;
    let best: Entry | undefined = n.entry;
    for (const step of path) {
      n = n.children?.get(String(step));
      if (!n) break;
      if (n.entry) best = n.entry;
    }
    return best ? pick(best) : this.fallback;
  }
}
