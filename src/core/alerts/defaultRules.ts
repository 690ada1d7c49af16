import type { AlertRule } from './model';

type Def = Omit<AlertRule, 'forMs' | 'keepFiringForMs' | 'enabled'> & Partial<Pick<AlertRule, 'forMs' | 'keepFiringForMs' | 'enabled'>>;

const rule = (d: Def): AlertRule => ({ forMs: 0, keepFiringForMs: 0, enabled: true, ...d });
const MB = 2 ** 20;

/** Built-in rules. Each can be overridden or disabled under `alerts.defaults.<id>` in the stack file. */
export const DEFAULT_RULES: readonly AlertRule[] = [
  rule({ id: 'service-down', metric: 'up', op: '==', threshold: 0, severity: 'critical', summary: 'Service is down' }),
  rule({
    id: 'crash-looping',
    metric: 'crash_looping',
    op: '==',
    threshold: 1,
    severity: 'critical',
    summary: 'Service is crash-looping; restarts stopped',
  }),
  rule({
    id: 'probe-latency-warning',
    metric: 'probe_latency_ms',
    op: '>',
    threshold: 1000,
    severity: 'warning',
    summary: 'Health probe slower than 1 s',
  }),
  rule({
    id: 'probe-latency-critical',
    metric: 'probe_latency_ms',
    op: '>',
    threshold: 5000,
    severity: 'critical',
    summary: 'Health probe slower than 5 s',
  }),
  rule({
    id: 'memory-warning',
    metric: 'memory_percent',
    op: '>',
    threshold: 80,
    severity: 'warning',
    summary: 'Memory over 80% of the limit',
  }),
  rule({
    id: 'memory-critical',
    metric: 'memory_percent',
    op: '>',
    threshold: 95,
    severity: 'critical',
    summary: 'Memory over 95% of the limit',
  }),
  rule({
    id: 'cpu-high',
    metric: 'cpu_percent',
    op: '>',
    threshold: 80,
    forMs: 60_000,
    severity: 'warning',
    summary: 'CPU over 80% for 60 s',
  }),
  rule({
    id: 'error-rate',
    metric: 'error_rate',
    op: '>',
    threshold: 10,
    severity: 'warning',
    keepFiringForMs: 30_000,
    summary: 'More than 10 error lines per minute',
  }),
  rule({
    id: 'disk-low',
    metric: 'disk_free_percent',
    op: '<',
    threshold: 10,
    forMs: 30_000,
    severity: 'warning',
    escalateAfterMs: 30 * 60_000,
    summary: 'Less than 10% free disk',
  }),
  rule({
    id: 'host-memory-low',
    metric: 'host_memory_available_mb',
    op: '<',
    threshold: 256,
    forMs: 30_000,
    severity: 'warning',
    summary: 'Less than 256 MB of memory available',
  }),
  rule({
    id: 'latency-anomaly',
    metric: 'probe_latency_ms',
    op: '>',
    threshold: 250,
    severity: 'warning',
    anomaly: { factor: 3, floor: 250, quantile: 0.95, minSamples: 30 },
    summary: 'Probe latency over 3× its usual p95',
  }),
  rule({
    id: 'memory-anomaly',
    metric: 'memory_bytes',
    op: '>',
    threshold: 512 * MB,
    forMs: 30_000,
    severity: 'warning',
    anomaly: { factor: 2, floor: 512 * MB, quantile: 0.95, minSamples: 60 },
    summary: 'Memory over 2× its usual p95',
  }),
];
