/**
 * The last N values of a metric, for learned baselines: rolling percentiles computed on demand
 * (a sort of at most N numbers, only when an anomaly rule asks). Kept in a Float64Array: 8 bytes a
 * value where a JS array of non-integer numbers boxes each one, and a numeric sort without a
 * comparator.
 */
export class RollingWindow {
  private readonly values: Float64Array;
  private added = 0;

  constructor(readonly capacity = 600) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`window capacity must be a positive integer, got ${capacity}`);
    this.values = new Float64Array(capacity);
  }

  add(value: number): void {
    if (!Number.isFinite(value)) return;
    this.values[this.added % this.capacity] = value;
    this.added++;
  }

  get count(): number {
    return Math.min(this.added, this.capacity);
  }

  /** Nearest-rank percentile, q in 0..1; undefined when fewer than `minSamples` values. */
  quantile(q: number, minSamples = 1): number | undefined {
    const count = this.count;
    if (count === 0 || count < minSamples) return undefined;
    // Order does not matter for a percentile: sort a copy of the live slots as they lie.
    const sorted = this.values.slice(0, count).sort();
    const idx = Math.min(count - 1, Math.max(0, Math.ceil(q * count) - 1));
    return sorted[idx];
  }
}
