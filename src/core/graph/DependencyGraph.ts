/**
 * The dependency graph of a stack: edges point from a service to what it depends on.
 * Pure and small: topological order, cycles (named in full), transitive closure, dependents.
 */
export type Edges = ReadonlyMap<string, readonly string[]>;

export class DependencyGraph {
  private readonly deps: Map<string, string[]>;
  private readonly rdeps = new Map<string, string[]>();

  /** `edges` maps each service to the services it depends on. Edges to unknown nodes are ignored. */
  constructor(edges: Edges | Record<string, readonly string[]>) {
    const entries = edges instanceof Map ? [...edges.entries()] : Object.entries(edges);
    const nodes = new Set(entries.map(([n]) => n));
    this.deps = new Map<string, string[]>(entries.map(([n, ds]) => [n, [...new Set<string>(ds)].filter((d) => nodes.has(d))]));
    for (const n of nodes) this.rdeps.set(n, []);
    for (const [n, ds] of this.deps) for (const d of ds) this.rdeps.get(d)!.push(n);
  }

  get nodes(): string[] {
    return [...this.deps.keys()];
  }

  dependenciesOf(name: string): readonly string[] {
    return this.deps.get(name) ?? [];
  }

  dependentsOf(name: string): readonly string[] {
    return this.rdeps.get(name) ?? [];
  }

  /**
   * Every elementary cycle found by a depth-first search, each as the path that closes it:
   * `['api', 'worker', 'api']`. Each cycle is reported once, starting at its first node in
   * declaration order.
   */
  cycles(): string[][] {
    const found: string[][] = [];
    const seen = new Set<string>();
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (n: string) => {
      state.set(n, 'open');
      stack.push(n);
      for (const d of this.dependenciesOf(n)) {
        if (state.get(d) === 'open') {
          const cycle = stack.slice(stack.indexOf(d));
          const key = [...cycle].sort().join('\u0000');
          if (!seen.has(key)) {
            seen.add(key);
            found.push([...cycle, d]);
          }
        } else if (!state.has(d)) {
          visit(d);
        }
      }
      stack.pop();
      state.set(n, 'done');
    };
    for (const n of this.nodes) if (!state.has(n)) visit(n);
    return found;
  }

  /** Dependencies before dependents; ties keep declaration order. Throws on a cycle. */
  topologicalOrder(subset?: Iterable<string>): string[] {
    const want = new Set(subset ?? this.nodes);
    const order: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (n: string, path: string[]) => {
      if (state.get(n) === 'done') return;
      if (state.get(n) === 'open') throw new Error(`dependency cycle: ${[...path.slice(path.indexOf(n)), n].join(' -> ')}`);
      state.set(n, 'open');
      for (const d of this.dependenciesOf(n)) if (want.has(d)) visit(d, [...path, n]);
      state.set(n, 'done');
      order.push(n);
    };
    for (const n of this.nodes) if (want.has(n)) visit(n, []);
    return order;
  }

  /** The given services plus everything they depend on, transitively. */
  closure(roots: Iterable<string>): Set<string> {
    const out = new Set<string>();
    const walk = (n: string) => {
      if (out.has(n) || !this.deps.has(n)) return;
      out.add(n);
      for (const d of this.dependenciesOf(n)) walk(d);
    };
    for (const r of roots) walk(r);
    return out;
  }

  /** Everything that depends on `name`, transitively (not including `name`). */
  dependentsClosure(name: string): Set<string> {
    const out = new Set<string>();
    const walk = (n: string) => {
      for (const d of this.dependentsOf(n))
        if (!out.has(d)) {
          out.add(d);
          walk(d);
        }
    };
    walk(name);
    return out;
  }
}
