import type { RestartSpec } from '../config/model';
import type { ExitInfo } from '../ports';
import { backoffDelay } from './backoff';
import { isCleanExit } from './describeExit';

export type RestartDecision =
  | { action: 'restart'; delayMs: number }
  | { action: 'crash-loop'; recent: number }
  /** No restart: the policy says so, or on-failure ran out of `maxRetries` (`gaveUp`). */
  | { action: 'stay'; gaveUp?: number };

export interface RestartHistory {
  /** Restarts of this service so far (this up). */
  restarts: number;
  /** When each restart happened, oldest first. */
  restartTimes: readonly number[];
  now: number;
}

/**
 * What to do after an instance ended on its own (never after down()/restart(), which stop on
 * purpose). `unless-stopped` behaves like `always` here because a stop by the user never gets here.
 */
export function decideRestart(spec: RestartSpec, exit: ExitInfo, history: RestartHistory, random?: () => number): RestartDecision {
  const clean = isCleanExit(exit);
  if (spec.policy === 'no') return { action: 'stay' };
  if (spec.policy === 'on-failure') {
    if (clean) return { action: 'stay' };
    if (spec.maxRetries !== undefined && history.restarts >= spec.maxRetries) return { action: 'stay', gaveUp: history.restarts };
  }
  const recent = history.restartTimes.filter((t) => history.now - t < spec.crashLoopWindow).length;
  if (recent >= spec.crashLoopCount) return { action: 'crash-loop', recent };
  return { action: 'restart', delayMs: backoffDelay(recent, spec, random) };
}
