import { configHash } from '../config/configHash';
import type { ServiceSpec } from '../config/model';
import {
  type Clock,
  type Disposable,
  type EngineHealth,
  type ExitInfo,
  type HostInfo,
  isEngineUnavailable,
  type LogLine,
  type Logger,
  type ProbeRunner,
  type RunHandle,
  type RunRecord,
  type ServiceRunner,
  type StartContext,
} from '../ports';
import { formatDuration } from '../status/formatDuration';
import { isFailing, isSettled } from '../status/serviceStates';
import { describeExit, isCleanExit } from './describeExit';
import { HealthMonitor } from './HealthMonitor';
import { LogBuffer } from './LogBuffer';
import { PAUSE_POLL_MS, pausedReason } from './paused';
import { preStartCheck } from './preStartCheck';
import { decideRestart } from './restartDecision';
import type { EngineEvent } from './state';
import { StatusTracker } from './StatusTracker';

export interface SupervisorDeps {
  runner?: ServiceRunner;
  probes: ProbeRunner;
  host: HostInfo;
  clock: Clock;
  logger: Logger;
  runDir: string;
  random: () => number;
  emit(e: EngineEvent): void;
  /** The service's run record: set once an instance exists, undefined once it is gone. */
  record(service: string, rec: RunRecord | undefined): void;
  /** Its restart policy brings it back now (after a crash): dependents with `restart: true` follow. */
  restarting?(service: string): void;
}

/**
 * The life of one service: start (after pre-start checks), adopt, health-gate, restart by policy
 * with backoff and the crash-loop rule, stop. Every async continuation carries the `generation` it
 * belongs to, so an exit or probe from an instance that was stopped or replaced changes nothing.
 */
export class ServiceSupervisor {
  readonly tracker: StatusTracker;
  readonly logs = new LogBuffer();
  private handle: RunHandle | undefined;
  /** The run record of the live instance, kept to mark it completed when it exits 0. */
  private currentRecord: RunRecord | undefined;
  private launching: Promise<RunHandle | undefined> | undefined;
  private monitor: HealthMonitor | undefined;
  private restartTimer: Disposable | undefined;
  /** Docker's own health verdicts, followed when the service has no probe of its own. */
  private engineHealth: Disposable | undefined;
  /** Waiting for an engine that went away (Docker daemon stopped) to answer again. */
  private resumeWatch: AbortController | undefined;
  private runAbort: AbortController | undefined;
  /** Asks the OS, every PAUSE_POLL_MS (or probe interval), whether the instance is stopped (SIGSTOP). */
  private pauseTimer: Disposable | undefined;
  /** The instance is stopped by the OS: shown unhealthy (paused), whatever its probe says. */
  private paused = false;
  private external = false;
  private restarts = 0;
  private restartTimes: number[] = [];
  private generation = 0;
  /** Why the next start happens (`restarting · src/app.ts changed`), shown while it starts. */
  private startNote: string | undefined;
  /** Extra environment for every start until cleared (the debugger's NODE_OPTIONS). */
  private envOverlay: Record<string, string> | undefined;

  constructor(
    private spec_: ServiceSpec,
    private readonly deps: SupervisorDeps,
  ) {
    this.tracker = new StatusTracker(spec_.name, spec_.kind, deps.clock, deps.emit);
  }

  /** Its definition: the one it was created with, or the last given to respec(). */
  get spec(): ServiceSpec {
    return this.spec_;
  }

  /**
   * The stack file changed while it runs: its next start uses `spec` (same name and kind). What is
   * read at each exit (the restart policy) applies at once; an instance running now keeps its
   * command, environment and probe until it is restarted.
   */
  respec(spec: ServiceSpec): void {
    if (spec.name !== this.spec_.name || spec.kind !== this.spec_.kind)
      throw new Error(`cannot redefine ${this.spec_.name} as another service or kind`);
    this.spec_ = spec;
  }

  /** An instance exists, is being started, or a restart is pending: nothing to schedule. */
  get busy(): boolean {
    return this.handle !== undefined || this.launching !== undefined || this.restartTimer !== undefined || this.external;
  }

  /** Done starting, for better or worse. */
  get settled(): boolean {
    return isSettled(this.tracker.state, this.hasHealthCheck);
  }

  /** A probe of its own, or the engine's health verdict it follows (an image's HEALTHCHECK). */
  get hasHealthCheck(): boolean {
    return this.spec.health !== undefined || this.engineHealth !== undefined;
  }

