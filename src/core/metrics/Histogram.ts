/** Bucket growth factor: quantiles are exact to within ~5% relative error. */
const GROWTH = 1.05;
const MIN_VALUE = 0.01;
const BUCKETS = 420; // 0.01 ms * 1.05^420 ≈ 8e6 ms: more than any probe timeout

/**
 * A log-bucketed histogram (HDR-like, fixed ~3.4 KB) for latencies in ms: count, sum, min, max and
 * quantiles (p50/p95/p99) without keeping the samples.
 */
export class Histogram {
  private readonly counts = new Uint32Array(BUCKETS + 1);
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;

  record(value: number): void {
    if (!Number.isFinite(value) || value < 0) return;
    this.counts[bucketOf(value)]++;
    this.count++;
    this.sum += value;
    this.min = Math.min(this.min, value);
    this.max = Math.max(this.max, value);
  }

  /** The value below which a fraction `q` (0..1) of the samples fall; undefined when empty. */
  quantile(q: number): number | undefined {
    if (this.count === 0) return undefined;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (let i = 0; i <= BUCKETS; i++) {
      seen += this.counts[i];
      if (seen >= rank) return Math.min(this.max, Math.max(this.min, upperBound(i)));
    }
    return this.max;
  }

  get mean(): number | undefined {
    return this.count === 0 ? undefined : this.sum / this.count;
  }

  summary(): HistogramSummary {
    return {
      count: this.count,
      mean: this.mean,
      min: this.count ? this.min : undefined,
      max: this.count ? this.max : undefined,
      p50: this.quantile(0.5),
      p95: this.quantile(0.95),
      p99: this.quantile(0.99),
    };
  }
}

export interface HistogramSummary {
  count: number;
  mean?: number;
  min?: number;
  max?: number;
  p50?: number;
  p95?: number;
  p99?: number;
}

function bucketOf(v: number): number {
  if (v <= MIN_VALUE) return 0;
  return Math.min(BUCKETS, Math.ceil(Math.log(v / MIN_VALUE) / Math.log(GROWTH)));
}

function upperBound(i: number): number {
  return MIN_VALUE * GROWTH ** i;
}
