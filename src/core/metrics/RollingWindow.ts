import { RingBuffer } from './RingBuffer';

/**
 * The last N values of a metric, for learned baselines: rolling percentiles computed on demand
 * (a sort of at most N numbers, only when an anomaly rule asks).
 */
export class RollingWindow {
  private readonly ring: RingBuffer<number>;

  constructor(capacity = 600) {
    this.ring = new RingBuffer<number>(capacity);
  }

  add(value: number): void {
    if (Number.isFinite(value)) this.ring.push(value);
  }

  get count(): number {
    return this.ring.length;
  }

  /** Nearest-rank percentile, q in 0..1; undefined when fewer than `minSamples` values. */
  quantile(q: number, minSamples = 1): number | undefined {
    if (this.ring.length === 0 || this.ring.length < minSamples) return undefined;
    const sorted = this.ring.toArray().sort((a, b) => a - b);
    const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
    return sorted[idx];
  }
}
