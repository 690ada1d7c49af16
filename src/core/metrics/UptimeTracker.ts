import { RingBuffer } from './RingBuffer';

/** `ignored` time (stopped on purpose, waiting on dependencies, first start) counts neither way. */
export type Availability = 'up' | 'down' | 'ignored';

interface Segment {
  start: number;
  end: number;
  up: boolean;
}

/**
 * Availability of one service: uptime % since the stack started and over a rolling window. Closed
 * segments are kept in a bounded ring (4096: a service flapping faster than once a second over the
 * window makes the window figure approximate, never the memory unbounded).
 */
export class UptimeTracker {
  private mode: Availability = 'ignored';
  private since = 0;
  private upMs = 0;
  private downMs = 0;
  private readonly segments = new RingBuffer<Segment>(4096);

  constructor(readonly windowMs = 3_600_000) {}

  get current(): Availability {
    return this.mode;
  }

  set(mode: Availability, at: number): void {
    if (mode === this.mode) return;
    if (this.mode !== 'ignored' && at > this.since) {
      const up = this.mode === 'up';
      if (up) this.upMs += at - this.since;
      else this.downMs += at - this.since;
      this.segments.push({ start: this.since, end: at, up });
    }
    this.mode = mode;
    this.since = at;
  }

  /** Time up and down since the first start, and uptime % (undefined before any counted time). */
  total(now: number): { upMs: number; downMs: number; percent?: number } {
    const open = Math.max(0, now - this.since);
    const upMs = this.upMs + (this.mode === 'up' ? open : 0);
    const downMs = this.downMs + (this.mode === 'down' ? open : 0);
    return { upMs, downMs, percent: percent(upMs, downMs) };
  }

  /** Uptime % over the last `windowMs` (counted time only). */
  window(now: number): number | undefined {
    const { upMs, downMs } = this.counted(now);
    return percent(upMs, downMs);
  }

  /**
   * Counted time within the last `windowMs` (what the window's % is a share of: less than the window
   * until the service has been watched that long), and whether it grows with time right now.
   */
  observed(now: number): { ms: number; growing: boolean } {
    const { upMs, downMs } = this.counted(now);
    return { ms: upMs + downMs, growing: this.mode !== 'ignored' };
  }

  private counted(now: number): { upMs: number; downMs: number } {
    const from = now - this.windowMs;
    let up = 0;
    let down = 0;
    const add = (start: number, end: number, isUp: boolean) => {
      const d = Math.min(end, now) - Math.max(start, from);
      if (d <= 0) return;
      if (isUp) up += d;
      else down += d;
    };
    for (const s of this.segments.toArray()) add(s.start, s.end, s.up);
    if (this.mode !== 'ignored') add(this.since, now, this.mode === 'up');
    return { upMs: up, downMs: down };
  }
}

function percent(up: number, down: number): number | undefined {
  return up + down === 0 ? undefined : (100 * up) / (up + down);
}
