import type { DependencyGraph } from '../graph/DependencyGraph';
import { isHostMetric } from '../metrics/metricNames';
import type { MetricSource } from '../metrics/MetricsStore';
import type { Disposable } from '../ports';
import { clears, compare, defaultBand } from './compare';
import { FlapDetector } from './FlapDetector';
import { downRootCauses } from './inhibition';
import { alertKey, type AlertEvent, type AlertEventKind, type AlertRule, type AlertView } from './model';
import { Silences } from './Silences';

interface Instance extends AlertView {
  rule: AlertRule;
  /** First evaluation at which a firing alert's condition no longer held (Prometheus `KeepFiringSince`). */
  clearSince?: number;
  notified: boolean;
  /** Fired in this evaluation; the event goes out once suppression is known. */
  justFired: boolean;
}

const RANK = { info: 0, warning: 1, critical: 2 } as const;

/**
 * Alert lifecycle with Prometheus/Alertmanager semantics: inactive -> pending (`for`) -> firing ->
 * resolved (after `keepFiringFor`, with a hysteresis band), one instance per rule × service,
 * acknowledge, silences, escalation, and inhibition (dependency down, or a more severe alert on the
 * same metric of the same service). Pure: time comes in as `now`.
 */
export class AlertEngine {
  private readonly instances = new Map<string, Instance>();
  private readonly listeners = new Set<(e: AlertEvent) => void>();
  readonly silences = new Silences();

  constructor(
    private readonly rules: readonly AlertRule[],
    private readonly services: readonly string[],
    private readonly graph?: DependencyGraph,
    private readonly flaps = new FlapDetector(),
  ) {}

  onEvent(listener: (e: AlertEvent) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  evaluate(src: MetricSource, now: number): void {
    for (const rule of this.rules) {
      if (!rule.enabled) continue;
      const targets = isHostMetric(rule.metric) ? [undefined] : (rule.services ?? this.services);
      for (const svc of targets) this.step(rule, svc, src, now);
    }
    for (const a of this.instances.values()) {
      if (a.state !== 'firing') continue;
      a.inhibitedBy = this.inhibitors(a, src);
      const silence = this.silences.match(a.ruleId, a.service, now);
      if (silence) {
        a.silencedBy = silence.id;
        a.silencedUntil = silence.until;
      } else {
        delete a.silencedBy;
        delete a.silencedUntil;
      }
      const quiet = a.inhibitedBy.length > 0 || silence !== undefined;
      if (a.justFired || (!a.notified && !quiet)) {
        a.justFired = false;
        a.notified = !quiet;
        this.emit('firing', a, now, !quiet);
      }
    }
  }

  alerts(): AlertView[] {
    return [...this.instances.values()].map(view);
  }

  acknowledge(key: string, now: number): boolean {
    const a = this.instances.get(key);
    if (!a || a.state !== 'firing' || a.acknowledged) return false;
    a.acknowledged = true;
    this.emit('acknowledged', a, now, false);
    return true;
  }

  private step(rule: AlertRule, service: string | undefined, src: MetricSource, now: number): void {
    const key = alertKey(rule.id, service);
    const value = src.value(rule.metric, service, now);
    const holds = value !== undefined && this.holds(rule, service, value, src);
    let a = this.instances.get(key);
    if (!a) {
      if (!holds) return;
      a = {
        key,
        ruleId: rule.id,
        ...(service !== undefined ? { service } : {}),
        metric: rule.metric,
        state: 'pending',
        severity: rule.severity,
        threshold: rule.threshold,
        summary: rule.summary,
        activeSince: now,
        acknowledged: false,
        escalated: false,
        inhibitedBy: [],
        rule,
        notified: false,
        justFired: false,
      };
      this.instances.set(key, a);
      this.emit('pending', a, now, false);
    }
    if (value !== undefined) a.value = value;
    if (a.state === 'pending') {
      if (!holds) {
        this.instances.delete(key);
        this.emit('cancelled', a, now, false);
      } else if (now - a.activeSince >= rule.forMs) {
        a.state = 'firing';
        a.firingSince = now;
        a.justFired = true;
        this.flaps.fired(key, now);
      }
      return;
    }
    const stillBad =
      value !== undefined &&
      (rule.anomaly ? holds : !clears(rule.op, value, rule.threshold, rule.clearBand ?? defaultBand(rule.op, rule.threshold)));
    // A completed job is not down: its service-down alert resolves now, whatever hold a flap asked for.
    const done = rule.metric === 'up' && service !== undefined && src.isCompleted?.(service) === true;
    if (stillBad && !done) delete a.clearSince;
    else if (done || now - (a.clearSince ??= now) >= this.flaps.holdFor(key, rule.keepFiringForMs, now)) {
      this.instances.delete(key);
      a.state = 'inactive';
      this.emit('resolved', a, now, a.notified);
      return;
    }
    if (
      a.severity === 'warning' &&
      rule.escalateAfterMs !== undefined &&
      !a.acknowledged &&
      !a.escalated &&
      now - (a.firingSince ?? now) >= rule.escalateAfterMs
    ) {
      a.severity = 'critical';
      a.escalated = true;
      this.emit('escalated', a, now, a.notified && a.inhibitedBy.length === 0 && !a.silencedBy);
    }
  }

  private holds(rule: AlertRule, service: string | undefined, value: number, src: MetricSource): boolean {
    const an = rule.anomaly;
    if (!an) return compare(rule.op, value, rule.threshold);
    if (service === undefined || (rule.metric !== 'probe_latency_ms' && rule.metric !== 'memory_bytes' && rule.metric !== 'cpu_percent'))
      return false;
    // The floor first: it is one comparison, the baseline a sort of the rolling window, and a
    // value under the floor (the usual case) cannot hold whatever the baseline is.
    if (!(value > an.floor)) return false;
    const base = src.baseline(rule.metric, service, an.quantile, an.minSamples);
    return base !== undefined && value > an.factor * base;
  }

  private inhibitors(a: Instance, src: MetricSource): string[] {
    if (a.service === undefined) return [];
    const causes = this.graph ? downRootCauses(a.service, this.graph, (s) => src.isDown(s)) : [];
    for (const b of this.instances.values()) {
      if (b !== a && b.state === 'firing' && b.service === a.service && b.metric === a.metric && RANK[b.severity] > RANK[a.severity])
        causes.push(b.key);
    }
    return causes;
  }

  private emit(kind: AlertEventKind, a: Instance, at: number, notify: boolean): void {
    const e: AlertEvent = { kind, at, alert: view(a), notify };
    for (const l of this.listeners) l(e);
  }
}

function view(a: Instance): AlertView {
  const { rule: _r, clearSince: _c, notified: _n, justFired: _j, ...v } = a;
  return { ...v, inhibitedBy: [...v.inhibitedBy] };
}
