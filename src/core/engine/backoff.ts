import type { RestartSpec } from '../config/model';

/**
 * Delay before restart number `attempt` (0-based, counted within the crash-loop window so a
 * service that ran fine for a while starts again from `backoffInitial`): doubling from
 * `backoffInitial` up to `backoffMax`, times a jitter factor in [0.8, 1.2) so services that died
 * together do not all restart in the same millisecond. `random() = 0.5` gives the exact value.
 */
export function backoffDelay(
  attempt: number,
  spec: Pick<RestartSpec, 'backoffInitial' | 'backoffMax'>,
  random: () => number = Math.random,
): number {
  const base = Math.min(spec.backoffMax, spec.backoffInitial * 2 ** Math.max(0, attempt));
  return Math.max(0, Math.round(Math.min(spec.backoffMax, base * (0.8 + 0.4 * random()))));
}
