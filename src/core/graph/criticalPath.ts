/**
 * The start plan of a selection: earliest finish of each service when every service starts the
 * moment its dependencies are ready (event-driven), and the chain that bounds the whole start-up.
 * On ties the later (deeper) dependency wins, so the path shows the longest chain of hops.
 * Durations are expected times-to-ready in ms (from earlier runs); unknown ones count as 0.
 */
export interface PlanStep {
  service: string;
  dependsOn: string[];
  /** Expected time from its own start to ready, when known. */
  expectedMs?: number;
  /** Earliest time it can be ready, from the start of `up`. */
  readyAtMs: number;
}

export interface StartPlan {
  steps: PlanStep[];
  /** Longest chain of expected durations, dependencies first. */
  criticalPath: string[];
  /** Lower bound of time-to-all-ready. */
  criticalPathMs: number;
}

/** `order` must be topological (dependencies first); `deps` gives each service's dependencies. */
export function planStart(
  order: readonly string[],
  deps: (s: string) => readonly string[],
  durations: Record<string, number | undefined>,
): StartPlan {
  const readyAt = new Map<string, number>();
  const via = new Map<string, string | undefined>();
  const inOrder = new Set(order);
  const steps: PlanStep[] = [];
  for (const s of order) {
    const ds = deps(s).filter((d) => inOrder.has(d));
    let start = 0;
    let from: string | undefined;
    for (const d of ds) {
      const t = readyAt.get(d) ?? 0;
      if (from === undefined || t >= start) {
        start = t;
        from = d;
      }
    }
    const expected = durations[s];
    readyAt.set(s, start + (expected ?? 0));
    via.set(s, from);
    steps.push({
      service: s,
      dependsOn: ds,
      ...(expected !== undefined ? { expectedMs: expected } : {}),
      readyAtMs: start + (expected ?? 0),
    });
  }
  let last: string | undefined;
  for (const s of order) if (last === undefined || (readyAt.get(s) ?? 0) >= (readyAt.get(last) ?? 0)) last = s;
  const criticalPath: string[] = [];
  for (let s = last; s !== undefined; s = via.get(s)) criticalPath.unshift(s);
  return { steps, criticalPath, criticalPathMs: last === undefined ? 0 : readyAt.get(last)! };
}
