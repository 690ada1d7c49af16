/**
 * Whether a published live status is still the supervisor's current view. The publisher rewrites
 * its file at least every `heartbeatMs`; a file not rewritten for `STALE_AFTER_BEATS` heartbeats
 * (plus a margin for a loaded machine) comes from a supervisor that stopped answering — paused
 * (SIGSTOP), hung, or too starved to run — and its states are its last view, not the truth now.
 * A supervisor the reader sees stopped in /proc (state T) is stale at once. Pure.
 */
import type { LiveStatus } from './liveStatus';

/** How often a supervisor rewrites its status when nothing changes. */
export const LIVE_STATUS_HEARTBEAT_MS = 2000;
/** Heartbeats missed before a view is stale. */
export const STALE_AFTER_BEATS = 3;
/** Added to the allowance: timers on a loaded 2-core machine fire late by a second or more. */
const MARGIN_MS = 1000;

export type Freshness = { stale: false } | { stale: true; since: number; why: 'paused' | 'silent' };

/** How long after its last write a view with this heartbeat counts as stale. */
export const staleAfterMs = (heartbeatMs: number): number => heartbeatMs * STALE_AFTER_BEATS + MARGIN_MS;

export function liveFreshness(s: Pick<LiveStatus, 'updatedAt' | 'heartbeatMs'>, now: number, supervisorPaused = false): Freshness {
  if (supervisorPaused) return { stale: true, since: s.updatedAt, why: 'paused' };
  if (s.heartbeatMs === undefined) return { stale: false };
  // A clock that went back (updatedAt in the future) is not a sign of life either way: judged by age only when it is positive.
  return now - s.updatedAt > staleAfterMs(s.heartbeatMs) ? { stale: true, since: s.updatedAt, why: 'silent' } : { stale: false };
}

/** `stackpilot up (pid 7) is not answering since 14:02:11 (paused): its last view is shown`. */
export function staleNote(supervisor: string, f: Freshness & { stale: true }, clock: (ms: number) => string): string {
  return `${supervisor} is not answering since ${clock(f.since)}${f.why === 'paused' ? ' (paused: SIGSTOP)' : ''}: its last view is shown, states may be out of date`;
}