  /** Why it did not come up, when it did not. */
  get failure(): string | undefined {
    const { state, reason } = this.tracker;
    if (!isFailing(state)) return undefined;
    // The reason of a failed or exited service reads on its own ("exited with code 3"); the others get their state in front.
    switch (state) {
      case 'failed':
      case 'exited':
        return reason ?? state;
      default:
        return `${state}: ${reason ?? 'no details'}`;
    }
  }

  /** Waits on dependencies (or is queued to start). */
  waitFor(waitingOn: string[]): void {
    this.tracker.patch({ waitingOn });
    this.tracker.set('waiting', this.startNote);
  }

  /** The reason the next start shows while it stops, waits and starts (a restart for a file change). */
  noteStart(note: string | undefined): void {
    this.startNote = note;
  }

  /** Environment added to every start from now on (undefined: none). */
  setEnvOverlay(env: Record<string, string> | undefined): void {
    this.envOverlay = env;
  }

  get hasEnvOverlay(): boolean {
    return this.envOverlay !== undefined;
  }

  block(reason: string): void {
    this.tracker.set('failed', reason);
  }

  /** A fresh up() tries again even after a crash loop. */
  forgetRestarts(): void {
    this.restartTimes = [];
  }

  /** Keeps a running service's status honest about dependencies that went away after it started. */
  noteDependencies(problem: string | undefined, waitingOn: string[]): void {
    const current = this.tracker.reason;
    const ours = current?.startsWith('dependency ') ?? false;
    if (problem && (!current || ours)) this.tracker.patch({ reason: problem });
    else if (!problem && ours) this.tracker.patch({ reason: undefined });
    this.tracker.patch({ waitingOn });
  }

  start(): Promise<void> {
    const gen = ++this.generation;
    this.restartTimer = undefined;
    const note = this.startNote;
    this.startNote = undefined;
    this.tracker.set('starting', note);
    this.monitor = this.newMonitor(gen);
    if (this.spec.kind === 'external') {
      this.external = true;
      this.watch(undefined, false);
      return Promise.resolve();
    }
    const launching = this.launch(gen);
    this.launching = launching;
    return launching.then((handle) => {
      if (this.launching === launching) this.launching = undefined;
      if (handle && gen === this.generation) this.attach(handle, gen, false);
    });
  }

  adopt(handle: RunHandle, record: RunRecord): void {
    const gen = ++this.generation;
    this.monitor = this.newMonitor(gen);
    this.attach(handle, gen, true, record);
  }

  /**
   * Stops the instance (stopping -> stopped), cancelling restarts and probes. `restart`: the stop of
   * a restart, marked on its transitions (the metrics keep a down service down until it is up again).
   * `reason` is shown while it stops (`restarting · src/app.ts changed`).
   */
  async stop(opts: { restart?: boolean; reason?: string } = {}): Promise<void> {
    const why = opts.reason ?? (opts.restart ? 'restart requested' : undefined);
    const mark = { restart: opts.restart };
    this.cancel();
    let handle = this.handle;
    if (!handle && this.launching) {
      this.runAbort?.abort();
      handle = await this.launching;
    }
    this.handle = undefined;
    if (handle) {
      this.tracker.set('stopping', why, mark);
      try {
        this.tracker.patch({ lastExit: await handle.stop(this.spec.stopGracePeriod) });
      } catch (err) {
        this.deps.logger.warn(`${this.spec.name}: stop failed: ${(err as Error).message}`);
      }
      this.deps.record(this.spec.name, undefined);
    }
    this.runAbort?.abort();
    this.tracker.patch({ pid: undefined, instanceId: undefined });
    this.tracker.set('stopped', why, mark);
  }

  /** Stops watching; the instance keeps running. */
  dispose(): void {
    this.cancel();
    this.runAbort?.abort();
  }

  /** A context for runner.start/adopt: logs come back here; aborted when this run is over. */
  newContext(): StartContext {
    this.runAbort?.abort();
    const ac = new AbortController();
    this.runAbort = ac;
    return {
      env: { ...this.spec.environment, ...this.envOverlay },
      runDir: this.deps.runDir,
      signal: ac.signal,
      onLog: (line) => this.onLog(line),
    };
  }

