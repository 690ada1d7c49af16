import type { ServiceStatus } from '../engine/state';
import { isUp } from '../status/serviceStates';

/** Time from `starting` to ready in the last run, per service: what `plan` expects next time. Pure. */
export function readyDurations(statuses: readonly ServiceStatus[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of statuses) {
    const start = [...s.transitions].reverse().find((t) => t.to === 'starting');
    const ready = start && s.transitions.find((t) => t.at >= start.at && isUp(t.to));
    if (start && ready) out[s.name] = ready.at - start.at;
  }
  return out;
}
