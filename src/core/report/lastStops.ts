import type { ServiceStatus } from '../engine/state';
import type { LastRun } from './LastRun';
import { quietText } from '../config/quietText';

const MAX_REASON = 120;

/**
 * Who stopped each service, as the stack's last recorded run says (`stackpilot down`, `stackpilot
 * stop`, the watchdog after its supervisor died): for a service whose last recorded change is a stop
 * with a reason. Only a record of `stack`. Pure.
 */
export function lastStops(run: LastRun | undefined, stack: string): Map<string, { why: string; at: number }> {
  const stops = new Map<string, { why: string; at: number }>();
  if (!run || run.stack !== stack) return stops;
  for (const s of run.services) {
    const last = s.transitions.at(-1);
    if (last?.to !== 'stopped' || typeof last.reason !== 'string') continue;
    // A recorded reason comes from a file a repository may ship: controls, bidi and invisible characters as code points.
    const why = quietText(last.reason.replace(/\s+/g, ' ').trim()).slice(0, MAX_REASON);
    if (why) stops.set(s.name, { why, at: last.at });
  }
  return stops;
}

/**
 * A service observed `stopped` with nothing to say (no instance, no record) says who stopped it and
 * when, from the last run (`stopped by the watchdog (its supervisor died) at 23:37:38`), instead of a
 * bare `stopped` once the records that said so are gone. Anything else is left as observed. Pure.
 */
export function explainStops(
  statuses: readonly ServiceStatus[],
  stops: ReadonlyMap<string, { why: string; at: number }>,
  clock: (at: number) => string,
): ServiceStatus[] {
  return statuses.map((s) => {
    const stop = stops.get(s.name);
    if (!stop || s.state !== 'stopped' || s.reason !== undefined || s.transitions.length > 0) return s;
    const why = stop.why.startsWith('stopped') ? stop.why : `stopped by ${stop.why}`;
    return { ...s, reason: `${why} at ${clock(stop.at)}`, since: stop.at };
  });
}
