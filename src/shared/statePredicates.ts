/**
 * The one vocabulary for deciding by state: every "is it up / down / done / on its way" question
 * in the code asks one of these, and each is read from the state table (src/shared/stateTable.ts),
 * never from a hand-written list of state names. Shared so that the webview can ask too.
 * A new state needs a row in the table, and then every predicate decides it; the unit test
 * test/unit/status/statePredicates.test.ts lists the answer of each predicate for each state.
 */
import type { ServiceState } from './serviceState';
import { STATE_TABLE, stateInfo } from './stateTable';

/** Every state, in the table's order. */
export const SERVICE_STATES: readonly ServiceState[] = STATE_TABLE.map((s) => s.state);

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

/** On its way somewhere: waiting, starting or stopping. */
export function isTransient(state: ServiceState): boolean {
  return stateInfo(state).tone === 'busy';
}

/** Stopped, or being stopped: neither up nor down. */
export function isOff(state: ServiceState): boolean {
  return stateInfo(state).off;
}

/** On its way up: waiting (on dependencies or a restart backoff) or starting. */
export function isComingUp(state: ServiceState): boolean {
  return isTransient(state) && !isOff(state);
}

/** Not up and not off: the time a service spends here, once it has been up, is downtime. */
export function isDown(state: ServiceState): boolean {
  return !isUp(state) && !isOff(state);
}

/** Nothing runs and nothing is on its way: stopped, completed, exited, failed, crash-looping. */
export function isEnded(state: ServiceState): boolean {
  return stateInfo(state).ended;
}

/** Ended badly, no restart pending: exited, failed, crash-looping. */
export function isDead(state: ServiceState): boolean {
  return isEnded(state) && isFailing(state);
}

/** Ended with nothing wrong: stopped or completed. */
export function isAtRest(state: ServiceState): boolean {
  return isEnded(state) && !isFailing(state);
}

/**
 * Its start is over and an instance came of it: up (running, healthy, a completed job) or running
 * but unhealthy. Not a start still on its way, nor one that ended without an instance.
 */
export function isStarted(state: ServiceState): boolean {
  return isUp(state) || (isLive(state) && isFailing(state));
}

/**
 * Done starting, for better or worse: up or failing. `running` is settled only for a service
 * without a health check; with one, `running` is an adopted instance whose health is being checked.
 */
export function isSettled(state: ServiceState, hasHealthCheck: boolean): boolean {
  if (state === 'running' && hasHealthCheck) return false;
  return isUp(state) || isFailing(state);
}

/** Every predicate by name, for the test that makes each decide each state. */
export const STATE_PREDICATES = {
  isUp,
  isLive,
  isFailing,
  isTransient,
  isOff,
  isComingUp,
  isDown,
  isEnded,
  isDead,
  isAtRest,
  isStarted,
  isSettledWithHealthCheck: (s: ServiceState) => isSettled(s, true),
  isSettledWithoutHealthCheck: (s: ServiceState) => isSettled(s, false),
} as const satisfies Record<string, (state: ServiceState) => boolean>;
