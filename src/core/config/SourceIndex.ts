import type { SourceLocation } from './model';

/** A path into a parsed config tree: map keys and list indexes, e.g. `['services', 'api', 'ports', 0]`. */
export type TreePath = readonly (string | number)[];

interface Entry {
  key?: SourceLocation;
  value: SourceLocation;
  /** The value as written, when interpolation changed it (labels show this, never the expansion). */
  raw?: string;
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

  /** Records the text written at `path` before interpolation replaced it. */
  setRaw(path: TreePath, raw: string): void {
    const n = this.node(path, true)!;
    n.entry = { ...(n.entry ?? { value: this.value(path) }), raw };
  }

  /** The text written at exactly `path` when interpolation changed it, else undefined. */
  raw(path: TreePath): string | undefined {
    return this.node(path, false)?.entry?.raw;
  }

  /** Where the value at `path` is written (the nearest recorded ancestor when it is not). */
  value(path: TreePath): SourceLocation {
    return this.find(path, (e) => e.value);
  }

  /** Where the key naming `path` is written (its value's location for list items). */
  key(path: TreePath): SourceLocation {
    return this.find(path, (e) => e.key ?? e.value);
  }

  /** Copies the entries under `from` (in `source`, default this index) to `to` in this index; returns how many nodes. */
  copy(from: TreePath, to: TreePath, source: SourceIndex = this): number {
    const src = source.node(from, false);
    if (!src) return 0;
    // Snapshot the subtree first (a copy onto an overlapping path must not see its own writes),
    // then graft it node by node: no path arrays, no walks from the root.
    const order: { n: PathNode; parent: number; key: string }[] = [{ n: src, parent: -1, key: '' }];
    for (let i = 0; i < order.length; i++) for (const [key, c] of order[i].n.children ?? []) order.push({ n: c, parent: i, key });
    const made: PathNode[] = [];
    for (const { n, parent, key } of order) {
      let dst: PathNode;
      if (parent < 0) dst = this.node(to, true)!;
      else {
        const p = made[parent];
        dst = p.children?.get(key) ?? {};
        (p.children ??= new Map()).set(key, dst);
      }
      if (n.entry) dst.entry = n.entry;
      made.push(dst);
    }
    return order.length;
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

  /** Copies the one entry at `from` (not those under it). */
  copyExact(from: TreePath, to: TreePath, source: SourceIndex = this): void {
    const e = source.node(from, false)?.entry;
    if (e) this.node(to, true)!.entry = e;
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
