import type { DependencyGraph } from '../graph/DependencyGraph';

/**
 * Stops `names` in reverse dependency order: each one once every dependent among `names` has
 * stopped, independent branches in parallel.
 */
export async function stopInOrder(names: readonly string[], graph: DependencyGraph, stop: (name: string) => Promise<void>): Promise<void> {
  const wanted = new Set(names);
  const done = new Map<string, Promise<void>>();
  const run = (name: string): Promise<void> => {
    let p = done.get(name);
    if (!p) {
      const dependents = graph.dependentsOf(name).filter((d) => wanted.has(d));
      p = Promise.all(dependents.map(run)).then(() => stop(name));
      done.set(name, p);
    }
    return p;
  };
  await Promise.all(names.map(run));
}
