/** The status bar's words, computed from a snapshot (pure, so it is unit-tested without VS Code). */
import type { ServiceState } from '../engine/state';
import { alertLevel, alertsText, type AlertCounts } from '../../shared/alertCounts';
import { countAlerts } from './countAlerts';
import { probeWarning } from './probeWarning';
import { currentProbe, isFailing, isTransient, isUp } from './serviceStates';
import type { StackSnapshot } from './StackSnapshot';

/**
 * `error` (red): a config error, an unacknowledged critical alert, or a failing service nobody has
 * acknowledged or silenced an alert of; `warning` (yellow): an unacknowledged warning, never red;
 * `acknowledged` (no background: the bar's calm colour): what is wrong has been seen; `ok`; `idle`.
 */
export type SummarySeverity = 'ok' | 'warning' | 'error' | 'acknowledged' | 'idle';

export interface StackSummary {
  /** Short text for the status bar (codicon syntax). */
  text: string;
  severity: SummarySeverity;
  /** Lines for the tooltip, one per service: "api — healthy · GET /health -> 200 after 3 ms". */
  lines: { service: string; state: ServiceState; detail: string; warning?: string }[];
  /** Up = healthy, running or completed. */
  up: number;
  total: number;
  alerts: AlertCounts;
}

export function summarizeStack(s: StackSnapshot): StackSummary {
  const statuses = s.statuses.filter((st) => s.selected.length === 0 || s.selected.includes(st.name));
  const total = statuses.length;
  const up = statuses.filter((st) => isUp(st.state)).length;
  const lines = statuses.map((st) => {
    const warning = probeWarning(st);
    return {
      service: st.name,
      state: st.state,
      detail: st.reason ?? currentProbe(st)?.detail ?? (st.waitingOn.length ? `waiting on ${st.waitingOn.join(', ')}` : ''),
      ...(warning ? { warning } : {}),
    };
  });
  const errors = s.diagnostics.filter((d) => d.severity === 'error').length;
  const alerts = countAlerts(s.alerts);
  // Errors in the file while a run goes on (its services still shown) are said beside them.
  const fileErrors = s.config && errors ? `${errors} config error${errors === 1 ? '' : 's'}` : '';
  const alertWords = [alertsText(alerts), fileErrors].filter(Boolean).join(' · ');
  const suffix = alertWords ? ` · ${alertWords}` : '';
  const base = { lines, up, total, alerts };
  if (!s.config) {
    return {
      text: errors ? `$(server) Stackpilot: ${errors} config error${errors === 1 ? '' : 's'}` : '$(server) Stackpilot',
      severity: errors ? 'error' : 'idle',
      ...base,
    };
  }
  // A failing service whose alert was acknowledged or silenced has been seen: it no longer turns the bar red.
  const seen = new Set(
    s.alerts.filter((a) => a.state === 'firing' && (a.acknowledged || a.silencedBy) && a.service !== undefined).map((a) => a.service),
  );
  const failing = statuses.filter((st) => isFailing(st.state));
  const unseenFailing = failing.filter((st) => !seen.has(st.name)).length;
  const level = alertLevel(alerts);
  const running = statuses.some((st) => st.state !== 'stopped');
  const busy = statuses.some((st) => isTransient(st.state));
  const severity: SummarySeverity =
    errors || unseenFailing || level === 'critical'
      ? 'error'
      : level === 'warning'
        ? 'warning'
        : level === 'acknowledged' || failing.length
          ? 'acknowledged'
          : running
            ? 'ok'
            : 'idle';
  // Another supervisor's last view, and it stopped answering: said first, never shown calm.
  if (s.stale)
    return {
      text: `$(warning) ${up}/${total} up? · supervisor not answering${suffix}`,
      severity: severity === 'error' ? 'error' : 'warning',
      ...base,
    };
  if (!running) return { text: `$(server) ${s.config.name}: stopped${suffix}`, severity, ...base };
  const icon = busy ? '$(sync~spin)' : '$(server)';
  return { text: `${icon} ${up}/${total} up${suffix}`, severity, ...base };
}
