import { parseMetricsPayload } from '../../core/control/metricsPayload';
import type { MirroredMetrics } from '../../core/status/MirroredMetrics';
import { requestSupervisor } from './requestSupervisor';

/** One fetch a second: the monitor samples every second. */
const EVERY_MS = 1000;
/** After a failed fetch (the supervisor paused, gone, or refusing), wait longer before the next. */
const AFTER_FAILURE_MS = 3000;

/**
 * Fetches the live supervisor's metrics into `mirror` over its control channel, for a window
 * that does not hold the lock — only while `active` (its dashboard is visible): one request at a
 * time, the next a second after the answer, so nothing piles up behind a slow supervisor and the
 * supervisor computes nothing for nobody. `onData(full)` after each fetch (full: the whole window
 * arrived). A failure is reported once (`onFailure`) until a fetch works again.
 */
export class SupervisorMetricsPoll {
  private windowMs = 5 * 60_000;
  private active = false;
  private running = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private failing = false;
  private disposed = false;

  constructor(
    private readonly root: string,
    private readonly mirror: MirroredMetrics,
    private readonly known: () => ReadonlySet<string>,
    private readonly onData: (full: boolean) => void,
    private readonly onFailure: (why: string) => void,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** Fetch while `active`, over `windowMs` (a new window is fetched whole at once). */
  set(active: boolean, windowMs: number): void {
    const changed = windowMs !== this.windowMs;
    this.windowMs = windowMs;
    this.active = active && !this.disposed;
    if (!this.active) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      return;
    }
    if (changed || (!this.running && !this.timer)) this.kick();
  }

  private kick(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.running) return; // the loop picks the new window up after this fetch
    void this.fetch();
  }

  private async fetch(): Promise<void> {
    if (!this.active) return;
    this.running = true;
    let wait = EVERY_MS;
    try {
      const ask = this.mirror.next(this.windowMs);
      const r = await requestSupervisor(this.root, 'metrics', [], {
        from: `a VS Code window's dashboard (pid ${process.pid})`,
        env: this.env,
        args: ask,
        answerMs: 2000,
        replyMs: 10_000,
        waitMs: 0,
      });
      if (r.kind === 'none') throw new Error('nothing supervises the stack');
      if (r.kind === 'unreachable') throw new Error(`the supervisor does not answer (${r.why})`);
      if (!r.reply.ok) throw new Error(r.reply.error);
      const p = parseMetricsPayload(r.reply.metrics, this.known());
      if (!p) throw new Error('its metrics reply is not readable');
      if (!this.disposed && p.windowMs === this.windowMs && this.mirror.apply(p)) {
        this.failing = false;
        this.onData(p.full);
      }
    } catch (err) {
      wait = AFTER_FAILURE_MS;
      if (!this.failing) this.onFailure((err as Error).message);
      this.failing = true;
    } finally {
      this.running = false;
    }
    if (this.active && !this.disposed) {
      this.timer = setTimeout(() => void this.fetch(), wait);
      this.timer.unref?.();
    }
  }

  dispose(): void {
    this.disposed = true;
    this.active = false;
    if (this.timer) clearTimeout(this.timer);
  }
}
