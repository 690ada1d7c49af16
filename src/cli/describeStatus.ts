import type { ServiceState, ServiceStatus } from '../core/engine/state';
import { currentProbe, detailAfterState } from '../core/status/serviceStates';
import { dependencyTrouble, detailWithTrouble } from '../core/status/dependencyTrouble';
import { stateInfo } from '../shared/stateTable';
import type { Output } from './Output';
import { isoTime } from '../shared/isoTime';

export function paintState(out: Output, state: ServiceState): string {
  return out.paint(stateInfo(state).terminal, state);
}

/** `flaky exited with code 3`: the painted state, then its detail without the state's word repeated. */
export function paintStateLine(out: Output, state: ServiceState, detail: string): string {
  const rest = detailAfterState(state, detail);
  return `${paintState(out, state)}${rest ? ` ${out.paint('gray', rest)}` : ''}`;
}

/**
 * One screen: a line per service, aligned. `dependsOn` (the stack file's) adds a running service's
 * failing dependency to its line: `api  healthy  GET /health -> 200 · dependency db failed (exit 137)`.
 */
export function printStatusTable(
  out: Output,
  statuses: readonly ServiceStatus[],
  dependsOn?: (service: string) => readonly string[],
): void {
  const w = Math.max(7, ...statuses.map((s) => s.name.length));
  for (const s of statuses) {
    const pid = s.pid ? `pid ${s.pid}` : '';
    const extra = [pid, s.adopted ? 'adopted' : '', s.restarts ? `${s.restarts} restart${s.restarts === 1 ? '' : 's'}` : '']
      .filter(Boolean)
      .join(', ');
    const trouble = dependsOn && dependencyTrouble(s.name, statuses, dependsOn);
    const detail = detailAfterState(s.state, detailWithTrouble(s, trouble));
    out.line(
      `  ${s.name.padEnd(w)}  ${paintState(out, s.state).padEnd(out.colour ? 23 : 13)} ${detail}${extra ? out.paint('gray', `  (${extra})`) : ''}`,
    );
  }
}

/** The stable JSON shape of `status --json` and `up --json`; `degraded`: a failing dependency of a running service. */
export function statusJson(s: ServiceStatus, degraded?: string) {
  const probe = currentProbe(s);
  return {
    name: s.name,
    kind: s.kind,
    state: s.state,
    since: isoTime(s.since),
    reason: s.reason ?? null,
    waitingOn: s.waitingOn,
    pid: s.pid ?? null,
    adopted: s.adopted,
    restarts: s.restarts,
    exitCode: s.lastExit?.code ?? null,
    signal: s.lastExit?.signal ?? null,
    degraded: degraded ?? null,
    // Only while an instance runs: a stopped or exited service has no current probe.
    lastProbe: probe ? { ok: probe.ok, latencyMs: probe.latencyMs, detail: probe.detail, at: isoTime(probe.at) } : null,
  };
}
