import type { ServiceSpec } from '../config/model';

/**
 * The services to restart because `restarted` restarts, as compose does for `depends_on: { x:
 * { restart: true } }`: every running dependent that declares `restart: true` on it, and in turn on
 * those (a dependent restarted this way is itself a restarted dependency). `active` says whether a
 * service has an instance (or a restart pending): one that is stopped or still waiting to start is
 * left alone. Dependents first, in the order found; never `restarted` itself.
 */
export function restartDependents(
  services: Readonly<Record<string, Pick<ServiceSpec, 'dependsOn'>>>,
  restarted: string,
  active: (name: string) => boolean,
): string[] {
  const found: string[] = [];
  const seen = new Set([restarted]);
  const queue = [restarted];
  while (queue.length > 0) {
    const current = queue.shift()!;
    for (const [name, spec] of Object.entries(services)) {
      if (seen.has(name)) continue;
      if (!spec.dependsOn.some((d) => d.service === current && d.restart === true)) continue;
      if (!active(name)) continue;
      seen.add(name);
      found.push(name);
      queue.push(name);
    }
  }
  return found;
}
