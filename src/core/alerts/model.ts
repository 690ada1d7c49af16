import type { MetricName } from '../metrics/metricNames';

export type AlertSeverity = 'info' | 'warning' | 'critical';
export const SEVERITIES: readonly AlertSeverity[] = ['info', 'warning', 'critical'];

export type Operator = '>' | '>=' | '<' | '<=' | '==' | '!=';
export const OPERATORS: readonly Operator[] = ['>', '>=', '<', '<=', '==', '!='];

/** Adaptive threshold: fires when value > factor × baseline (a rolling percentile) AND value > floor. */
export interface AnomalySpec {
  factor: number;
  floor: number;
  /** Percentile of the rolling window used as the baseline, 0..1. */
  quantile: number;
  /** No verdict until this many samples were seen. */
  minSamples: number;
}

export interface AlertRule {
  id: string;
  metric: MetricName;
  op: Operator;
  threshold: number;
  /** How long the condition must hold before firing (pending until then). */
  forMs: number;
  /** Keep firing this long after the condition stops holding (Prometheus `keep_firing_for`). */
  keepFiringForMs: number;
  severity: AlertSeverity;
  /** Only these services (service metrics); all when absent. */
  services?: string[];
  /** A warning still firing after this long becomes critical. */
  escalateAfterMs?: number;
  /** Hysteresis: a firing alert clears only once the value is this far on the good side of the threshold. */
  clearBand?: number;
  anomaly?: AnomalySpec;
  summary: string;
  enabled: boolean;
  /** A built-in rule named under `alerts.defaults` (overridden or switched on): never folded into a user rule. */
  configured?: true;
}

export type AlertState = 'inactive' | 'pending' | 'firing';

/** One alert instance (rule × service) as the UI shows it. */
export interface AlertView {
  /** `ruleId` or `ruleId/service`: the dedup key. */
  key: string;
  ruleId: string;
  service?: string;
  metric: MetricName;
  state: AlertState;
  severity: AlertSeverity;
  value?: number;
  threshold: number;
  summary: string;
  activeSince: number;
  firingSince?: number;
  acknowledged: boolean;
  escalated: boolean;
  /** Root causes holding this alert back (dependencies down, or a more severe alert on the same metric). */
  inhibitedBy: string[];
  silencedBy?: string;
  /** Until when the silence holding it lasts (epoch ms), while it is silenced. */
  silencedUntil?: number;
}

export type AlertEventKind = 'pending' | 'firing' | 'resolved' | 'escalated' | 'cancelled' | 'acknowledged';

/** A lifecycle transition. `notify` is false when it was held back (inhibited / silenced / never notified). */
export interface AlertEvent {
  kind: AlertEventKind;
  at: number;
  alert: AlertView;
  notify: boolean;
}

export interface Silence {
  id: string;
  ruleId?: string;
  service?: string;
  until: number;
  comment?: string;
}

export const alertKey = (ruleId: string, service?: string): string => (service === undefined ? ruleId : `${ruleId}/${service}`);
