import type { HealthSpec } from '../config/model';
import type { Clock, Disposable, LogLine, ProbeResult, ProbeRunner, RunHandle } from '../ports';
import { formatDuration } from '../status/formatDuration';
import { runProbe } from './runProbe';

/** First probe this soon after start, so readiness is seen within milliseconds, not an interval. */
export const FIRST_PROBE_MS = 25;
/**
 * While starting, the gap between probes is this share of the time since start (at least
 * FIRST_PROBE_MS, at most the interval): readiness is seen at most ~5% late however long a service
 * takes, where a geometric backoff (x1.5) was up to 50% late — 400 ms on a 1.2 s starter.
 */
const START_PROBE_SHARE = 0.05;
/**
 * A hint (a new socket, an output line) probes at once, but never sooner than this after the last
 * probe began: a chatty start-up log must not turn into a probe per line.
 */
export const HINT_MIN_GAP_MS = 5;
/**
 * A hint can come a moment early (a socket is opened before it listens): after a hint, this many
 * failing probes are followed by another one HINT_MIN_GAP_MS later before the usual cadence resumes.
 */
export const HINT_RETRIES = 3;

/** Consecutive failing probes counted toward `retries` (compose: unhealthy once `count` reaches `of`). */
export interface ProbeFailures {
  count: number;
  of: number;
}

export interface HealthEvents {
  /** Every probe's result, with the failures counted so far including this one (0 after a pass). */
  result(r: ProbeResult, failures: ProbeFailures): void;
  healthy(): void;
  unhealthy(reason: string): void;
}

/**
 * The probe loop of one running instance, with compose semantics: `retries` consecutive failures
 * make it unhealthy, failures during `startPeriod` do not count, one success makes it healthy.
 * While starting it probes fast (every 25 ms, then 5% of the time since start, up to `interval`); those extra probes only
 * count as failures once per interval, so fast probing never makes a slow starter unhealthy sooner
 * than compose would. `log` probes are not polled: matching lines arrive through `onLine`.
 * Readiness hints while starting (the runner sees the process open a socket; any output line)
 * trigger a probe at once, so readiness is noticed within milliseconds of being real; a hint only
 * brings the next probe forward, the verdict is still the probe's.
 */
export class HealthMonitor {
  private phase: 'idle' | 'starting' | 'healthy' | 'unhealthy' = 'idle';
  private failures = 0;
  private nextCountAt = 0;
  private startedAt = 0;
  private timer: Disposable | undefined;
  private hints: Disposable | undefined;
  private handle: RunHandle | undefined;
  private inFlight = false;
  /** A hint came while a probe was running: probe again as soon as it is done. */
  private hinted = false;
  /** Quick follow-up probes left after the last hint. */
  private hintRetries = 0;
  private lastProbeAt = Number.NEGATIVE_INFINITY;
  private readonly abort = new AbortController();
  private matched = false;
  private readonly pattern: RegExp | undefined;

  constructor(
    private readonly service: string,
    private readonly health: HealthSpec,
    private readonly probes: ProbeRunner,
    private readonly clock: Clock,
    private readonly on: HealthEvents,
  ) {
    if (health.probe.kind === 'log') this.pattern = safeRegExp(health.probe.pattern);
  }

  /** Its verdict so far (`idle` once disposed): what the service is once it is no longer paused. */
  get verdict(): 'idle' | 'starting' | 'healthy' | 'unhealthy' {
    return this.phase;
  }

  /** Starts judging an instance that started at `startedAt`. `assumeReady`: adopted, its log line is in the past. */
  begin(handle: RunHandle | undefined, startedAt: number, assumeReady = false): void {
    this.phase = 'starting';
    this.startedAt = startedAt;
    this.nextCountAt = startedAt + Math.max(this.health.startPeriod, this.health.interval);
    const probe = this.health.probe;
    this.handle = handle;
    if (probe.kind !== 'log') {
      this.hints?.dispose();
      this.hints = handle?.readinessHints?.(() => this.hint());
      return this.schedule(FIRST_PROBE_MS, handle);
    }
    if (!this.pattern) return this.on.unhealthy(`invalid log pattern /${probe.pattern}/`);
    if (this.matched || assumeReady) return this.becomeHealthy();
    // A log probe cannot fail, only not match yet: after the time compose would allow, say so.
    const deadline = this.health.startPeriod + this.health.interval * Math.max(1, this.health.retries);
    this.timer = this.clock.setTimeout(() => {
      if (this.phase === 'starting') this.becomeUnhealthy(`no output line matched /${probe.pattern}/ within ${formatDuration(deadline)}`);
    }, deadline);
  }

