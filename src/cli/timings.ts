import { StartHistory } from '../infra/state/startHistory';

/** Per-service time to ready of earlier runs (`.stackpilot/timings.json`): what `plan` expects next time. */
export function loadTimings(runDir: string): Record<string, number> {
  return new StartHistory(runDir).timings();
}
