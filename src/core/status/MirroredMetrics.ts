/**
 * The supervisor's metrics as a window without the lock holds them for its dashboard: the points
 * fetched so far (a whole window, then 1 s increments) and the cards' latest figures, read back
 * through the same interface as the monitor's own store, so the dashboard feed draws them the same
 * way. Bounded: points older than the chart window are dropped. Pure.
 */
import type { MetricName } from '../metrics/metricNames';
import type { CardMetricsSnapshot } from '../metrics/snapshot';
import type { Point } from '../metrics/TimeSeries';
import type { MetricsPayload } from '../control/metricsPayload';
import { SERIES_METRICS } from '../../shared/protocol';
import { SERIES_METRIC_NAMES, type SeriesSource } from './seriesModel';

export class MirroredMetrics implements SeriesSource {
  private readonly points = new Map<string, Map<MetricName, Point[]>>();
  private readonly stops = new Map<string, number[]>();
  private cards: CardMetricsSnapshot = { at: 0, services: [] };
  private windowMs = 0;
  private until = 0;

  /** The window the points cover, and up to when: what the next fetch asks for (0: the whole window). */
  next(windowMs: number): { windowMs: number; since: number } {
    return { windowMs, since: windowMs === this.windowMs ? this.until : 0 };
  }

  /** True once a fetch arrived for this window. */
  has(windowMs: number): boolean {
    return this.windowMs === windowMs && this.until > 0;
  }

  /**
   * Takes a fetched payload in. An increment that does not continue what is held (the window
   * changed, or everything was cleared meanwhile) is dropped (false): the next fetch asks for the
   * whole window.
   */
  apply(p: MetricsPayload): boolean {
    if (!p.full && (p.windowMs !== this.windowMs || p.from !== this.until)) {
      this.clear();
      return false;
    }
    if (p.full) {
      this.points.clear();
      this.stops.clear();
    }
    this.windowMs = p.windowMs;
    // A bucket of a whole-window fetch weighs what its seconds would: re-bucketing keeps its average.
    const n = Math.max(1, Math.round(p.stepMs / 1000));
    for (const [name, s] of Object.entries(p.series)) {
      let byMetric = this.points.get(name);
      if (!byMetric) this.points.set(name, (byMetric = new Map()));
      for (const m of SERIES_METRICS) {
        const d = s[m];
        if (!d) continue;
        const metric = SERIES_METRIC_NAMES[m];
        const list = byMetric.get(metric) ?? [];
        for (let i = 0; i < d.t.length; i++) list.push({ t: d.t[i]!, avg: d.v[i]!, min: d.v[i]!, max: d.v[i]!, n });
        byMetric.set(metric, list);
        if (d.gaps?.length) {
          const g = this.stops.get(name) ?? [];
          for (const x of d.gaps) if (!g.includes(x)) g.push(x);
          this.stops.set(
            name,
            g.sort((a, b) => a - b),
          );
        }
      }
    }
    this.until = p.until;
    this.cards = { at: p.at, services: p.cards };
    this.prune();
    return true;
  }

  /** Forget everything (the supervisor went, or another one took over). */
  clear(): void {
    this.points.clear();
    this.stops.clear();
    this.cards = { at: 0, services: [] };
    this.windowMs = 0;
    this.until = 0;
  }

  private prune(): void {
    const from = this.until - this.windowMs - 60_000;
    for (const byMetric of this.points.values())
      for (const [m, list] of byMetric) {
        const first = list.findIndex((p) => p.t >= from);
        if (first !== 0) byMetric.set(m, first < 0 ? [] : list.slice(first));
      }
    for (const [name, g] of this.stops)
      this.stops.set(
        name,
        g.filter((x) => x >= from),
      );
  }

  series(metric: MetricName, service: string | undefined, sinceMs: number): Point[] {
    if (service === undefined) return [];
    // A bucket covers [t, t + n s): it counts when any of it lies after `sinceMs`.
    return (this.points.get(service)?.get(metric) ?? []).filter((p) => p.t + p.n * 1000 > sinceMs);
  }

  gaps(service: string, sinceMs: number, untilMs: number): number[] {
    return (this.stops.get(service) ?? []).filter((x) => x >= sinceMs && x < untilMs);
  }

  completeUntil(): number {
    return this.until;
  }

  snapshot(): CardMetricsSnapshot {
    return this.cards;
  }
}
