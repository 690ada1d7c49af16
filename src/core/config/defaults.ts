import type { RestartSpec } from './model';

/** Stackpilot's defaults, in one place (durations in ms). */
export const DEFAULTS = {
  health: { interval: 5000, timeout: 2000, retries: 3, startPeriod: 0 },
  /** Docker's own healthcheck defaults, used for compose healthchecks. */
  dockerHealth: { interval: 30_000, timeout: 30_000, retries: 3, startPeriod: 0 },
  restart: { policy: 'no', backoffInitial: 250, backoffMax: 30_000, crashLoopCount: 5, crashLoopWindow: 60_000 } satisfies RestartSpec,
  stopGracePeriod: 10_000,
  nativeBindHost: '127.0.0.1',
  /**
   * Compose publishes on every interface by default; a developer's database with a default password
   * should not be reachable from the café's Wi-Fi, so Stackpilot binds 127.0.0.1 unless a host IP is given.
   */
  composeBindHost: '127.0.0.1',
} as const;
