import type { Clock, Disposable } from '../ports';
import type { ServiceSupervisor } from './ServiceSupervisor';
import type { ServiceStatus } from './state';

export interface UpResult {
  ok: boolean;
  /** "api: blocked: dependency db failed (exited with code 1)" */
  failures: string[];
  statuses: ServiceStatus[];
  /**
   * Why the wait ended before everything settled: `stopped` (down() stopped what it waited for: the
   * user's stop, not a failure of the start), `aborted`, `timed-out`, `disposed`. Absent when it settled.
   */
  interrupted?: UpInterruption;
}

export type UpInterruption = 'stopped' | 'aborted' | 'timed-out' | 'disposed';

/**
 * One up() call waiting for its services to settle. The engine calls `check()` after every change;
 * a timeout or an abort ends the wait early and lists what had not settled.
 */
export class UpWaiter {
  readonly done: Promise<UpResult>;
  private resolve!: (r: UpResult) => void;
  private finished = false;
  private readonly timer: Disposable | undefined;
  private readonly signal: AbortSignal | undefined;
  /** The abort's reason when it is words (who stopped the start), else `up aborted`. */
  private readonly onAbort = () => this.interrupt(typeof this.signal?.reason === 'string' ? this.signal.reason : 'up aborted', 'aborted');

  constructor(
    private readonly services: readonly ServiceSupervisor[],
    private readonly statuses: () => ServiceStatus[],
    clock: Clock,
    opts: { signal?: AbortSignal; timeoutMs?: number },
    /** Told which services to stop scheduling when the wait ends early. */
    private readonly giveUp: (names: string[], why: string) => void,
  ) {
    this.done = new Promise((r) => (this.resolve = r));
    if (opts.timeoutMs !== undefined)
      this.timer = clock.setTimeout(() => this.interrupt(`not settled after ${opts.timeoutMs} ms`, 'timed-out'), opts.timeoutMs);
    this.signal = opts.signal;
    this.signal?.addEventListener('abort', this.onAbort, { once: true });
    if (this.signal?.aborted) this.onAbort();
  }

  get isFinished(): boolean {
    return this.finished;
  }

  /** Whether this wait is for any of `names`. */
  involves(names: readonly string[]): boolean {
    return this.services.some((s) => names.includes(s.spec.name));
  }

  check(): void {
    if (this.finished || !this.services.every((s) => s.settled)) return;
    this.finish(this.services.flatMap((s) => (s.failure ? [`${s.spec.name}: ${s.failure}`] : [])));
  }

  /** Ends the wait now: settled failures as usual, the rest as `<name>: <why> (<state>...)`. */
  interrupt(why: string, cause: UpInterruption): void {
    if (this.finished) return;
    const unsettled = this.services.filter((s) => !s.settled);
    const failures = this.services.flatMap((s) => {
      if (s.failure) return [`${s.spec.name}: ${s.failure}`];
      if (!unsettled.includes(s)) return [];
      const waiting = s.tracker.snapshot().waitingOn;
      return [`${s.spec.name}: ${why} (was ${s.tracker.state}${waiting.length ? `, waiting on ${waiting.join(', ')}` : ''})`];
    });
    this.giveUp(
      unsettled.map((s) => s.spec.name),
      why,
    );
    this.finish(failures, unsettled.length ? cause : undefined);
  }

  private finish(failures: string[], interrupted?: UpInterruption): void {
    this.finished = true;
    this.timer?.dispose();
    this.signal?.removeEventListener('abort', this.onAbort);
    this.resolve({ ok: failures.length === 0, failures, statuses: this.statuses(), ...(interrupted ? { interrupted } : {}) });
  }
}
