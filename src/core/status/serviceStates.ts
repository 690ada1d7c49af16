/** Shared readings of a service's state, so every surface counts and describes it the same way. */
import type { ServiceState, ServiceStatus } from '../engine/state';

const UP: ReadonlySet<ServiceState> = new Set(['healthy', 'running', 'completed']);
const LIVE: ReadonlySet<ServiceState> = new Set(['starting', 'running', 'healthy', 'unhealthy']);

/** Counts as up: healthy, running (no health check) or completed (a job that exited 0). */
export function isUp(state: ServiceState): boolean {
  return UP.has(state);
}

/** An instance is running now, so its last probe describes it (not a crashed predecessor). */
export function isLive(state: ServiceState): boolean {
  return LIVE.has(state);
}

/** The words after the state: what it waits on, else why, else what the last probe saw. */
export function statusDetail(s: ServiceStatus): string {
  if (s.state === 'waiting' && s.waitingOn.length) return `waiting on ${s.waitingOn.join(', ')}`;
  return s.reason ?? s.lastProbe?.detail ?? '';
}