  private cancel(): void {
    this.generation++;
    this.restartTimer?.dispose();
    this.restartTimer = undefined;
    this.resumeWatch?.abort();
    this.resumeWatch = undefined;
    this.engineHealth?.dispose();
    this.engineHealth = undefined;
    this.monitor?.dispose();
    this.monitor = undefined;
    this.pauseTimer?.dispose();
    this.pauseTimer = undefined;
    this.paused = false;
    this.external = false;
  }

  private onLog(line: LogLine): void {
    this.logs.push(line);
    this.monitor?.onLine(line);
    this.deps.emit({ type: 'log', line });
  }

  private async launch(gen: number): Promise<RunHandle | undefined> {
    const { runner, host, logger } = this.deps;
    if (!runner) return this.fail(gen, `no runner for ${this.spec.kind} services`);
    const problem = await preStartCheck(this.spec, host, logger);
    if (problem) return this.fail(gen, problem);
    if (gen !== this.generation) return undefined;
    try {
      return await runner.start(this.spec, this.newContext());
    } catch (err) {
      const resumes = isEngineUnavailable(err) && runner.whenAvailable !== undefined && gen === this.generation;
      this.fail(
        gen,
        `could not start: ${(err as Error).message}${resumes ? ' (started once the engine answers again, while supervising)' : ''}`,
      );
      if (resumes) this.resumeWhenAvailable(runner, gen);
      return undefined;
    }
  }

  /**
   * The engine is a state, not a verdict: once it answers again the service starts (or adopts its
   * container) as `up` would, unless it was stopped or started anew meanwhile (generation moved on).
   */
  private resumeWhenAvailable(runner: ServiceRunner, gen: number): void {
    const ac = new AbortController();
    this.resumeWatch = ac;
    runner.whenAvailable!(ac.signal).then(
      () => {
        if (ac.signal.aborted || gen !== this.generation) return;
        this.resumeWatch = undefined;
        this.deps.logger.info(`${this.spec.name}: the ${this.spec.kind} engine answers again; starting`);
        void this.start();
      },
      () => undefined,
    );
  }

  private fail(gen: number, reason: string): undefined {
    if (gen === this.generation) this.tracker.set('failed', reason);
    return undefined;
  }

  private attach(handle: RunHandle, gen: number, adopted: boolean, record?: RunRecord): void {
    const now = this.deps.clock.now();
    this.handle = handle;
    // A new instance: no failing probe of it counted yet.
    this.tracker.patch({ pid: handle.pid, instanceId: handle.id, adopted, probeFailures: undefined });
    const { name, kind } = this.spec;
    this.currentRecord = record ?? {
      service: name,
      kind,
      id: handle.id,
      pid: handle.pid,
      startTime: handle.startTime,
      pgid: handle.pgid,
      configHash: configHash(this.spec),
      startedAt: now,
    };
    this.deps.record(name, this.currentRecord);
    void handle.exited.then(
      (exit) => this.onExit(exit, gen),
      () => this.onExit({ code: null, signal: null, at: this.deps.clock.now() }, gen),
    );
    this.watch(handle, adopted);
    if (handle.paused) this.watchPause(handle, gen);
  }

  /**
   * Reads the OS's state of the instance every poll: stopped (SIGSTOP) is unhealthy `paused`
   * within one poll even while its tcp probe passes; once it runs again, the probe's verdict (or
   * `running`) is shown again.
   */
  private watchPause(handle: RunHandle, gen: number): void {
    const every = Math.min(PAUSE_POLL_MS, this.spec.health?.interval ?? PAUSE_POLL_MS);
    const check = async () => {
      const paused = await handle.paused!().catch(() => false);
      if (gen !== this.generation) return;
      if (paused !== this.paused) {
        this.paused = paused;
        if (paused) this.tracker.set('unhealthy', pausedReason(this.spec.kind));
        else this.showVerdict();
      }
      this.pauseTimer = this.deps.clock.setTimeout(() => void check(), every);
    };
    this.pauseTimer = this.deps.clock.setTimeout(() => void check(), every);
  }

  /** What the service is without the pause: its health monitor's verdict, else running. */
  private showVerdict(): void {
    const verdict = this.monitor?.verdict;
    if (verdict === 'healthy') this.tracker.set('healthy');
    else if (verdict === 'unhealthy') this.tracker.set('unhealthy', this.tracker.snapshot().lastProbe?.detail);
    else if (verdict === 'starting') this.tracker.set('starting');
    else if (!this.monitor) this.tracker.set('running');
  }

