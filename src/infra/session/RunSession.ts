import type { StackConfig } from '../../core/config/model';
import type { Logger } from '../../core/ports';
import type { EngineEvent, ServiceStatus } from '../../core/engine/state';
import type { AlertEvent } from '../../core/alerts/model';
import { createStackEngine, type StackEngine } from '../createStackEngine';
import { createMonitor, type Monitor, type MonitorDeps } from '../metrics/createMonitor';
import { publishLiveStatus } from '../state/liveStatusFile';
import { writeFileAtomicSync } from '../state/writeFileAtomicSync';
import { join, resolve } from 'node:path';
import { lastRunServices, type LastRun } from '../../core/report/LastRun';
import type { StackLock } from '../state/stackLock';
import { stackStateDir } from '../state/stateHome';
import { stackIdOf } from '../process/processMarkers';
import { claimSupervision } from '../state/supervisorRecords';
import { Watchdog } from './Watchdog';
import { StartHistory } from '../state/startHistory';
import { readyDurations } from '../../core/timeline/readyDurations';
import { startTimeline } from '../../core/timeline/startTimeline';
import type { OwnedService } from './watchdogProtocol';
import { refuseLinkedDirSync } from '../state/realRunDir';

export interface RunSessionOptions {
  output: Logger;
  runDir?: string;
  /**
   * Monitor options (Prometheus, env); false: no monitor (`up --wait`). The alert history is the
   * run folder's `alerts.jsonl` (what `stackpilot report` reads) unless `historyFile` or `history` says otherwise.
   */
  monitor?: Omit<MonitorDeps, 'logger'> | false;
  /** The stack's supervisor lock, when taken before the session: the session owns it from here on and releases it at its end. */
  lock?: StackLock;
  /** dist/watchdog.js unless given (tests). */
  watchdogScript?: string;
  onEvent?: (e: EngineEvent) => void;
  onTransition?: (e: AlertEvent) => void;
  onAlert?: (e: AlertEvent) => void;
}

interface EndOptions {
  stop?: (engine: StackEngine) => Promise<unknown>;
  drainMs?: number;
  drain?: (monitor: Monitor) => Promise<void>;
  /** What runs goes on after this process (`up --wait`): the run record gets no end. */
  handOver?: boolean;
}

/**
 * One run of a stack, from Start to its end: the engine and the monitor built from the config as
 * it is when the run begins. A session that ended is never reused: the next Start creates a new
 * one from the stack file as it is then (a changed command runs, an added service is known).
 */
export class RunSession {
  readonly engine: StackEngine;
  readonly monitor: Monitor | undefined;
  private lock: StackLock | undefined;
  private watchdog: Promise<Watchdog | undefined> | undefined;
  private ownedKey = '';
  private releaseSupervision: (() => Promise<void>) | undefined;
  private readonly subs: { dispose(): void }[];
  private endedWith: ServiceStatus[] | undefined;
  private endCalled = false;
  private ended_: Promise<ServiceStatus[]> | undefined;
  private published: Promise<{ dispose(): void; flush(): void } | undefined> | undefined;
  private readonly began = Date.now();
  private recording:
    | {
        runDir: string;
        profile: string | null;
        selected: string[];
        mode: LastRun['mode'];
        outcome: { ok?: boolean; failures: string[] };
        warn: (m: string) => void;
        sub: { dispose(): void };
        pending?: ReturnType<typeof setTimeout>;
      }
    | undefined;

  constructor(
    readonly config: StackConfig,
    private readonly opts: RunSessionOptions,
  ) {
    this.engine = createStackEngine(config, { output: opts.output, ...(opts.runDir ? { runDir: opts.runDir } : {}) });
    this.monitor =
      opts.monitor === false
        ? undefined
        : createMonitor(this.engine, config, { logger: opts.output, historyFile: join(this.runDir, 'alerts.jsonl'), ...opts.monitor });
    this.lock = opts.lock;
    this.subs = [
      ...(opts.onEvent ? [this.engine.onEvent(opts.onEvent)] : []),
      ...(opts.onTransition && this.monitor ? [this.monitor.onTransition(opts.onTransition)] : []),
      ...(opts.onAlert && this.monitor ? [this.monitor.onAlert(opts.onAlert)] : []),
    ];
  }

  /** The run folder (`.stackpilot/` beside the stack file unless given): the run's records, history and logs. */
  get runDir(): string {
    return resolve(this.opts.runDir ?? join(this.config.root, '.stackpilot'));
  }

  /** True while this session holds the stack's supervisor lock. */
  get holdsLock(): boolean {
    return this.lock !== undefined;
  }

