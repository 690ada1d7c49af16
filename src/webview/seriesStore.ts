/**
 * The webview's copy of the measured series: replaced by a snapshot or a window change, appended
 * to by deltas, trimmed to the window (so memory stays bounded). Pure (no DOM).
 */
import type { SeriesData, SeriesMetric, SeriesSet, ServiceSeries } from '../shared/protocol';

/**
 * uPlot's aligned data: x values, then one array per series. `undefined`: no sample in that bucket
 * (the line joins its neighbours: probes come every few seconds); `null`: the service was down
 * there (uPlot leaves a gap, `spanGaps: false`).
 */
export type Aligned = [number[], ...(number | null | undefined)[][]];

export class SeriesStore {
  private data = new Map<string, ServiceSeries>();
  windowMs = 5 * 60_000;
  stepMs = 1000;
  until = 0;

  replace(set: SeriesSet): void {
    this.windowMs = set.windowMs;
    this.stepMs = set.stepMs;
    this.until = set.until;
    this.data = new Map(Object.entries(set.services).map(([k, v]) => [k, clone(v)]));
  }

  append(points: Record<string, ServiceSeries>, until: number): void {
    this.until = Math.max(this.until, until);
    const from = this.until - this.windowMs;
    for (const [name, series] of Object.entries(points)) {
      const mine = this.data.get(name) ?? {};
      for (const [metric, d] of Object.entries(series) as [SeriesMetric, SeriesData][]) {
        const cur = (mine[metric] ??= { t: [], v: [] });
        cur.t.push(...d.t);
        cur.v.push(...d.v);
        if (d.gaps?.length) (cur.gaps ??= []).push(...d.gaps);
      }
      this.data.set(name, mine);
    }
    for (const s of this.data.values()) for (const d of Object.values(s)) trim(d, from);
  }

  get(service: string, metric: SeriesMetric): SeriesData | undefined {
    return this.data.get(service)?.[metric];
  }

  has(metric: SeriesMetric, services: readonly string[]): boolean {
    return services.some((s) => (this.get(s, metric)?.t.length ?? 0) > 0);
  }
}

function clone(s: ServiceSeries): ServiceSeries {
  return Object.fromEntries(
    Object.entries(s).map(([k, d]) => [k, { t: [...d.t], v: [...d.v], ...(d.gaps?.length ? { gaps: [...d.gaps] } : {}) }]),
  );
}

function trim(d: SeriesData, from: number): void {
  let i = 0;
  while (i < d.t.length && d.t[i] < from) i++;
  if (i) {
    d.t.splice(0, i);
    d.v.splice(0, i);
  }
  if (d.gaps) {
    let g = 0;
    while (g < d.gaps.length && d.gaps[g] < from) g++;
    if (g) d.gaps.splice(0, g);
  }
}

/** Buckets of `stepMs` over [from, until): each series averaged per bucket, null where it has no sample. */
export function align(series: readonly (SeriesData | undefined)[], from: number, until: number, stepMs: number): Aligned {
  const start = Math.floor(from / stepMs) * stepMs;
  const n = Math.max(0, Math.ceil((until - start) / stepMs));
  const xs = Array.from({ length: n }, (_, i) => start + i * stepMs);
  const ys = series.map((d) => {
    const sum = new Array<number>(n).fill(0);
    const count = new Array<number>(n).fill(0);
    if (d) {
      for (let i = 0; i < d.t.length; i++) {
        const b = Math.floor((d.t[i] - start) / stepMs);
        if (b < 0 || b >= n) continue;
        sum[b] += d.v[i];
        count[b]++;
      }
    }
    const out: (number | null | undefined)[] = sum.map((s, i) => (count[i] ? s / count[i] : undefined));
    if (d?.gaps) for (const g of d.gaps) markGap(out, d.t, g, start, stepMs);
    return out;
  });
  return [xs, ...ys];
}

/**
 * The empty buckets between the last sample before `gap` and the first one after it become null,
 * so uPlot clips the whole stretch between those two samples. Samples in adjacent buckets leave
 * nothing to mark: downtime shorter than a bucket does not show at that resolution.
 */
function markGap(out: (number | null | undefined)[], t: readonly number[], gap: number, start: number, stepMs: number): void {
  let next = 0;
  while (next < t.length && t[next] <= gap) next++;
  const before = next > 0 ? Math.floor((t[next - 1] - start) / stepMs) : -1;
  const after = next < t.length ? Math.floor((t[next] - start) / stepMs) : out.length;
  for (let i = Math.max(0, before + 1); i < Math.min(out.length, after); i++) if (out[i] === undefined) out[i] = null;
}

/** How many gaps (runs of null: downtime) the aligned series hold, all lines together. */
export function countGaps(data: Aligned): number {
  let n = 0;
  for (const ys of data.slice(1) as (number | null | undefined)[][]) {
    for (let i = 0; i < ys.length; i++) if (ys[i] === null && (i === 0 || ys[i - 1] !== null)) n++;
  }
  return n;
}
