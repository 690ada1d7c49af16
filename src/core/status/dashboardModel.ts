import type { AlertCard, DashboardModel, ServiceCard } from '../../shared/protocol';
import type { CardMetricsSnapshot, ServiceCardMetrics } from '../metrics/snapshot';
import { isPausedReason } from '../engine/paused';
import { livenessOnly } from './livenessOnly';
import { probeWarning } from './probeWarning';
import { dependencyTrouble, dependsOnOf, detailWithTrouble } from './dependencyTrouble';
import { isEnded, isLive } from './serviceStates';
import { serviceUrl } from './serviceUrl';
import type { StackSnapshot } from './StackSnapshot';
import { summarizeStack } from './summarizeStack';
import { headerHealth } from './headerHealth';

/**
 * The dashboard's view of a snapshot: one card per service (selected ones first), and a header.
 * `metrics` (the monitor's, while a run is watched) adds measured CPU, memory and uptime. Pure.
 */
export function dashboardModel(s: StackSnapshot, metrics?: CardMetricsSnapshot): DashboardModel {
  const measured = new Map(metrics?.services.map((m) => [m.name, m]));
  const config = s.config;
  const summary = summarizeStack(s);
  const names = config ? [...new Set([...s.selected, ...Object.keys(config.services)])] : [];
  const deps = dependsOnOf(config?.services);
  const services: ServiceCard[] = names.map((name) => {
    const spec = config!.services[name];
    const st = s.statuses.find((x) => x.name === name);
    // A latency is shown only while it describes the live instance (not the last probe before a crash).
    const live = st && isLive(st.state);
    // Paused (SIGSTOP, docker pause): its port may still answer, so no latency beside the pause, as on its tree row.
    const probed = live && st.lastProbe && spec.health && spec.health.probe.kind !== 'log' && !isPausedReason(st.reason);
    const m = live ? measured.get(name) : undefined;
    const liveness = livenessOnly(spec);
    const trouble = dependencyTrouble(name, s.statuses, deps);
    const warning = probeWarning(st);
    return {
      name,
      kind: spec.kind,
      state: st?.state ?? 'stopped',
      detail: st ? detailWithTrouble(st, trouble) : '',
      ...(trouble ? { degraded: trouble } : {}),
      ...(warning ? { probeWarning: warning } : {}),
      ...(probed ? { latencyMs: st.lastProbe!.latencyMs } : {}),
      restarts: st?.restarts ?? 0,
      ...(st?.pid ? { pid: st.pid } : {}),
      since: st?.since ?? 0,
      dependsOn: spec.dependsOn.map((d) => d.service),
      openable: serviceUrl(spec) !== undefined,
      ...(liveness ? { livenessOnly: liveness } : {}),
      ...(m?.cpuPercent !== undefined ? { cpuPercent: round(m.cpuPercent, 1) } : {}),
      ...(m?.memoryBytes !== undefined ? { memoryBytes: m.memoryBytes } : {}),
      ...(m?.memoryLimitBytes !== undefined ? { memoryLimitBytes: m.memoryLimitBytes } : {}),
      ...(m?.uptime?.windowPercent !== undefined ? uptimeFields(m.uptime, metrics!.at) : {}),
    };
  });
  const alerts: AlertCard[] = s.alerts
    .filter((a) => a.state !== 'inactive')
    .map((a) => ({
      key: a.key,
      ...(a.service ? { service: a.service } : {}),
      severity: a.severity,
      state: a.state,
      summary: a.summary,
      acknowledged: a.acknowledged,
      silenced: !!a.silencedBy,
      ...(a.silencedBy && a.silencedUntil !== undefined ? { silencedUntil: a.silencedUntil } : {}),
      heldBackBy: a.inhibitedBy,
      since: a.firingSince ?? a.activeSince,
    }))
    .sort((x, y) => rank(x) - rank(y) || y.since - x.since);
  // Something runs or is on its way: a crashed or failed service is not "running" (the header said
  // "running 50 s" at 0/7 up, counting from a crash), nor is a snapshot with nothing started.
  const running = s.statuses.filter((x) => !isEnded(x.state));
  return {
    header: {
      stack: config?.name ?? 'no stack',
      ...(s.profile ? { profile: s.profile } : {}),
      up: summary.up,
      total: summary.total,
      health: headerHealth(summary.severity, summary.up, summary.total),
      trusted: s.trusted,
      firingAlerts: s.firingAlerts,
      alerts: summary.alerts,
      ...(running.length ? { runningSince: Math.min(...running.map((x) => x.since)) } : {}),
      ...(s.supervisedBy ? { supervisedBy: s.supervisedBy } : {}),
      ...(s.stale ? { stale: s.stale } : {}),
    },
    services,
    alerts,
  };
}

/**
 * The uptime figure and the time it is a share of: while the window fills and counting goes on,
 * when counting began (stable from one model to the next, so a card is not re-sent every second;
 * the webview ticks it), else the counted time, the whole window once full.
 */
function uptimeFields(u: NonNullable<ServiceCardMetrics['uptime']>, at: number): Partial<ServiceCard> {
  const full = u.windowObservedMs >= u.windowMs;
  return {
    uptimePercent: Math.floor(u.windowPercent! * 100) / 100,
    uptimeWindowMs: u.windowMs,
    ...(u.windowGrowing && !full
      ? { uptimeFrom: at - u.windowObservedMs }
      : { uptimeObservedMs: Math.min(u.windowObservedMs, u.windowMs) }),
  };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Firing first, then pending, then resolved; critical before warning before info. */
function rank(a: AlertCard): number {
  const state = a.state === 'firing' ? 0 : a.state === 'pending' ? 10 : 20;
  return state + (a.severity === 'critical' ? 0 : a.severity === 'warning' ? 1 : 2);
}

/** Cards that differ between two models (by value), and names that disappeared. */
export function diffCards(prev: DashboardModel, next: DashboardModel): { changed: ServiceCard[]; removed: string[] } {
  const before = new Map(prev.services.map((c) => [c.name, JSON.stringify(c)]));
  const changed = next.services.filter((c) => before.get(c.name) !== JSON.stringify(c));
  const names = new Set(next.services.map((c) => c.name));
  return { changed, removed: prev.services.filter((c) => !names.has(c.name)).map((c) => c.name) };
}