  /** The session owns `lock` from here on: released when the run ends (after its stop). */
  holdLock(lock: StackLock): void {
    if (this.ended) {
      void lock.release();
      throw new Error(`the run of ${this.config.name} has ended: start a new one`);
    }
    if (this.lock && this.lock !== lock) void this.lock.release();
    this.lock = lock;
  }

  /**
   * What this session's watchdog stops should this process die without ending the run (Ctrl-C
   * twice, SIGKILL, a crashed extension host): `services` of the stack (external ones have nothing
   * to stop). The first non-empty set starts the watchdog; an empty one leaves whatever runs to
   * whoever comes next (hand-over). Only while the session holds the lock: the watchdog takes the
   * lock over before it stops anything, so it never fights a new supervisor.
   */
  own(services: Iterable<string>, what: string): void {
    if (this.ended || !this.lock) return;
    const owned: OwnedService[] = [...new Set(services)]
      .sort()
      .map((n) => this.config.services[n])
      .filter((s) => s !== undefined && s.kind !== 'external')
      .map((s) => ({ service: s.name, kind: s.kind as OwnedService['kind'], graceMs: s.stopGracePeriod }));
    const key = JSON.stringify(owned);
    if (key === this.ownedKey) return;
    this.ownedKey = key;
    if (!this.watchdog && !owned.length) return;
    this.watchdog ??= Watchdog.start({
      stackId: stackIdOf(this.config.root),
      project: this.config.name,
      stateDir: stackStateDir(stackIdOf(this.config.root)),
      runDir: this.runDir,
      what,
      ...(this.opts.watchdogScript ? { script: this.opts.watchdogScript } : {}),
      warn: (m) => this.opts.output.warn(m),
    }).catch((err: Error) => {
      this.opts.output.warn(`no watchdog (${err.message}): what this run starts is not stopped if this process dies`);
      return undefined;
    });
    void this.watchdog.then((w) => (this.ownedKey === key ? w?.own(owned) : undefined));
  }

  /** The watchdog's pid once it runs (tests). */
  async watchdogPid(): Promise<number | undefined> {
    return (await this.watchdog)?.pid;
  }

  /**
   * Records this process as the supervisor of `services` in `<runDir>/supervisors/` until the run
   * ends (an editor window opened meanwhile shows them but does not supervise them a second time).
   */
  async recordSupervisor(runDir: string, services: string[]): Promise<void> {
    if (this.ended || this.releaseSupervision) return;
    this.releaseSupervision = await claimSupervision(runDir, services).catch((err: Error) => {
      this.opts.output.warn(`could not record this process as the supervisor: ${err.message}`);
      return undefined;
    });
  }

  get ended(): boolean {
    return this.endedWith !== undefined;
  }

  /** True from the moment end() is called (its stop may still be under way): nothing new belongs to this run. */
  get ending(): boolean {
    return this.endCalled;
  }

  /** The statuses at the end of the run (the last the engine reported), once ended. */
  get finalStatuses(): ServiceStatus[] | undefined {
    return this.endedWith;
  }

  /**
   * Publishes this run's live status to `file` (atomic, 0600) on every change until the run ends:
   * only while this process holds the stack's lock (a reader checks the holder named in it).
   */
  publish(file: string, warn: (message: string) => void): void {
    if (this.ended || this.published) return;
    const run = () => (this.recording ? { profile: this.recording.profile, selected: this.recording.selected } : undefined);
    this.published = publishLiveStatus(file, this.config.name, this.engine, this.monitor, warn, undefined, run).catch(
      (err: Error) => void warn(`could not publish the live status: ${err.message}`),
    );
  }

  /** Writes the live status now, if this session publishes it (an alert acknowledged or silenced from another process). */
  async publishNow(): Promise<void> {
    if (!this.ended) (await this.published)?.flush();
  }

  /**
   * Records this run in `<runDir>/last-run.json` for `stackpilot report` (as `stackpilot up`
   * does): now, at most once a second after state changes, with the outcome when given, and with
   * its end time when the run ends.
   */
  recordRun(
    runDir: string,
    meta: { profile?: string | null; selected: string[]; mode?: LastRun['mode'] },
    warn: (message: string) => void,
  ): void {
    if (this.endCalled) return;
    if (this.recording) {
      this.recording.selected = [...new Set([...this.recording.selected, ...meta.selected])];
      // A Start with another profile (Select Profile… in a window) makes it the run's profile.
      if (meta.profile !== undefined) this.recording.profile = meta.profile;
      this.writeRun();
      return void this.publishNow();
    }
    const sub = this.engine.onEvent((e) => {
      const r = this.recording;
      if (e.type !== 'state' || !r || r.pending) return;
      r.pending = setTimeout(() => {
        r.pending = undefined;
        this.writeRun();
      }, 1000);
    });
    this.recording = {
      runDir,
      profile: meta.profile ?? null,
      selected: meta.selected,
      mode: meta.mode ?? 'supervise',
      outcome: { failures: [] },
      warn,
      sub,
    };
    this.writeRun();
  }

