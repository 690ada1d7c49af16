/** The status bar's words, computed from a snapshot (pure, so it is unit-tested without VS Code). */
import type { ServiceState } from '../engine/state';
import { isUp } from './serviceStates';
import type { StackSnapshot } from './StackSnapshot';

export type SummarySeverity = 'ok' | 'warning' | 'error' | 'idle';

export interface StackSummary {
  /** Short text for the status bar (codicon syntax). */
  text: string;
  severity: SummarySeverity;
  /** Lines for the tooltip, one per service: "api — healthy · GET /health -> 200 after 3 ms". */
  lines: { service: string; state: ServiceState; detail: string }[];
  /** Up = healthy, running or completed. */
  up: number;
  total: number;
}

const bad: ReadonlySet<ServiceState> = new Set(['failed', 'crash-looping', 'exited', 'unhealthy']);

export function summarizeStack(s: StackSnapshot): StackSummary {
  const statuses = s.statuses.filter((st) => s.selected.length === 0 || s.selected.includes(st.name));
  const total = statuses.length;
  const up = statuses.filter((st) => isUp(st.state)).length;
  const failing = statuses.filter((st) => bad.has(st.state)).length;
  const lines = statuses.map((st) => ({
    service: st.name,
    state: st.state,
    detail: st.reason ?? st.lastProbe?.detail ?? (st.waitingOn.length ? `waiting on ${st.waitingOn.join(', ')}` : ''),
  }));
  const errors = s.diagnostics.filter((d) => d.severity === 'error').length;
  const alerts = s.firingAlerts ? ` · ${s.firingAlerts} alert${s.firingAlerts === 1 ? '' : 's'}` : '';
  if (!s.config) {
    return { text: errors ? `$(server) Stackpilot: ${errors} config error${errors === 1 ? '' : 's'}` : '$(server) Stackpilot', severity: errors ? 'error' : 'idle', lines, up, total };
  }
  const running = statuses.some((st) => st.state !== 'stopped');
  if (!running) return { text: `$(server) ${s.config.name}: stopped${alerts}`, severity: s.firingAlerts ? 'warning' : 'idle', lines, up, total };
  const busy = statuses.some((st) => st.state === 'starting' || st.state === 'waiting' || st.state === 'stopping');
  const icon = busy ? '$(sync~spin)' : '$(server)';
  const severity: SummarySeverity = failing || errors ? 'error' : s.firingAlerts || busy ? 'warning' : 'ok';
  return { text: `${icon} ${up}/${total} up${alerts}`, severity: busy && !failing ? 'ok' : severity, lines, up, total };
}