  onLine(line: LogLine): void {
    if (!this.pattern) return this.hint();
    if (this.matched || !this.pattern || !this.pattern.test(line.text)) return;
    this.matched = true;
    if (this.phase === 'idle') return;
    this.timer?.dispose();
    this.failures = 0;
    this.on.result(
      {
        ok: true,
        latencyMs: 0,
        at: this.clock.now(),
        detail: `output matched /${this.pattern.source}/: ${line.text.slice(0, 200)}`,
      },
      { count: 0, of: Math.max(1, this.health.retries) },
    );
    this.becomeHealthy();
  }

  /** A sign that readiness may be near: probe now (or right after the probe in flight) while starting. */
  hint(): void {
    if (this.phase !== 'starting' || this.health.probe.kind === 'log') return;
    this.hintRetries = HINT_RETRIES;
    if (this.inFlight) {
      this.hinted = true;
      return;
    }
    this.timer?.dispose();
    this.schedule(Math.max(0, this.lastProbeAt + HINT_MIN_GAP_MS - this.clock.now()), this.handle);
  }

  dispose(): void {
    this.phase = 'idle';
    this.stopHints();
    this.timer?.dispose();
    this.abort.abort();
  }

  private idle(): boolean {
    return this.phase === 'idle';
  }

  private schedule(ms: number, handle: RunHandle | undefined): void {
    this.timer = this.clock.setTimeout(() => void this.probeOnce(handle), ms);
  }

  private stopHints(): void {
    this.hints?.dispose();
    this.hints = undefined;
    this.hinted = false;
    this.hintRetries = 0;
  }

  private async probeOnce(handle: RunHandle | undefined): Promise<void> {
    this.inFlight = true;
    this.hinted = false;
    this.lastProbeAt = this.clock.now();
    const r = await runProbe(this.probes, this.clock, this.health.probe, {
      service: this.service,
      timeoutMs: this.health.timeout,
      handle,
      signal: this.abort.signal,
    }).finally(() => (this.inFlight = false));
    if (this.phase === 'idle') return;
    this.count(r);
    this.on.result(r, { count: this.failures, of: Math.max(1, this.health.retries) });
    this.judge(r);
    // A listener may have disposed this monitor during judge().
    if (this.idle()) return;
    const sinceStart = this.clock.now() - this.startedAt;
    const quick = this.hinted || (!r.ok && this.hintRetries-- > 0);
    const startingDelay = quick
      ? Math.max(0, this.lastProbeAt + HINT_MIN_GAP_MS - this.clock.now())
      : Math.min(this.health.interval, Math.max(FIRST_PROBE_MS, sinceStart * START_PROBE_SHARE));
    this.hinted = false;
    // A failure of a healthy service is confirmed an interval after the failed probe started, not
    // after it ended (compose's cadence): a service that stops answering is then unhealthy within
    // interval x retries + timeout, not retries x (interval + timeout). Once unhealthy, and while
    // healthy, an interval after each probe ends.
    const confirming = !r.ok && this.phase === 'healthy';
    const runningDelay = confirming ? Math.max(0, this.lastProbeAt + this.health.interval - this.clock.now()) : this.health.interval;
    this.schedule(this.phase === 'starting' ? startingDelay : runningDelay, handle);
  }

  /** Counts a failure toward `retries` (while starting, at most one per interval); a pass resets the count. */
  private count(r: ProbeResult): void {
    if (r.ok) {
      this.failures = 0;
      return;
    }
    if (this.phase === 'starting') {
      if (r.at < this.nextCountAt) return;
      this.nextCountAt = r.at + this.health.interval;
    }
    this.failures++;
  }

  private judge(r: ProbeResult): void {
    if (r.ok) return this.becomeHealthy();
    if (this.phase !== 'unhealthy' && this.failures >= Math.max(1, this.health.retries)) this.becomeUnhealthy(r.detail);
  }

  private becomeHealthy(): void {
    this.failures = 0;
    this.stopHints();
    if (this.phase === 'healthy') return;
    this.phase = 'healthy';
    this.on.healthy();
  }

  private becomeUnhealthy(reason: string): void {
    this.phase = 'unhealthy';
    this.stopHints();
    this.on.unhealthy(reason);
  }
}

function safeRegExp(pattern: string): RegExp | undefined {
  try {
    return new RegExp(pattern);
  } catch {
    return undefined;
  }
}
