/** Shared readings of a service's state, so every surface counts and describes it the same way. */
import type { ServiceState, ServiceStatus, StateTransition } from '../engine/state';
import { isLive, isOff, SERVICE_STATES } from '../../shared/statePredicates';

// The predicates are defined once, beside the state table, so the webview can use them too.
export {
  isAtRest,
  isComingUp,
  isDead,
  isDown,
  isEnded,
  isFailing,
  isLive,
  isOff,
  isSettled,
  isStarted,
  isTransient,
  isUp,
} from '../../shared/statePredicates';

/** The words after the state: what it waits on, else why, else what the last probe saw. */
export function statusDetail(s: ServiceStatus): string {
  if (s.state === 'waiting' && s.waitingOn.length) return `waiting on ${s.waitingOn.join(', ')}`;
  return s.reason ?? currentProbe(s)?.detail ?? '';
}

/**
 * The probe that describes the service now: its last one while an instance runs; none once it is
 * stopped, exited, completed or failed (a stopped service's last `-> 200` is not true of it).
 */
export function currentProbe(s: Pick<ServiceStatus, 'state' | 'lastProbe'>): ServiceStatus['lastProbe'] {
  return isLive(s.state) ? s.lastProbe : undefined;
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

const KNOWN_STATES: ReadonlySet<string> = new Set(SERVICE_STATES);

/** True for a string that names a ServiceState (a file read back from disk, another process's status). */
export function isServiceState(v: unknown): v is ServiceState {
  return typeof v === 'string' && KNOWN_STATES.has(v);
}

/**
 * The transition that begins a start attempt: out of `stopped` into the way up (waiting or
 * starting). The report's startup rows and the start timeline both count attempts from it.
 */
export function beginsStart(t: Pick<StateTransition, 'from' | 'to'>): boolean {
  return t.from === 'stopped' && !isOff(t.to);
}
