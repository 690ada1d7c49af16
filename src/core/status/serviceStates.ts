/** Shared readings of a service's state, so every surface counts and describes it the same way. */
import type { ServiceState, ServiceStatus } from '../engine/state';
import { STATE_TABLE, stateInfo } from '../../shared/stateTable';

/** Counts as up: healthy, running (no health check) or completed (a job that exited 0). */
export function isUp(state: ServiceState): boolean {
  return stateInfo(state).up;
}

/** An instance is running now, so its last probe describes it (not a crashed predecessor). */
export function isLive(state: ServiceState): boolean {
  return stateInfo(state).live;
}

/** Down and needing attention: unhealthy, exited, failed, crash-looping. */
export function isFailing(state: ServiceState): boolean {
  return stateInfo(state).tone === 'bad';
}

/** The words after the state: what it waits on, else why, else what the last probe saw. */
export function statusDetail(s: ServiceStatus): string {
  if (s.state === 'waiting' && s.waitingOn.length) return `waiting on ${s.waitingOn.join(', ')}`;
  return s.reason ?? s.lastProbe?.detail ?? '';
}

/**
 * The state followed by its detail, the detail's own leading state word dropped: `exited with
 * code 3`, not `exited exited with code 3` (a reason often opens with the state's word).
 */
export function stateWithDetail(state: string, detail: string): string {
  const rest = detailAfterState(state, detail);
  return rest ? `${state} ${rest}` : state;
}

/** `detail` without a leading `state` word (`exited with code 3` after `exited` -> `with code 3`). */
export function detailAfterState(state: string, detail: string): string {
  if (detail === state) return '';
  return detail.startsWith(`${state} `) ? detail.slice(state.length + 1) : detail;
}

const KNOWN_STATES: ReadonlySet<string> = new Set(STATE_TABLE.map((s) => s.state));

/** True for a string that names a ServiceState (a file read back from disk, another process's status). */
export function isServiceState(v: unknown): v is ServiceState {
  return typeof v === 'string' && KNOWN_STATES.has(v);
}
