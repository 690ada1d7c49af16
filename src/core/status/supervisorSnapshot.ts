/**
 * What a window that does not hold the stack's lock shows of the supervisor that does (a
 * foreground `stackpilot up`, another window): its published states, reasons and firing alerts, as
 * the supervisor shows them, never this window's own probes. Pure.
 */
import { SEVERITIES, type AlertSeverity, type AlertView } from '../alerts/model';
import { isMetricName } from '../metrics/metricNames';
import type { LiveAlert, LiveStatus } from './liveStatus';
import type { Freshness } from './liveFreshness';
import { staleNote } from './liveFreshness';
import { visibleFiring, type StackSnapshot } from './StackSnapshot';

/** A published alert as the editor's alert model (it is firing: only firing ones are published). */
export function alertViewOf(a: LiveAlert): AlertView {
  const severity = (SEVERITIES as readonly string[]).includes(a.severity) ? (a.severity as AlertSeverity) : 'warning';
  return {
    key: a.key,
    ruleId: a.ruleId,
    ...(a.service !== null ? { service: a.service } : {}),
    metric: a.metric !== undefined && isMetricName(a.metric) ? a.metric : 'up',
    state: 'firing',
    severity,
    threshold: a.threshold ?? 0,
    summary: a.summary,
    activeSince: a.firingSince ?? 0,
    ...(a.firingSince !== null ? { firingSince: a.firingSince } : {}),
    acknowledged: a.acknowledged ?? false,
    escalated: false,
    inhibitedBy: a.inhibitedBy ?? [],
    ...(a.silenced ? { silencedBy: 'the supervisor' } : {}),
    ...(a.silenced && a.silencedUntil !== undefined ? { silencedUntil: a.silencedUntil } : {}),
  };
}

/**
 * The snapshot with the supervisor's view in it: `supervisor` names it (`stackpilot up (pid 7)`);
 * a stale view is kept but said to be stale (`stale`: the note with the time of its last write).
 */
export function withSupervisorView(
  base: StackSnapshot,
  supervisor: string,
  live: LiveStatus,
  freshness: Freshness,
  clock: (ms: number) => string,
): StackSnapshot {
  const alerts = live.alerts.map(alertViewOf);
  const known = new Set(Object.keys(base.config?.services ?? {}));
  // Services the file names but this window's stack does not have (edited since) are left out.
  const statuses = base.config ? live.services.filter((s) => known.has(s.name)) : live.services;
  const next: StackSnapshot = {
    ...base,
    statuses,
    alerts,
    firingAlerts: visibleFiring(alerts).length,
    supervisedBy: supervisor,
  };
  if (freshness.stale) next.stale = staleNote(supervisor, freshness, clock);
  else delete next.stale;
  return next;
}
