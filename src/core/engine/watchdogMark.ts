import type { RunRecord } from '../ports';

/** What a service reads while a dead supervisor's watchdog stops it. */
export const WATCHDOG_STOPPING = 'its supervisor died: the watchdog stops what it started';
/** What a service reads once that watchdog stopped it (not a crash: Stackpilot stopped it). */
export const WATCHDOG_STOPPED = 'stopped by the watchdog after its supervisor died';

/**
 * How long a watchdog's mark is believed: its whole stop is bounded well below this, so a mark
 * left by a watchdog killed mid-stop (or written into a shipped state.json) soon means nothing.
 */
export const WATCHDOG_MARK_MS = 15 * 60_000;

/** True when `record` carries a watchdog's stop mark that still holds at `now`. */
export function markedByWatchdog(record: RunRecord | undefined, now: number): boolean {
  const m = record?.stopping;
  return m?.by === 'watchdog' && m.at <= now + 5_000 && now - m.at < WATCHDOG_MARK_MS;
}
