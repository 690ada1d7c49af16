import { PointRing, type Point } from './PointRing';

export type { Point } from './PointRing';

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
  ring: PointRing;
  /** The open bucket, updated in place (`n` 0: none yet). */
  open: { t: number; sum: number; min: number; max: number; n: number };
}

/**
 * A numeric series kept at several resolutions at once: every value goes into the open bucket of
 * each tier, so the coarse tiers are exact aggregates (avg/min/max), not samples of samples.
 */
export class TimeSeries {
  private readonly tiers: TierState[];
  private lastValue?: { at: number; value: number };

  constructor(tiers: readonly Tier[] = DEFAULT_TIERS) {
    this.tiers = tiers.map((tier) => ({ tier, ring: new PointRing(tier.capacity), open: { t: 0, sum: 0, min: 0, max: 0, n: 0 } }));
  }

  add(at: number, value: number): void {
    if (!Number.isFinite(value)) return;
    this.lastValue = { at, value };
    for (const s of this.tiers) {
      const t = Math.floor(at / s.tier.resolutionMs) * s.tier.resolutionMs;
      const o = s.open;
      // Late values (t < open bucket) are merged into the open bucket rather than dropped.
      if (o.n > 0 && t <= o.t) {
        o.sum += value;
        o.n++;
        o.min = Math.min(o.min, value);
        o.max = Math.max(o.max, value);
        continue;
      }
      if (o.n > 0) s.ring.push(o.t, o.sum, o.min, o.max, o.n);
      o.t = t;
      o.sum = o.min = o.max = value;
      o.n = 1;
    }
  }

  last(): { at: number; value: number } | undefined {
    return this.lastValue;
  }

  /** Points since `sinceMs`, oldest first, from the finest tier whose span reaches back that far. */
  points(sinceMs: number, now: number): Point[] {
    const s = this.tiers.find((x) => now - x.tier.resolutionMs * x.tier.capacity <= sinceMs) ?? this.tiers[this.tiers.length - 1];
    const out = s.ring.pointsSince(sinceMs, s.tier.resolutionMs);
    const o = s.open;
    if (o.n > 0 && o.t + s.tier.resolutionMs > sinceMs) out.push({ t: o.t, avg: o.sum / o.n, min: o.min, max: o.max, n: o.n });
    return out;
  }

  /** Average of the values in the last `windowMs` (1 s tier), undefined without data. */
  average(windowMs: number, now: number): number | undefined {
    const pts = this.points(now - windowMs, now);
    const n = pts.reduce((a, p) => a + p.n, 0);
    return n === 0 ? undefined : pts.reduce((a, p) => a + p.avg * p.n, 0) / n;
  }

  /** Stored points across all tiers: bounded by the sum of capacities. */
  get size(): number {
    return this.tiers.reduce((a, s) => a + s.ring.length + (s.open.n > 0 ? 1 : 0), 0);
  }
}
