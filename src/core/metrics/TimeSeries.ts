import { RingBuffer } from './RingBuffer';

/** One bucket of a series: the values that fell in [t, t + resolution). */
export interface Point {
  t: number;
  avg: number;
  min: number;
  max: number;
  n: number;
}

export interface Tier {
  resolutionMs: number;
  capacity: number;
}

/** 1 s for the last hour, 1 min for the last day, 1 h for the last 30 days: ~5,800 points at most. */
export const DEFAULT_TIERS: readonly Tier[] = [
  { resolutionMs: 1000, capacity: 3600 },
  { resolutionMs: 60_000, capacity: 1440 },
  { resolutionMs: 3_600_000, capacity: 720 },
];

interface TierState {
  tier: Tier;
  ring: RingBuffer<Point>;
  open?: Point & { sum: number };
}

/**
 * A numeric series kept at several resolutions at once: every value goes into the open bucket of
 * each tier, so the coarse tiers are exact aggregates (avg/min/max), not samples of samples.
 */
export class TimeSeries {
  private readonly tiers: TierState[];
  private lastValue?: { at: number; value: number };

  constructor(tiers: readonly Tier[] = DEFAULT_TIERS) {
    this.tiers = tiers.map((tier) => ({ tier, ring: new RingBuffer<Point>(tier.capacity) }));
  }

  add(at: number, value: number): void {
    if (!Number.isFinite(value)) return;
    this.lastValue = { at, value };
    for (const s of this.tiers) {
      const t = Math.floor(at / s.tier.resolutionMs) * s.tier.resolutionMs;
      const o = s.open;
      // Late values (t < open bucket) are merged into the open bucket rather than dropped.
      if (o && t <= o.t) {
        o.sum += value;
        o.n++;
        o.min = Math.min(o.min, value);
        o.max = Math.max(o.max, value);
        o.avg = o.sum / o.n;
        continue;
      }
      if (o) s.ring.push({ t: o.t, avg: o.avg, min: o.min, max: o.max, n: o.n });
      s.open = { t, avg: value, min: value, max: value, n: 1, sum: value };
    }
  }

  last(): { at: number; value: number } | undefined {
    return this.lastValue;
  }

  /** Points since `sinceMs`, oldest first, from the finest tier whose span reaches back that far. */
  points(sinceMs: number, now: number): Point[] {
    const s = this.tiers.find((x) => now - x.tier.resolutionMs * x.tier.capacity <= sinceMs) ?? this.tiers[this.tiers.length - 1];
    const all = s.ring.toArray();
    if (s.open) all.push({ t: s.open.t, avg: s.open.avg, min: s.open.min, max: s.open.max, n: s.open.n });
    return all.filter((p) => p.t + s.tier.resolutionMs > sinceMs);
  }

  /** Average of the values in the last `windowMs` (1 s tier), undefined without data. */
  average(windowMs: number, now: number): number | undefined {
    const pts = this.points(now - windowMs, now);
    const n = pts.reduce((a, p) => a + p.n, 0);
    return n === 0 ? undefined : pts.reduce((a, p) => a + p.avg * p.n, 0) / n;
  }

  /** Stored points across all tiers: bounded by the sum of capacities. */
  get size(): number {
    return this.tiers.reduce((a, s) => a + s.ring.length + (s.open ? 1 : 0), 0);
  }
}
