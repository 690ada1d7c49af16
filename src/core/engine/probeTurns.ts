import type { Clock } from '../ports';

/** How long one probe has the event loop to itself before the next starts beside it. */
export const PROBE_TURN_MS = 250;

export interface ProbeTurns {
  /** Waits until every service is ready to probe, then for this one's turn; call the result when its probe has settled. */
  arrive(): Promise<() => void>;
  /** For a service that sends no probe. */
  leave(): void;
}

/**
 * Paces the probes of a one-shot observation (`stackpilot status`). They wait until every service
 * has done its own set-up (adopting its instance, reading /proc, asking the engine), then start one
 * at a time: each when the one before has settled, or `PROBE_TURN_MS` after it started if it is
 * slow. All of that runs on one event loop, and work for one service would otherwise be timed as
 * the latency of another's probe in flight (a 3 ms connect shown as 400 ms).
 */
export function probeTurns(n: number, clock: Clock): ProbeTurns {
  let pending = n;
  let release!: () => void;
  const all = new Promise<void>((r) => (release = r));
  const arrivedOrLeft = () => {
    if (--pending <= 0) release();
  };
  if (pending <= 0) release();
  let queue: Promise<void> = all;
  return {
    arrive: () => {
      arrivedOrLeft();
      const turn = queue;
      let handOff!: () => void;
      const next = new Promise<void>((r) => (handOff = r));
      queue = next;
      return turn.then(() => {
        const timer = clock.setTimeout(handOff, PROBE_TURN_MS);
        return () => {
          timer.dispose();
          handOff();
        };
      });
    },
    leave: arrivedOrLeft,
  };
}