  /** Health-gates the instance: probes when there is a health check, else it is simply running. */
  private watch(handle: RunHandle | undefined, adopted: boolean): void {
    const why = adopted ? 'adopted from an earlier run' : undefined;
    if (!this.monitor && handle?.onEngineHealth) return this.followEngineHealth(handle.onEngineHealth.bind(handle), why);
    if (!this.monitor) return this.tracker.set('running', why);
    if (adopted) this.tracker.set('running', `${why}; checking health`);
    this.monitor.begin(handle, this.deps.clock.now(), adopted);
  }

  /** No probe of our own but the engine keeps a verdict (an image's HEALTHCHECK): the state follows it. */
  private followEngineHealth(subscribe: NonNullable<RunHandle['onEngineHealth']>, why: string | undefined): void {
    const gen = this.generation;
    this.tracker.set('starting', `${why ? `${why}; ` : ''}waiting for the container's own health check`);
    this.engineHealth = subscribe((h: EngineHealth) => {
      if (gen !== this.generation) return;
      const result = {
        ok: h.status === 'healthy',
        latencyMs: 0,
        at: h.at,
        detail: `docker health check: ${h.status}${h.detail ? `: ${h.detail}` : ''}`,
      };
      if (h.status !== 'starting') {
        this.tracker.patch({ lastProbe: result });
        this.deps.emit({ type: 'probe', service: this.spec.name, result });
      }
      if (h.status === 'healthy') this.tracker.set('healthy');
      else if (h.status === 'unhealthy') this.tracker.set('unhealthy', result.detail);
    });
  }

  private newMonitor(gen: number): HealthMonitor | undefined {
    const { health, name } = this.spec;
    if (!health) return undefined;
    const live = () => gen === this.generation;
    return new HealthMonitor(name, health, this.deps.probes, this.deps.clock, {
      result: (result, failures) => {
        if (!live()) return;
        // Unhealthy from its probe: the reason is the latest failing probe's words, so the detail and the probe's number are one probe's.
        const stillFailing = !result.ok && !this.paused && this.tracker.state === 'unhealthy' && this.monitor?.verdict === 'unhealthy';
        this.tracker.patch({ lastProbe: result, probeFailures: failures, ...(stillFailing ? { reason: result.detail } : {}) });
        this.deps.emit({ type: 'probe', service: name, result });
      },
      healthy: () => live() && !this.paused && this.tracker.set('healthy'),
      unhealthy: (reason) => live() && !this.paused && this.tracker.set('unhealthy', reason),
    });
  }

  private onExit(exit: ExitInfo, gen: number): void {
    if (gen !== this.generation) return;
    this.cancel();
    this.handle = undefined;
    this.runAbort?.abort();
    const finished = this.currentRecord;
    this.currentRecord = undefined;
    this.deps.record(this.spec.name, undefined);
    this.tracker.patch({ lastExit: exit, pid: undefined, instanceId: undefined });
    const { clock, random } = this.deps;
    const how = describeExit(exit);
    // A crash is kept on record (until the next instance replaces it) so `status` never reads it as a stop.
    if (finished && !isCleanExit(exit))
      this.deps.record(this.spec.name, {
        ...finished,
        exitedAt: exit.at,
        exitCode: exit.code ?? undefined,
        exitSignal: exit.signal ?? undefined,
      });
    const d = decideRestart(
      this.spec.restart,
      exit,
      { restarts: this.restarts, restartTimes: this.restartTimes, now: clock.now() },
      random,
    );
    if (d.action === 'restart') {
      this.tracker.set('waiting', `${how}; restarting in ${formatDuration(d.delayMs)}`);
      this.restartTimer = clock.setTimeout(() => {
        this.restartTimes.push(clock.now());
        this.tracker.patch({ restarts: ++this.restarts });
        void this.start();
        this.deps.restarting?.(this.spec.name);
      }, d.delayMs);
    } else if (d.action === 'crash-loop') {
      this.tracker.set(
        'crash-looping',
        `${how}; ${d.recent} restarts within ${formatDuration(this.spec.restart.crashLoopWindow)}, giving up`,
      );
    } else if (isCleanExit(exit)) {
      // Keep the record, marked completed, so a later `status` can tell a finished job from one never run.
      if (finished) this.deps.record(this.spec.name, { ...finished, completedAt: exit.at });
      this.tracker.set('completed');
    } else {
      this.tracker.set('exited', d.gaveUp === undefined ? how : `${how} (gave up after ${d.gaveUp} restarts)`);
    }
  }
}
