import { GONE_UNSTOPPED } from '../engine/observeService';
import type { ServiceStatus, StateTransition } from '../engine/state';
import { isStarted, isUp } from '../status/serviceStates';
import type { LastRun, LastRunService } from './LastRun';

/**
 * What a run's record did not see: the run (`up --wait`) recorded a service as last in
 * `recorded.state`, and it is observed now in another state (killed, stopped). The change is added
 * to its transitions so that uptime counts it and `since` says when it began: at the time recorded
 * for it (`stackpilot stop` records its stops), else at the run's last record (`updatedAt`), the last
 * moment the run vouched for the old state, which is said in `note` (nothing watched it end).
 * Undefined when nothing changed or the run ended (a finished run is reported as it ended). Pure.
 */
export function observedSinceRun(
  s: ServiceStatus,
  recorded: LastRunService | undefined,
  run: LastRun | undefined,
): { transitions: StateTransition[]; since: number; note?: string } | undefined {
  if (!run || !recorded || run.endedAt !== undefined || recorded.state === s.state || isUp(s.state)) return undefined;
  // Only a change away from a running instance the run recorded (not a service observed for the first time).
  if (!isStarted(recorded.state)) return undefined;
  const lastSeen = Math.max(run.updatedAt, recorded.transitions.at(-1)?.at ?? run.startedAt);
  // An exit the state file recorded has its own time; one nothing saw (gone from /proc, or stopped
  // by something that recorded no stop) is dated from the run's last record, and said to be.
  const known = s.reason !== GONE_UNSTOPPED && s.state !== 'stopped' && s.since >= lastSeen;
  const at = known ? s.since : lastSeen;
  const transitions = [...recorded.transitions, { from: recorded.state, to: s.state, at }];
  if (known) return { transitions, since: at };
  return {
    transitions,
    since: at,
    note: `${s.state} at an unknown time after ${new Date(at).toISOString()} (the run's last record): nothing watched it then; downtime is counted from there`,
  };
}

/** `stackpilot stop`/`down` without a supervisor: the stops, with their time, in the run's record (so `since` and uptime know them). */
export function recordStops(run: LastRun, names: readonly string[], at: number, why: string): LastRun {
  return {
    ...run,
    services: run.services.map((r) =>
      names.includes(r.name) && r.state !== 'stopped'
        ? { ...r, state: 'stopped', transitions: [...r.transitions, { from: r.state, to: 'stopped', at, reason: why }] }
        : r,
    ),
  };
}

/**
 * `down` without a supervisor, before it stops anything: what it observed that the run's record did
 * not see (a service killed while nobody watched) goes into the record, with the time
 * observedSinceRun gives it, so the report counts that downtime (the stop then drops the evidence).
 */
export function recordObserved(run: LastRun, statuses: readonly ServiceStatus[]): LastRun {
  return {
    ...run,
    services: run.services.map((r) => {
      const s = statuses.find((x) => x.name === r.name);
      const seen = s && observedSinceRun(s, r, run);
      return s && seen ? { ...r, state: s.state, ...(s.reason ? { reason: s.reason } : {}), transitions: seen.transitions } : r;
    }),
  };
}
