/**
 * Restarts made for a file change (`watch:`, compose `develop.watch`) or with one (`restartWith`),
 * read from the engine's transitions: the engine marks every transition of such a restart with
 * `restarting · src/app.ts changed` until the service runs again. Pure; the dashboard's timeline
 * marks them.
 */
import type { ServiceStatus } from '../engine/state';
import { isDead, isUp } from '../../shared/statePredicates';
import type { ChangeRestart } from '../../shared/protocol';

/** What the engine prefixes to the reason of a restart it was asked for (StackEngine.restart). */
export const RESTARTING_PREFIX = 'restarting · ';
/** Most marks kept (newest): a service saved every few seconds for an hour stays readable. */
export const MAX_CHANGE_RESTARTS = 20;

export function changeRestarts(statuses: readonly ServiceStatus[]): ChangeRestart[] {
  const out: ChangeRestart[] = [];
  for (const s of statuses) {
    let open: ChangeRestart | undefined;
    for (const t of s.transitions) {
      if (open) {
        if (isUp(t.to)) {
          open.readyAt = t.at;
          open = undefined;
        } else if (isDead(t.to)) {
          open.failedAt = t.at;
          open = undefined;
        } else if (t.to === 'stopped' && !t.reason?.startsWith(RESTARTING_PREFIX)) {
          // Stopped by someone else before it came back: the restart ends there, neither ready nor failed.
          open = undefined;
        }
        continue;
      }
      if (!t.reason?.startsWith(RESTARTING_PREFIX)) continue;
      open = { service: s.name, at: t.at, reason: t.reason.slice(RESTARTING_PREFIX.length) };
      out.push(open);
    }
  }
  return out.sort((a, b) => a.at - b.at || a.service.localeCompare(b.service)).slice(-MAX_CHANGE_RESTARTS);
}
