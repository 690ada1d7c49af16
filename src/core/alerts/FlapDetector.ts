/**
 * Hysteresis in time for alerts that fire and resolve over and over (a service crash-restarting,
 * a value oscillating around its threshold): once an alert has fired `count` times within
 * `windowMs`, it is flapping and must stay clear for `holdMs` before it resolves. One notification
 * pair instead of one per flap.
 */
export class FlapDetector {
  private readonly fires = new Map<string, number[]>();

  constructor(
    readonly count = 3,
    readonly windowMs = 10 * 60_000,
    readonly holdMs = 60_000,
  ) {}

  fired(key: string, at: number): void {
    const list = (this.fires.get(key) ?? []).filter((t) => t > at - this.windowMs);
    list.push(at);
    this.fires.set(key, list.slice(-this.count));
  }

  isFlapping(key: string, now: number): boolean {
    const list = this.fires.get(key);
    if (!list) return false;
    const recent = list.filter((t) => t > now - this.windowMs);
    if (recent.length === 0) this.fires.delete(key);
    return recent.length >= this.count;
  }

  /** How long a clear condition must last before this alert resolves. */
  holdFor(key: string, keepFiringForMs: number, now: number): number {
    return this.isFlapping(key, now) ? Math.max(keepFiringForMs, this.holdMs) : keepFiringForMs;
  }
}
