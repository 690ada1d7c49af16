/** Metrics alert rules can name. Service metrics are per service; host metrics have no service. */
export const SERVICE_METRICS = [
  'up', // 1 up, 0 down, no value while stopped / waiting / first starting
  'crash_looping', // 1 when the engine gave up restarting
  'restarts',
  'probe_latency_ms', // the latest probe
  'probe_failed', // 1 when the latest probe failed
  'cpu_percent', // of one core, whole process tree
  'memory_bytes', // RSS of the process tree
  'memory_percent', // of the service's memory limit, when one is set
  'error_rate', // lines per minute matching the error pattern
  'uptime_percent', // over the rolling window
] as const;

export const HOST_METRICS = [
  'host_cpu_percent',
  'host_load1',
  'host_memory_available_mb',
  'host_memory_available_percent',
  'disk_free_percent',
  'disk_free_bytes',
] as const;

export type ServiceMetric = (typeof SERVICE_METRICS)[number];
export type HostMetric = (typeof HOST_METRICS)[number];
export type MetricName = ServiceMetric | HostMetric;

export const METRIC_NAMES: readonly MetricName[] = [...SERVICE_METRICS, ...HOST_METRICS];

export const isHostMetric = (m: string): m is HostMetric => (HOST_METRICS as readonly string[]).includes(m);
export const isMetricName = (m: string): m is MetricName => (METRIC_NAMES as readonly string[]).includes(m);

/** Metrics with a learned baseline (rolling percentiles) that anomaly rules can use. */
export const BASELINE_METRICS = ['probe_latency_ms', 'memory_bytes', 'cpu_percent'] as const;
export type BaselineMetric = (typeof BASELINE_METRICS)[number];
