import type { Clock, Disposable, Logger } from '../ports';

export interface WatchTargetPort {
  /**
   * Act on a burst of changes under `key` (a service, or a compose rule `service#N`): restart it,
   * showing `reason`, or sync `files` (relative to the watched folder). Resolves once done.
   */
  restart(key: string, reason: string, files: string[]): Promise<void>;
  /** Whether file changes should act on it now (not when someone stopped it). */
  isActive(key: string): boolean;
  /** Services that declared `restartWith: [service]`. */
  dependentsOf(key: string): string[];
}

/** Quiet time after the last change of a burst before the restart (an editor's "Save All" is one burst). */
export const DEFAULT_DEBOUNCE_MS = 75;
/** A burst that never goes quiet (a build writing files) still restarts this often. */
export const MAX_WAIT_MS = 2000;
/** A failed action (a Docker call that timed out on a busy machine, no container yet) is tried again after 1, 2, 4, 8 s. */
export const RETRY_DELAYS_MS: readonly number[] = [1000, 2000, 4000, 8000];

interface Pending {
  files: Set<string>;
  timer?: Disposable;
  firstAt?: number;
  running?: Promise<void>;
  /** Failed tries in a row of the files now pending. */
  failures: number;
}

/**
 * Turns file changes into restarts: one restart per burst of changes to a service's files (debounced),
 * never two at once for a service, and a change seen while it restarts is kept for one more restart
 * right after (a save is never lost). An action that fails keeps its files: they are tried again
 * after a backoff (RETRY_DELAYS_MS), and once the retries are used up they wait for the next change,
 * which carries them along — a sync that timed out never silently leaves the container stale. After
 * a restart, the services that asked with `restartWith` restart too.
 */
export class WatchScheduler {
  private readonly pending = new Map<string, Pending>();
  private disposed = false;

  constructor(
    private readonly port: WatchTargetPort,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly debounceMs = DEFAULT_DEBOUNCE_MS,
  ) {}

  /** `file` (relative to the service's cwd) of `service` changed. */
  changed(service: string, file: string): void {
    if (this.disposed) return;
    const p = this.entry(service);
    p.files.add(file);
    if (p.running) return;
    this.arm(service, p);
  }

  /** Settles once no restart is pending or running (for tests and benchmarks). */
  async idle(): Promise<void> {
    for (;;) {
      const busy = [...this.pending.values()].find((p) => p.running !== undefined || p.timer !== undefined);
      if (!busy) return;
      await (busy.running ??
        new Promise<void>((resolve) => {
          this.clock.setTimeout(() => resolve(), this.debounceMs);
        }));
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const p of this.pending.values()) p.timer?.dispose();
    this.pending.clear();
  }

  private entry(service: string): Pending {
    let p = this.pending.get(service);
    if (!p) this.pending.set(service, (p = { files: new Set(), failures: 0 }));
    return p;
  }

  private arm(service: string, p: Pending, retryInMs?: number): void {
    p.timer?.dispose();
    if (retryInMs !== undefined) {
      p.timer = this.clock.setTimeout(() => this.fire(service, p), retryInMs);
      return;
    }
    const now = this.clock.now();
    p.firstAt ??= now;
    const delay = Math.max(0, Math.min(this.debounceMs, p.firstAt + MAX_WAIT_MS - now));
    p.timer = this.clock.setTimeout(() => this.fire(service, p), delay);
  }

  private fire(service: string, p: Pending): void {
    p.timer = undefined;
    p.firstAt = undefined;
    if (this.disposed || p.files.size === 0) return;
    const files = [...p.files].sort();
    p.files.clear();
    // Checked now, not when the change came: during our own restart the service is briefly stopped.
    if (!this.port.isActive(service)) return;
    const run = this.restartWithDependents(service, describeChange(files), files);
    p.running = run.then(() => undefined);
    void run.then((ok) => {
      p.running = undefined;
      if (this.disposed) return;
      if (ok) p.failures = 0;
      else {
        for (const f of files) p.files.add(f);
        p.failures++;
        const retryIn = RETRY_DELAYS_MS[p.failures - 1];
        if (retryIn !== undefined) return this.arm(service, p, retryIn);
        this.logger.warn(
          `${service}: gave up after ${p.failures} tries; ${describeChange(files)} will be acted on again with the next change`,
        );
        p.failures = 0;
        return;
      }
      if (p.files.size > 0) this.arm(service, p);
    });
  }

  /** False when the service's own action failed (its files are then tried again). */
  private async restartWithDependents(service: string, reason: string, files: string[]): Promise<boolean> {
    try {
      await this.port.restart(service, reason, files);
    } catch (err) {
      this.logger.warn(`${service}: acting on a file change (${reason}) failed: ${(err as Error).message}`);
      return false;
    }
    const dependents = this.port.dependentsOf(service).filter((d) => this.port.isActive(d));
    await Promise.all(
      dependents.map((d) =>
        this.port.restart(d, `${service} restarted`, []).catch((err: Error) => {
          this.logger.warn(`${d}: restart with ${service} failed: ${err.message}`);
        }),
      ),
    );
    return true;
  }
}

/** `src/app.ts changed`, `src/app.ts and 2 more changed`. */
export function describeChange(files: readonly string[]): string {
  if (files.length === 0) return 'files changed';
  return files.length === 1 ? `${files[0]} changed` : `${files[0]} and ${files.length - 1} more changed`;
}
