import type { StateTransition } from '../engine/state';
import { isDown, isUp } from '../status/serviceStates';

export interface UptimeFigure {
  /** Percent of the watched time the service was up; null before it was ever up. */
  percent: number | null;
  upMs: number;
  downMs: number;
}

/**
 * Uptime from a run's transitions, as the monitor counts it: from the first time the service was
 * up until `end`; time stopped on purpose (or a job completed) counts neither way, any other
 * state after that first `up` is downtime.
 */
export function serviceUptime(transitions: readonly StateTransition[], end: number): UptimeFigure {
  let upMs = 0;
  let downMs = 0;
  let seenUp = false;
  for (let i = 0; i < transitions.length; i++) {
    const t = transitions[i];
    const until = Math.min(end, transitions[i + 1]?.at ?? end);
    if (isUp(t.to)) seenUp = true;
    if (!seenUp || until <= t.at) continue;
    if (isUp(t.to)) upMs += until - t.at;
    else if (isDown(t.to)) downMs += until - t.at;
  }
  const total = upMs + downMs;
  return { percent: seenUp && total > 0 ? (100 * upMs) / total : seenUp ? 100 : null, upMs, downMs };
}
