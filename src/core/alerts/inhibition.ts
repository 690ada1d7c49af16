import type { DependencyGraph } from '../graph/DependencyGraph';

/**
 * The root causes among a service's dependencies that are down: down dependencies (transitively)
 * none of whose own dependencies are down. `db` down under `cache` down under `api` reports `db`.
 */
export function downRootCauses(service: string, graph: DependencyGraph, isDown: (s: string) => boolean): string[] {
  const down = [...graph.closure([service])].filter((d) => d !== service && isDown(d));
  return down.filter((d) => ![...graph.closure([d])].some((x) => x !== d && isDown(x)));
}
