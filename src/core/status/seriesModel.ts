/**
 * The dashboard's time series, read from the monitor's metrics store (measured samples only):
 * a whole window bucketed to at most MAX_SERIES_POINTS points per series for a snapshot, and the
 * 1 s points closed since the last message for a delta. Each carries the times the service stopped
 * running in that span (`gaps`), so a chart shows downtime as a gap, not a line. Pure.
 */
import type { Point } from '../metrics/TimeSeries';
import type { MetricName } from '../metrics/metricNames';
import {
  MAX_SERIES_POINTS,
  SERIES_METRICS,
  type SeriesData,
  type SeriesMetric,
  type SeriesSet,
  type ServiceSeries,
} from '../../shared/protocol';

/** The read side of MetricsStore the dashboard needs. */
export interface SeriesSource {
  series(metric: MetricName, service: string | undefined, sinceMs: number, now: number): Point[];
  /** Times in [sinceMs, untilMs) when the service stopped running. */
  gaps?(service: string, sinceMs: number, untilMs: number): number[];
  /**
   * Up to when its points are complete, when that lags behind the clock (a supervisor's metrics
   * fetched by another window): a span not yet fetched is not closed as empty.
   */
  completeUntil?(): number;
}

/** The store's metric behind each chart. */
export const SERIES_METRIC_NAMES: Record<SeriesMetric, MetricName> = {
  latency: 'probe_latency_ms',
  cpu: 'cpu_percent',
  memory: 'memory_bytes',
};
const METRIC = SERIES_METRIC_NAMES;
const SECOND = 1000;

/** Bucket width for a window: whole seconds, at most MAX_SERIES_POINTS buckets. */
export function stepFor(windowMs: number): number {
  return Math.max(SECOND, Math.ceil(windowMs / MAX_SERIES_POINTS / SECOND) * SECOND);
}

/** The end of the last closed 1 s bucket: points before it will not change any more. */
export function closedUntil(now: number): number {
  return Math.floor(now / SECOND) * SECOND;
}

/** Averages points (weighted by their sample counts) into `stepMs` buckets in [from, until). */
export function bucket(points: readonly Point[], from: number, until: number, stepMs: number): SeriesData {
  const t: number[] = [];
  const v: number[] = [];
  let cur = Number.NaN;
  let sum = 0;
  let n = 0;
  const close = () => {
    if (n > 0) {
      t.push(cur);
      v.push(sum / n);
    }
  };
  for (const p of points) {
    if (p.t < from || p.t >= until || p.n <= 0) continue;
    const b = Math.floor(p.t / stepMs) * stepMs;
    if (b !== cur) {
      close();
      cur = b;
      sum = 0;
      n = 0;
    }
    sum += p.avg * p.n;
    n += p.n;
  }
  close();
  return { t, v };
}

/** A series with its gaps; kept when it has a point or a gap (a delta spanning only a crash must still carry the crash). */
function withGaps(d: SeriesData, gaps: number[]): SeriesData {
  return gaps.length ? { ...d, gaps } : d;
}

function collect(names: readonly string[], each: (name: string, metric: SeriesMetric) => SeriesData): Record<string, ServiceSeries> {
  const out: Record<string, ServiceSeries> = {};
  for (const name of names) {
    const s: ServiceSeries = {};
    for (const m of SERIES_METRICS) {
      const d = each(name, m);
      if (d.t.length || d.gaps?.length) s[m] = d;
    }
    if (Object.keys(s).length) out[name] = s;
  }
  return out;
}

/** Every series over the window ending at the last closed second. */
export function seriesSet(source: SeriesSource, names: readonly string[], windowMs: number, now: number): SeriesSet {
  const until = Math.min(closedUntil(now), source.completeUntil?.() ?? Infinity);
  const stepMs = stepFor(windowMs);
  const from = until - windowMs;
  const gaps = (name: string) => source.gaps?.(name, from, until) ?? [];
  // Asked from one second in, so a 1 h window still reads the store's 1 s tier (its span is exactly 1 h).
  return {
    windowMs,
    stepMs,
    until,
    services: collect(names, (name, m) =>
      withGaps(bucket(source.series(METRIC[m], name, from + SECOND, now), from, until, stepMs), gaps(name)),
    ),
  };
}

/** The 1 s points closed in [since, closedUntil(now)), and the gaps in that span: what a delta appends. */
export function newPoints(
  source: SeriesSource,
  names: readonly string[],
  since: number,
  now: number,
): { points: Record<string, ServiceSeries>; until: number } {
  const until = Math.min(closedUntil(now), source.completeUntil?.() ?? Infinity);
  if (until <= since) return { points: {}, until: since };
  const gaps = (name: string) => source.gaps?.(name, since, until) ?? [];
  return {
    points: collect(names, (name, m) => withGaps(bucket(source.series(METRIC[m], name, since, now), since, until, SECOND), gaps(name))),
    until,
  };
}
