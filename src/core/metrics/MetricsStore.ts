import type { EngineEvent } from '../engine/state';
import { isHostMetric, type BaselineMetric, type MetricName, type ServiceMetric } from './metricNames';
import { ServiceMetrics } from './ServiceMetrics';
import type { HostMetricsSnapshot, HostSample, MetricsSnapshot } from './snapshot';
import { TimeSeries, type Point, type Tier } from './TimeSeries';

export interface MetricsOptions {
  /** SLA target in percent (99.9). */
  slaTarget?: number;
  /** Rolling uptime window, ms (default 1 h). */
  uptimeWindowMs?: number;
  /** Error-log pattern for every service unless overridden per service. */
  errorPattern?: RegExp;
  errorPatterns?: Record<string, RegExp>;
  memoryLimits?: Record<string, number>;
  tiers?: readonly Tier[];
}

export const DEFAULT_ERROR_PATTERN = /\b(ERROR|FATAL|CRITICAL|PANIC|panic|Exception|Traceback)\b/;

/** Read side for alert evaluation. */
export interface MetricSource {
  value(metric: MetricName, service: string | undefined, now: number): number | undefined;
  baseline(metric: BaselineMetric, service: string, quantile: number, minSamples: number): number | undefined;
  /** True when the service is known to be down (for inhibition). */
  isDown(service: string): boolean;
  /** True when the service is a job that completed (exited 0, nothing to restart): it is not down, whatever happened before. */
  isCompleted?(service: string): boolean;
}

/**
 * All metrics of one stack run, bounded in memory: per-service metrics fed from engine events and
 * collector samples, host metrics, and a JSON-able snapshot for the UI.
 */
export class MetricsStore implements MetricSource {
  private readonly services = new Map<string, ServiceMetrics>();
  private readonly host = new Map<string, TimeSeries>();
  private hostLast: HostMetricsSnapshot = {};
  private readonly slow = new Map<string, number>();

  constructor(
    names: readonly string[],
    private readonly opts: MetricsOptions,
    readonly startedAt: number,
  ) {
    for (const n of names) this.service(n);
  }

  handle(e: EngineEvent): void {
    if (e.type === 'state') this.service(e.service).onState(e.transition, e.status);
    else if (e.type === 'probe') this.service(e.service).onProbe(e.result);
    else this.service(e.line.service).onLog(e.line);
  }

  sampleService(service: string, at: number, s: { cpuPercent?: number; rssBytes?: number }): void {
    this.service(service).onSample(at, s.cpuPercent, s.rssBytes);
  }

  sampleHost(at: number, s: HostSample): void {
    const memAvailablePercent = s.memAvailableMb !== undefined && s.memTotalMb ? (100 * s.memAvailableMb) / s.memTotalMb : undefined;
    const diskFreePercent = s.diskFreeBytes !== undefined && s.diskTotalBytes ? (100 * s.diskFreeBytes) / s.diskTotalBytes : undefined;
    this.hostLast = { ...this.hostLast, ...defined({ ...s, memAvailablePercent, diskFreePercent }), at };
    const put = (name: string, v: number | undefined) => v !== undefined && this.hostSeries(name).add(at, v);
    put('host_cpu_percent', s.cpuPercent);
    put('host_load1', s.load1);
    put('host_memory_available_mb', s.memAvailableMb);
    put('host_memory_available_percent', memAvailablePercent);
    put('disk_free_percent', diskFreePercent);
    put('disk_free_bytes', s.diskFreeBytes);
  }

  /** A collector run was skipped because its previous run was still going: a data point, not a stall. */
  noteSlowCollector(name: string): void {
    this.slow.set(name, (this.slow.get(name) ?? 0) + 1);
  }

  value(metric: MetricName, service: string | undefined, now: number): number | undefined {
    if (isHostMetric(metric)) return this.host.get(metric)?.last()?.value;
    return service === undefined ? undefined : this.services.get(service)?.value(metric as ServiceMetric, now);
  }

  baseline(metric: BaselineMetric, service: string, quantile: number, minSamples: number): number | undefined {
    return this.services.get(service)?.baseline(metric).quantile(quantile, minSamples);
  }

  isDown(service: string): boolean {
    return this.services.get(service)?.uptime.current === 'down';
  }

  isCompleted(service: string): boolean {
    return this.services.get(service)?.state === 'completed';
  }

  /** Points of a series for charts: a service metric (`cpu_percent`, `memory_bytes`, `probe_latency_ms`) or a host metric. */
  series(metric: MetricName, service: string | undefined, sinceMs: number, now: number): Point[] {
    if (isHostMetric(metric)) return this.host.get(metric)?.points(sinceMs, now) ?? [];
    const s = service === undefined ? undefined : this.services.get(service);
    const ts =
      metric === 'cpu_percent'
        ? s?.cpu
        : metric === 'memory_bytes'
          ? s?.memory
          : metric === 'probe_latency_ms'
            ? s?.latencySeries
            : undefined;
    return ts?.points(sinceMs, now) ?? [];
  }

  /** Times in [sinceMs, untilMs) when the service stopped running: a chart's gaps. */
  gaps(service: string, sinceMs: number, untilMs: number): number[] {
    return (
      this.services
        .get(service)
        ?.breaks.toArray()
        .filter((t) => t >= sinceMs && t < untilMs) ?? []
    );
  }

  get serviceNames(): string[] {
    return [...this.services.keys()];
  }

  snapshot(now: number): MetricsSnapshot {
    return {
      at: now,
      startedAt: this.startedAt,
      services: [...this.services.values()].map((s) => s.snapshot(now)),
      host: { ...this.hostLast },
      slowCollectors: Object.fromEntries(this.slow),
    };
  }

  private service(name: string): ServiceMetrics {
    let s = this.services.get(name);
    if (!s) {
      const o = this.opts;
      s = new ServiceMetrics(
        name,
        {
          uptimeWindowMs: o.uptimeWindowMs ?? 3_600_000,
          slaTarget: o.slaTarget ?? 99.9,
          errorPattern: o.errorPatterns?.[name] ?? o.errorPattern ?? DEFAULT_ERROR_PATTERN,
          ...(o.memoryLimits?.[name] !== undefined ? { memoryLimitBytes: o.memoryLimits[name] } : {}),
          ...(o.tiers ? { tiers: o.tiers } : {}),
        },
        this.startedAt,
      );
      this.services.set(name, s);
    }
    return s;
  }

  private hostSeries(name: string): TimeSeries {
    let s = this.host.get(name);
    if (!s) this.host.set(name, (s = new TimeSeries(this.opts.tiers)));
    return s;
  }
}

function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