  /**
   * The outcome of a start (ok, failures) for the run record; and the start itself in the start
   * history (`timings.json`: each service's time to ready, what `plan` predicts; `startups.json`:
   * the time to all ready, which the dashboard compares with earlier starts), whoever started it.
   */
  recordOutcome(outcome: { ok: boolean; failures: string[] }): void {
    // Once the run is ending its record is closed (a start cut short by the stop must not erase its end).
    if (!this.recording || this.endCalled) return;
    this.recording.outcome = outcome;
    this.writeRun();
    this.recordStart(this.recording.runDir, this.recording.warn);
  }

  private recordStart(runDir: string, warn: (message: string) => void): void {
    const statuses = this.engine.status();
    const history = new StartHistory(runDir);
    try {
      history.recordTimings(readyDurations(statuses));
      const t = startTimeline(statuses, (n) => this.config.services[n]?.dependsOn.map((d) => d.service) ?? []);
      if (t?.readyAt !== undefined) history.record({ at: t.startedAt, totalMs: t.readyAt - t.startedAt });
    } catch (err) {
      warn(`could not record the start in the start history: ${(err as Error).message}`);
    }
  }

  private writeRun(extra: Partial<LastRun> = {}): void {
    const r = this.recording;
    if (!r) return;
    try {
      const run: LastRun = {
        version: 1,
        stack: this.config.name,
        profile: r.profile,
        selected: r.selected,
        mode: r.mode,
        startedAt: this.began,
        updatedAt: Date.now(),
        ...r.outcome,
        services: lastRunServices(this.engine.status()),
        ...(this.monitor ? { metrics: this.monitor.snapshot().metrics } : {}),
        ...extra,
      };
      refuseLinkedDirSync(r.runDir);
      writeFileAtomicSync(join(r.runDir, 'last-run.json'), `${JSON.stringify(run)}\n`);
    } catch (err) {
      r.warn(`could not record the run for \`stackpilot report\`: ${(err as Error).message}`);
    }
  }

  /** Throws once the session ended: a finished run is never started again. */
  live(): StackEngine {
    if (this.ended) throw new Error(`the run of ${this.config.name} has ended: start a new one`);
    return this.engine;
  }

  /**
   * Ends the run: `stop` (when given) stops what it should first; then the watchdog is released
   * (what is left running is handed over), listeners are detached, the status file removed, the
   * supervisor record and the lock released, the monitor drains (bounded by `drainMs`; `drain`
   * replaces that wait) and everything is disposed. Idempotent: a call while the run is ending
   * waits for that end (and does not stop, release or dispose anything a second time).
   */
  end(opts: EndOptions = {}): Promise<ServiceStatus[]> {
    // One end per run: a second call (a window's dispose() while its deactivate() is still stopping)
    // waits for the first. Run side by side, it released the watchdog before the stop was done, so a
    // host killed mid-stop left a container stopped, never removed, and nothing logged it.
    return (this.ended_ ??= this.endOnce(opts));
  }

  private async endOnce(opts: EndOptions): Promise<ServiceStatus[]> {
    this.endCalled = true;
    if (this.recording) {
      if (this.recording.pending) clearTimeout(this.recording.pending);
      this.recording.sub.dispose();
      // The run's uptime ends when it is asked to end, not after the deliberate stop; a run handed
      // over (`up --wait` exiting) goes on.
      this.writeRun(opts.handOver ? {} : { endedAt: Date.now() });
      // Written for the last time: whatever finishes during the stop (a start it cut short) adds nothing.
      this.recording = undefined;
    }
    try {
      if (opts.stop) await opts.stop(this.engine);
    } finally {
      const statuses = this.engine.status();
      this.endedWith = statuses;
      for (const s of this.subs) s.dispose();
      (await this.published)?.dispose();
      // Only now: had this process died during the stop, the watchdog would have finished it.
      await (await this.watchdog)?.release();
      await this.releaseSupervision?.();
      const lock = this.lock;
      this.lock = undefined;
      await lock?.release().catch((err: Error) => this.opts.output.warn(`could not release the stack's lock: ${err.message}`));
      if (this.monitor) {
        if (opts.drain) await opts.drain(this.monitor);
        else await Promise.race([this.monitor.drain(), new Promise((r) => setTimeout(r, opts.drainMs ?? 2000).unref())]);
        this.monitor.dispose();
      }
      this.engine.dispose();
    }
    return this.endedWith;
  }
}
