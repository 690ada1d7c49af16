import type { ServiceSpec } from '../config/model';

/**
 * Why a service's `running`/`healthy` only says it is alive, when that is so: no health check (a
 * container's image may still have one, so docker services without one are left out), or a log
 * probe, which is matched once at start and never re-checked. Shown in the tree's tooltip and on
 * the dashboard's card. Pure.
 */
export function livenessOnly(spec: ServiceSpec): string | undefined {
  const alive =
    spec.kind === 'process'
      ? 'its process is alive and not paused'
      : spec.kind === 'docker'
        ? 'its container runs'
        : 'it was reachable once';
  if (!spec.health) return spec.kind === 'docker' ? undefined : `liveness only: no health check, so running means ${alive}`;
  if (spec.health.probe.kind === 'log') return `liveness only: the log probe is matched once at start, so healthy then means ${alive}`;
  return undefined;
}
