import type { ServiceState, ServiceStatus } from '../core/engine/state';
import { currentProbe, detailAfterState } from '../core/status/serviceStates';
import { dependencyTrouble, detailWithTrouble } from '../core/status/dependencyTrouble';
import { probeWarning } from '../core/status/probeWarning';
import { stateInfo } from '../shared/stateTable';
import type { Output } from './Output';
import { isoTime } from '../shared/isoTime';
import { displayWidth, padColumns } from '../shared/displayWidth';

export function paintState(out: Output, state: ServiceState): string {
  return out.paint(stateInfo(state).terminal, state);
}

/** `flaky exited with code 3`: the painted state, then its detail without the state's word repeated. */
export function paintStateLine(out: Output, state: ServiceState, detail: string): string {
  const rest = detailAfterState(state, detail);
  return `${paintState(out, state)}${rest ? ` ${out.paint('gray', rest)}` : ''}`;
}

/**
 * One screen: a line per service, aligned. A healthy service whose last probe failed says so as the
 * editor does (`api  healthy  GET /health -> 503 … · last probe failed (1 of 3)`); `dependsOn` (the
 * stack file's) adds a running service's failing dependency: `… · dependency db failed (exit 137)`.
 */
export function printStatusTable(
  out: Output,
  statuses: readonly ServiceStatus[],
  dependsOn?: (service: string) => readonly string[],
): void {
  const w = Math.max(7, ...statuses.map((s) => displayWidth(s.name)));
  for (const s of statuses) {
    const pid = s.pid ? `pid ${s.pid}` : '';
    const extra = [pid, s.adopted ? 'adopted' : '', s.restarts ? `${s.restarts} restart${s.restarts === 1 ? '' : 's'}` : '']
      .filter(Boolean)
      .join(', ');
    const trouble = dependsOn && dependencyTrouble(s.name, statuses, dependsOn);
    const after = [probeWarning(s), trouble].filter(Boolean).join(' · ');
    const detail = detailAfterState(s.state, detailWithTrouble(s, after || undefined));
    out.line(
      `  ${padColumns(s.name, w)}  ${paintState(out, s.state).padEnd(out.colour ? 23 : 13)} ${detail}${extra ? out.paint('gray', `  (${extra})`) : ''}`,
    );
  }
}

/**
 * The stable JSON shape of `status --json` and `up --json`; `degraded`: a failing dependency of a
 * running service; `probeFailures`: failing probes in a row while retries still hold it healthy.
 */
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
    probeFailures: s.probeFailures && s.probeFailures.count > 0 ? { count: s.probeFailures.count, of: s.probeFailures.of } : null,
    // Only while an instance runs: a stopped or exited service has no current probe.
    lastProbe: probe ? { ok: probe.ok, latencyMs: probe.latencyMs, detail: probe.detail, at: isoTime(probe.at) } : null,
  };
}
