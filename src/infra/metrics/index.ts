/** Monitoring for the front ends: createMonitor plus the types a dashboard reads. */
export { createMonitor, type Monitor, type MonitorDeps, type MonitorSnapshot, type MonitoredEngine } from './createMonitor';
export { JsonlAlertHistory } from './JsonlAlertHistory';
export type { AlertEvent, AlertView, AlertRule, Silence } from '../../core/alerts/model';
export type { MetricsSnapshot, ServiceMetricsSnapshot, HostMetricsSnapshot } from '../../core/metrics/snapshot';
export type { Point } from '../../core/metrics/TimeSeries';
export { DEFAULT_RULES } from '../../core/alerts/defaultRules';
