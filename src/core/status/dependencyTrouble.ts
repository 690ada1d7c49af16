import type { ServiceStatus } from '../engine/state';
import type { ExitInfo } from '../ports';
import { currentProbe, isFailing, isLive, statusDetail } from './serviceStates';

/** How an exit reads in a short note: `exit 137`, `SIGKILL`, `out of memory`. */
function shortExit(e: ExitInfo | undefined): string | undefined {
  if (!e) return undefined;
  if (e.oomKilled) return 'out of memory';
  if (e.signal) return e.signal;
  return e.code === null ? undefined : `exit ${e.code}`;
}

/**
 * Why a service that runs is degraded although its own probe may pass: the nearest dependency
 * (direct first, then theirs) that is failing: `dependency db failed (exit 137)`,
 * `dependency cache unhealthy`. Undefined when the service is not running or every dependency is
 * fine. `dependsOn` gives a service's dependencies (from the stack file). Pure.
 */
export function dependencyTrouble(
  name: string,
  statuses: readonly ServiceStatus[],
  dependsOn: (service: string) => readonly string[],
): string | undefined {
  const byName = new Map(statuses.map((s) => [s.name, s]));
  const self = byName.get(name);
  if (!self || !isLive(self.state)) return undefined;
  const seen = new Set([name]);
  let layer = [...dependsOn(name)];
  while (layer.length) {
    const next: string[] = [];
    for (const d of layer) {
      if (seen.has(d)) continue;
      seen.add(d);
      const s = byName.get(d);
      if (s && isFailing(s.state)) return dependencyNote(d, s);
      next.push(...dependsOn(d));
    }
    layer = next;
  }
  return undefined;
}

/** How a failing dependency reads everywhere (views, `reason`, `degraded`): `dependency db exited (SIGKILL)`. */
export function dependencyNote(name: string, s: ServiceStatus): string {
  const why = shortExit(s.lastExit);
  return `dependency ${name} ${s.state}${why && s.state !== 'unhealthy' ? ` (${why})` : ''}`;
}

/** `dependsOn` for `dependencyTrouble` from a config's services (names only). */
export function dependsOnOf(services: Record<string, { dependsOn: readonly { service: string }[] }> | undefined) {
  return (service: string): string[] => services?.[service]?.dependsOn.map((d) => d.service) ?? [];
}

/**
 * A service's detail (statusDetail) with its dependency trouble after it (`GET /health -> 200 ·
 * dependency db failed (exit 137)`): the engine's own dependency note in `reason` gives way to the
 * probe's words, so the trouble is said once.
 */
export function detailWithTrouble(s: ServiceStatus, trouble: string | undefined): string {
  if (!trouble) return statusDetail(s);
  const own = s.reason?.startsWith('dependency ') ? (currentProbe(s)?.detail ?? '') : statusDetail(s);
  return own ? `${own} · ${trouble}` : trouble;
}
