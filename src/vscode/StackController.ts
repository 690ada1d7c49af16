import * as path from 'node:path';
import * as vscode from 'vscode';
import type { StackConfig } from '../core/config/model';
import type { LogLine } from '../core/ports';
import type { EngineEvent, ServiceStatus, StateTransition } from '../core/engine/state';
import { emptySnapshot, visibleFiring, type StackSnapshot } from '../core/status/StackSnapshot';
import type { AlertEvent, AlertView } from '../core/alerts/model';
import type { Monitor } from '../infra/metrics';
import { RecordedRunTransitions } from '../infra/state/recordedRunTransitions';
import { readLastRun, readLastStops } from '../infra/state/lastRunFile';
import { resumedProfile } from '../core/session/resumedProfile';
import { listProfiles } from '../core/config/selectServices';
import { explainStops } from '../core/report/lastStops';
import { restartWithFile, upWithFile } from '../infra/session/applyStackFile';
import { RunSession } from '../infra/session/RunSession';
import { liveStatusFile } from '../infra/state/liveStatusFile';
import { describeHolder, stackLocks } from '../infra/state/stackLock';
import { controlDir, serveControl, type ControlServer } from '../infra/session/controlChannel';
import { supervisorControlHandler } from '../infra/session/controlHandler';
import { requestSupervisor } from '../infra/session/requestSupervisor';
import { readDetached } from '../infra/state/handOverFile';
import { takenOver } from '../core/session/ownership';
import { whoSupervises } from '../infra/state/supervisedElsewhere';
import { SupervisedElsewhereError } from '../infra/state/SupervisedElsewhereError';
import { IncidentLog } from '../core/alerts/IncidentLog';
import { loadStackFromDisk, type StackEngine, createStackEngine } from '../infra/createStackEngine';
import { parseByteSize } from '../core/config/parseByteSize';
import { SupervisorViewWatch } from '../infra/state/watchSupervisorView';
import { readSupervisorView, type SupervisorView } from '../infra/state/readSupervisorView';
import { withSupervisorView } from '../core/status/supervisorSnapshot';
import { clockTime } from '../shared/clockTime';
import { MirroredMetrics } from '../core/status/MirroredMetrics';
import { SupervisorMetricsPoll } from '../infra/session/SupervisorMetricsPoll';
import type { ControlArgs } from '../core/control/controlRequest';
import { MAX_SILENCE_MS, MIN_SILENCE_MS } from '../core/control/controlRequest';

export interface StartResult {
  ok: boolean;
  failures: string[];
  /**
   * Set when the start was cut short by a stop before everything was up (Stop here, `stackpilot
   * down|stop` from a terminal): who stopped it. On purpose, not a failure of the start.
   */
  stoppedBy?: string;
}

/**
 * Holds the loaded stack and, while it runs, its engine. Everything the views show comes from
 * `snapshot`; `onDidChange` fires (coalesced) whenever it changes. Extension-lifetime object; the
 * engine inside is stack-run lifetime.
 */
export class StackController implements vscode.Disposable {
  private settling: Promise<unknown> = Promise.resolve();
  /** The first read of the stack file only (not the resume after it): what stops and pickers wait for. */
  private loaded: Promise<unknown> = Promise.resolve();
  private readonly changed = new vscode.EventEmitter<StackSnapshot>();
  readonly onDidChange = this.changed.event;
  private readonly logged = new vscode.EventEmitter<LogLine>();
  /** Every output line of every service this window supervises. */
  readonly onDidLog = this.logged.event;
  private current: StackSnapshot = emptySnapshot;
  /** This window's current run (engine + monitor built at its start); undefined between runs. A run that ended is never reused. */
  private session: RunSession | undefined;
  private get engine(): StackEngine | undefined {
    return this.session?.engine;
  }
  private get monitor(): Monitor | undefined {
    return this.session?.monitor;
  }
  private readonly alerted = new vscode.EventEmitter<AlertEvent>();
  /** Alert transitions a person should hear about (firing, resolved, escalated; not held back). */
  readonly onDidAlert = this.alerted.event;
  private pending: NodeJS.Timeout | undefined;
  /** What the last read-only look at an earlier run saw (before this window had an engine). */
  private observed: ServiceStatus[] = [];
  /** What this window started (Start, Start/Restart Service), as opposed to what it only adopted from an earlier run. */
  private readonly startedHere = new Set<string>();
  /** Who asked for the last stop (this window, or another process over the control channel): a start it cut short says so. */
  private lastStopBy: string | undefined;
  /** Alerts of this run that fired and resolved (the dashboard's incidents). */
  readonly incidents = new IncidentLog();
  /** While this window holds the lock: the channel through which other processes ask it to stop or restart. */
  private control: Promise<ControlServer | undefined> | undefined;
  /** Follows the stack's live supervisor when it is another process (its published view is what this window shows). */
  private viewWatch: SupervisorViewWatch | undefined;
  /** That supervisor's metrics, fetched while the dashboard is visible. */
  private readonly mirror = new MirroredMetrics();
  private metricsPoll: SupervisorMetricsPoll | undefined;
  private metricsPollRoot: string | undefined;
  private recorded: RecordedRunTransitions | undefined;
  private onMirror: ((full: boolean) => void) | undefined;
  /** True while a look at a holder that publishes nothing is under way (see showSupervisor). */
  private lookingAtSilent = false;
  /** The profile of the earlier run this window resumed, while `stackpilot.profile` is not set. */
  private resumedProfile: string | undefined;
  private mirroredFrom: string | undefined;

  constructor(
    private readonly folder: vscode.WorkspaceFolder | undefined,
    private readonly output: vscode.LogOutputChannel,
  ) {}

  get snapshot(): StackSnapshot {
    return this.current;
  }

  /** This run's alerts as they are now (none between runs): what a pop-up is checked against before it is shown. */
  activeAlerts(): AlertView[] {
    return this.monitor?.alerts() ?? [];
  }

  /**
   * The measured metrics for the dashboard: the monitor's while this window watches a run; the
   * live supervisor's as fetched (see watchSupervisorMetrics) while another process supervises it.
   */
  get metrics(): Monitor['store'] | MirroredMetrics | undefined {
    if (this.monitor) return this.monitor.store;
    return this.current.supervisedBy && !this.session?.holdsLock ? this.mirror : undefined;
  }

  /**
   * While another process supervises the stack and `visible` (the dashboard can be seen), fetches
   * its metrics over the chart window every second; `onData(full)` after each fetch. Nothing is
   * asked otherwise: the supervisor computes nothing for a hidden dashboard.
   */
  watchSupervisorMetrics(visible: boolean, windowMs: number, onData: (full: boolean) => void): void {
    this.onMirror = onData;
    const root = this.current.config?.root;
    const wanted = visible && !!root && !!this.current.supervisedBy && !this.session?.holdsLock;
    if (!wanted) return this.metricsPoll?.set(false, windowMs);
    if (this.metricsPoll && this.metricsPollRoot !== root) {
      this.metricsPoll.dispose();
      this.metricsPoll = undefined;
    }
    this.metricsPollRoot = root;
    this.metricsPoll ??= new SupervisorMetricsPoll(
      root,
      this.mirror,
      () => new Set(Object.keys(this.current.config?.services ?? {})),
      (full) => this.onMirror?.(full),
      (why) => this.output.warn(`could not fetch the supervisor's metrics for the dashboard: ${why}`),
    );
    this.metricsPoll.set(true, windowMs);
  }

  /**
   * While this window runs no session of its own (another process supervises the stack, or
   * `up --wait` left it running): that run's transitions as its record has them, for the
   * dashboard's start timeline (the live status and a look at the processes carry none).
   */
  recordedTransitions(): ReadonlyMap<string, readonly StateTransition[]> | undefined {
    const config = this.current.config;
    if (!config || this.session?.holdsLock) return undefined;
    const dir = path.join(config.root, '.stackpilot');
    if (this.recorded?.runDir !== dir || this.recorded.stack !== config.name) this.recorded = new RecordedRunTransitions(dir, config.name);
    return this.recorded.read();
  }

  /** The stack's run folder (`.stackpilot/` beside the stack file), once a stack is loaded. */
  get runDir(): string | undefined {
    return this.current.config ? path.join(this.current.config.root, '.stackpilot') : undefined;
  }

  configPathSetting(): string {
    return vscode.workspace.getConfiguration('stackpilot', this.folder).get<string>('configPath') || 'stackpilot.yaml';
  }

  /** `stackpilot.allowFilesOutsideStack` and `stackpilot.maxFileSize` (restricted: untrusted workspaces see the defaults). */
  readingSettings(): { allowOutside: boolean; maxFileBytes?: number } {
    const c = vscode.workspace.getConfiguration('stackpilot', this.folder);
    const size = parseByteSize(c.get<string>('maxFileSize') ?? '');
    return { allowOutside: c.get<boolean>('allowFilesOutsideStack') === true, ...(size ? { maxFileBytes: size } : {}) };
  }

  /** `stackpilot.profile`, else the profile of the earlier run this window resumed (see resumedProfile). */
  profileSetting(): string | undefined {
    return this.ownProfileSetting() ?? this.resumedProfile;
  }

  private ownProfileSetting(): string | undefined {
    return vscode.workspace.getConfiguration('stackpilot', this.folder).get<string>('profile') || undefined;
  }

  /** Re-read the stack file(s). A running engine keeps running with the config it started with until Start or a Restart applies it. */
  async reload(): Promise<void> {
    if (!this.folder) return this.set({ ...emptySnapshot, trusted: vscode.workspace.isTrusted });
    const loaded = await loadStackFromDisk({
      root: this.folder.uri.fsPath,
      configPath: this.configPathSetting(),
      profile: this.profileSetting(),
      env: process.env,
      ...this.readingSettings(),
    });
    // No stack file at all is not a problem in a file that does not exist: the welcome view offers to create one.
    loaded.diagnostics = loaded.diagnostics.filter((d) => d.code !== 'no-stack-file');
    for (const d of loaded.diagnostics)
      this.output.debug(`${d.severity} ${path.basename(d.location.file)}:${d.location.line}:${d.location.column} ${d.message}`);
    this.viewWatch ??= new SupervisorViewWatch(
      this.folder.uri.fsPath,
      (v) => void this.onSupervisorView(v),
      process.env,
      undefined,
      () => !!this.session?.holdsLock,
    );
    const other = !this.engine && loaded.config ? await this.otherSupervisor(loaded.config) : undefined;
    // An error in the file while a run goes on: what runs stays in sight (as it was started), the errors beside it.
    const runConfig = !loaded.config && this.engine ? this.session?.config : undefined;
    const base: StackSnapshot = {
      ...this.current,
      config: loaded.config ?? runConfig,
      configFromRun: runConfig ? true : undefined,
      configPath: path.join(this.folder.uri.fsPath, this.configPathSetting()),
      diagnostics: loaded.diagnostics,
      selected: runConfig ? this.current.selected : loaded.selected,
      profile: runConfig ? this.current.profile : loaded.profile,
      trusted: vscode.workspace.isTrusted,
      stale: undefined,
    };
    if (other && loaded.config) return this.showSupervisor(base, loaded.config, other);
    this.set({
      ...base,
      statuses: this.engine ? this.statusesOf(this.engine) : (this.observed = await this.observe(loaded.config)),
      ...(this.engine ? {} : { alerts: [], firingAlerts: 0 }),
      supervisedBy: loaded.config ? await this.supervisedElsewhereOf(loaded.config) : undefined,
    });
  }

  /** The live lock holder of the stack when it is another process (a `stackpilot up`, another window), with its view. */
  private async otherSupervisor(config: StackConfig): Promise<SupervisorView | undefined> {
    if (this.session?.holdsLock) return undefined;
    const v = await readSupervisorView(config.root).catch(() => undefined);
    return v?.holder && v.holder.pid !== process.pid ? v : undefined;
  }

  /**
   * Shows what another live supervisor shows: its published states, reasons and alerts (marked
   * stale when it stopped answering). This window sends no probe of its own meanwhile: its one-shot
   * verdict would disagree with the supervisor's retries. Before it has published, what records
   * and /proc tell, unprobed.
   */
  private async showSupervisor(base: StackSnapshot, config: StackConfig, v: SupervisorView): Promise<void> {
    const who = describeHolder(v.holder!);
    // Another supervisor (or the same pid reused): the metrics fetched from the last one are not its.
    const id = `${v.holder!.pid}:${v.holder!.startTime}`;
    if (id !== this.mirroredFrom) this.mirror.clear();
    this.mirroredFrom = id;
    if (v.live) return this.set(withSupervisorView(base, who, v.live, v.freshness, clockTime));
    // A holder that publishes nothing (a watchdog stopping what a dead supervisor left) is looked at
    // again on every read of the watch, one look at a time: `stopping` while it stops, as status says.
    if (this.lookingAtSilent) return;
    this.lookingAtSilent = true;
    try {
      const statuses = await this.observe(config, `not probed: ${who} supervises it and published no status`);
      this.set({ ...base, statuses, alerts: [], firingAlerts: 0, supervisedBy: who });
    } finally {
      this.lookingAtSilent = false;
    }
  }

  /** The supervisor's view changed (a write, a new or departed holder, its view going stale). */
  private async onSupervisorView(v: SupervisorView): Promise<void> {
    const config = this.current.config;
    if (!config || this.engine || this.session?.holdsLock) return;
    if (v.holder && v.holder.pid !== process.pid) return this.showSupervisor(this.current, config, v);
    // Nobody supervises it any more (or this window does): back to looking for itself.
    if (this.current.supervisedBy) await this.reload();
  }

  /**
   * Supervises again what an earlier window left running, without the user pressing Start: the
   * services seen alive are adopted (not restarted), so crashes restart them by policy and alerts
   * fire. Nothing else starts. Only in a trusted workspace, and only before this window runs the stack.
   */
  async resume(): Promise<void> {
    const config = this.current.config;
    if (this.engine || !config || !vscode.workspace.isTrusted) return;
    // A service whose config changed since would be restarted by up(): leave it to Start, which says so.
    const candidates = this.current.statuses.filter((s) => s.adopted && !s.reason?.startsWith('configuration changed'));
    const alive: string[] = [];
    for (const s of candidates) {
      const other = await whoSupervises(s, this.runDir);
      if (other) this.output.info(`${s.name} is supervised by ${other}: shown, not supervised from this window too`);
      else alive.push(s.name);
    }
    if (!alive.length || this.engine) return;
    await this.resumeProfile(config);
    try {
      await this.claim(config);
    } catch (err) {
      if (err instanceof SupervisedElsewhereError) return this.set({ ...this.current, supervisedBy: describeHolder(err.holder) });
      throw err;
    }
    this.output.info(`resuming supervision of ${alive.join(', ')} (left running by an earlier window)`);
    const engine = this.ensureEngine(config);
    const result = await engine.up(alive);
    if (!result.ok) this.output.warn(`resuming supervision: ${result.failures.join('; ')}`);
    // What an earlier window left is this window's now (stopOnClose stops it), unless `up --wait` detached it on purpose.
    const adopted = this.statusesOf(engine).filter((s) => alive.includes(s.name) && s.instanceId !== undefined);
    const taken = takenOver(adopted, readDetached(config.root), true);
    for (const name of taken) this.startedHere.add(name);
    const left = alive.filter((n) => !taken.includes(n));
    if (left.length) this.output.info(`${left.join(', ')}: started by \`stackpilot up --wait\`, left running when this window closes`);
    this.updateOwnership();
    // Active once adopted: from here on a crash is restarted and alerts fire.
    this.set({ ...this.current, active: true, statuses: this.statusesOf(engine) });
  }

  /**
   * The run being resumed was started with another profile than this window's: without a
   * `stackpilot.profile` of its own the window takes it (its rows, its Start); with one, it says so.
   */
  private async resumeProfile(config: StackConfig): Promise<void> {
    let run;
    try {
      run = readLastRun(path.join(config.root, '.stackpilot')).run;
    } catch {
      return;
    }
    const r = resumedProfile(
      run,
      { name: config.name, profiles: listProfiles(config) },
      { setting: this.ownProfileSetting(), profile: this.current.profile },
    );
    if (r.note) this.output.info(r.note);
    if (r.use === undefined) return;
    this.resumedProfile = r.use;
    await this.reload();
  }

  /**
   * The engine's statuses, except that a service this engine never touched keeps what the look at
   * the earlier run saw (a job that completed then is still completed, not "stopped").
   */
  private statusesOf(engine: StackEngine): ServiceStatus[] {
    const seen = new Map(this.observed.map((s) => [s.name, s]));
    return engine.status().map((s) => (s.state === 'stopped' && s.transitions.length === 0 && seen.get(s.name)) || s);
  }

  /** Status of what an earlier run left running (read-only: nothing is started or stopped). */
  private async observe(config: StackConfig | undefined, notProbed?: string) {
    if (!config) return [];
    // Restricted Mode: verified records and container labels only; no probe is sent.
    const engine = createStackEngine(config, { output: this.output, restricted: !vscode.workspace.isTrusted });
    try {
      const observed = await engine.observe(notProbed !== undefined ? { notProbed } : {});
      // A service stopped with nothing left to say says who stopped it (the last run's record: down, stop, the watchdog).
      return explainStops(observed, readLastStops(path.join(config.root, '.stackpilot'), config.name), clockTime);
    } catch (err) {
      this.output.warn(`could not read the state of an earlier run: ${String(err)}`);
      return [];
    } finally {
      engine.dispose();
    }
  }

  /** The first read and resume after activation: starts wait for it (see StackpilotExtension). */
  whenSettled(first: Promise<unknown>, read: Promise<unknown> = first): void {
    this.settling = first.catch(() => undefined);
    this.loaded = read.catch(() => undefined);
  }

  /**
   * Resolves once the stack file was first read: commands that pick from it wait. Not for the resume
   * after it, which may wait long on an adopted service's health: a Stop must be able to cut it short.
   */
  settled(): Promise<unknown> {
    return this.loaded;
  }

  async start(signal?: AbortSignal): Promise<StartResult | undefined> {
    requireTrust();
    await this.settling;
    // A new run of the stack: the last run's incidents are not this one's.
    if (!this.current.active) this.incidents.clear();
    await this.reload();
    const config = this.current.config;
    if (!config || this.current.configFromRun)
      throw new Error(
        this.current.configFromRun
          ? 'the stack file has errors: see the Problems panel (what runs goes on as it was started)'
          : this.current.diagnostics.length
            ? 'the stack file has errors: see the Problems panel'
            : 'no stack file in this workspace',
      );
    await this.claim(config);
    const engine = this.ensureEngine(config);
    for (const name of this.current.selected) this.startedHere.add(name);
    this.updateOwnership();
    this.set({ ...this.current, active: true, statuses: this.statusesOf(engine) });
    const run = this.session;
    // On a running stack, the file as it is now: a service whose definition changed restarts with it.
    const result = await upWithFile(engine, config, this.current.selected, this.output, { signal });
    // The run was stopped before it was up: it is over (or going on without this start); nothing of it is recorded.
    if (this.cutShort(run)) return { ok: false, failures: result.failures, stoppedBy: this.lastStopBy ?? 'a stop' };
    this.session?.recordOutcome({ ok: result.ok, failures: result.failures });
    this.set({ ...this.current, statuses: this.statusesOf(engine) });
    return result.interrupted === 'stopped' ? { ...result, stoppedBy: this.lastStopBy ?? 'a stop' } : result;
  }

  /** True when `run` is no longer this window's live run: it ended (or is ending) while a start of it waited. */
  private cutShort(run: RunSession | undefined): boolean {
    return !run || run !== this.session || run.ending;
  }

  /** Starts one service and what it depends on (whatever the profile), health-gated. */
  async startService(name: string, signal?: AbortSignal): Promise<StartResult> {
    requireTrust();
    await this.settling;
    const config = this.requireService(name);
    await this.claim(config);
    const engine = this.ensureEngine(config);
    const withDeps = (
      await loadStackFromDisk({
        root: config.root,
        configPath: this.configPathSetting(),
        services: [name],
        env: process.env,
        ...this.readingSettings(),
      })
    ).selected;
    for (const n of withDeps.length ? withDeps : [name]) this.startedHere.add(n);
    this.updateOwnership();
    this.set({ ...this.current, active: true, statuses: this.statusesOf(engine) });
    const run = this.session;
    const result = await engine.up(withDeps.length ? withDeps : [name], { signal });
    if (this.cutShort(run)) return { ok: false, failures: result.failures, stoppedBy: this.lastStopBy ?? 'a stop' };
    this.set({ ...this.current, statuses: this.statusesOf(engine) });
    return result.interrupted === 'stopped' ? { ...result, stoppedBy: this.lastStopBy ?? 'a stop' } : result;
  }

  /** `by`: who asked, when not this window (a `stackpilot stop` over the control channel). */
  async stopService(name: string, by?: string): Promise<void> {
    this.lastStopBy = by ?? `Stop Service ${name} in this window`;
    await this.loaded;
    const config = this.requireService(name);
    if (await this.askedSupervisor(config, 'stop', [name])) return;
    // Untrusted: stop it with an engine of its own, without a monitor (whose webhooks and Prometheus port the repo configures).
    if (!this.engine && !vscode.workspace.isTrusted)
      return this.withUnmonitoredEngine(config, async (engine) => void (await engine.down([name])));
    const engine = this.ensureEngine(config);
    await engine.down([name]);
    this.set({ ...this.current, statuses: this.statusesOf(engine) });
  }

  /** For stopping in an untrusted workspace what an earlier run left: no monitor, no state kept in this window. */
  private async withUnmonitoredEngine(config: StackConfig, fn: (engine: StackEngine) => Promise<void>): Promise<void> {
    // Restricted: stops only what verifiably belongs to this stack (marked processes, containers labelled with its id).
    const engine = createStackEngine(config, { output: this.output, restricted: true });
    try {
      await fn(engine);
    } finally {
      engine.dispose();
    }
    this.observed = await this.observe(config);
    this.set({ ...this.current, statuses: this.observed });
  }

  /** `opts.reason` is shown while it restarts (a file change); `opts.env` stays for later starts (the debugger's). */
  async restartService(
    name: string,
    opts: { reason?: string; env?: Record<string, string> | null; signal?: AbortSignal } = {},
  ): Promise<void> {
    requireTrust();
    await this.settling;
    if (await this.askedSupervisor(this.requireService(name), 'restart', [name])) return;
    await this.claim(this.requireService(name));
    this.startedHere.add(name);
    const engine = this.ensureEngine(this.requireService(name));
    this.updateOwnership();
    // The definition the file has now (the tree shows it), not the one the run started with.
    await this.reload();
    await restartWithFile(engine, name, this.current.config, this.output, opts);
    this.set({ ...this.current, statuses: this.statusesOf(engine) });
  }

  /** Lines kept in memory for a service this window supervises (bounded). */
  recentLogs(name: string): LogLine[] {
    return this.engine?.logs(name) ?? [];
  }

  private requireService(name: string): StackConfig {
    const config = this.current.config;
    if (!config) throw new Error('the stack file has errors or is missing: see the Problems panel');
    if (!config.services[name])
      throw new Error(`no service named ${name} in ${path.basename(this.current.configPath ?? 'the stack file')}`);
    return config;
  }

  /**
   * Takes the stack's supervisor lock for this window (once). Another live holder means the stack
   * is supervised elsewhere: nothing is started or supervised here.
   */
  private async claim(config: StackConfig): Promise<void> {
    if (this.session?.holdsLock) return;
    const got = await stackLocks(config.root).acquire('window');
    if ('heldBy' in got) throw new SupervisedElsewhereError(config.name, got.heldBy);
    // The run owns the lock: released when it ends (Stop, close), after what it stops.
    (this.session ??= this.newSession(config)).holdLock(got.lock);
    this.control = serveControl(
      controlDir(config.root),
      supervisorControlHandler(
        {
          status: () => this.current.statuses,
          stop: async (names, from) => {
            for (const n of names) await this.stopService(n, from);
          },
          restart: (n, o) => this.restartService(n, o),
          monitor: () => this.monitor,
          alertsChanged: async () => {
            this.scheduleUpdate();
            await this.session?.publishNow();
          },
        },
        () => Object.keys((this.session?.config ?? this.current.config)?.services ?? {}),
        (from) => {
          this.output.info(`${from} asked to stop the stack: stopping it`);
          return this.stop(from);
        },
        (line) => this.output.info(line),
      ),
      (m) => this.output.warn(m),
    ).catch((err: Error) => void this.output.warn(`could not open the stack's control channel: ${err.message}`));
    // This window supervises from here: nothing to fetch from another one.
    this.metricsPoll?.set(false, 0);
    this.mirror.clear();
    if (this.current.supervisedBy || this.current.stale) this.set({ ...this.current, supervisedBy: undefined, stale: undefined });
  }

  /**
   * In a window that does not hold the lock, Stop/Restart go through the stack's live supervisor
   * (a `stackpilot up`, another window): it acts, so nothing it supervises is restarted behind our
   * back. True when it did; false when nothing supervises the stack (this window acts itself).
   */
  private async askedSupervisor(config: StackConfig, op: 'down' | 'stop' | 'restart', names: string[]): Promise<boolean> {
    if (this.session?.holdsLock) return false;
    const asked = await requestSupervisor(config.root, op, names, { from: `a VS Code window (pid ${process.pid})` });
    if (asked.kind === 'none') return false;
    if (asked.kind === 'unreachable')
      throw new Error(
        `${config.name} is supervised by ${describeHolder(asked.holder)}, which does not answer (${asked.why}): nothing was done`,
      );
    if (!asked.reply.ok) throw new Error(`${describeHolder(asked.holder)} refused: ${asked.reply.error}`);
    this.output.info(`${describeHolder(asked.holder)} ${asked.reply.message}`);
    if (op === 'down') await stackLocks(config.root).waitUntilFree(30_000);
    await this.reload();
    return true;
  }

  /**
   * Tells the run's watchdog what to stop should this window's extension host die without ending
   * the run (a crash, the editor killed): with stopOnClose, what this window started or took over;
   * without, nothing (what runs is handed over to the next window). Called when either changes.
   */
  updateOwnership(): void {
    const stopOnClose = vscode.workspace.getConfiguration('stackpilot', this.folder).get<boolean>('stopOnClose', true);
    this.session?.own(stopOnClose ? this.startedHere : [], 'a VS Code window');
  }

  /** Who else supervises this stack right now (a live lock holder other than this window), for the views. */
  private async supervisedElsewhereOf(config: StackConfig): Promise<string | undefined> {
    if (this.session?.holdsLock) return undefined;
    const h = await stackLocks(config.root)
      .holder()
      .catch(() => undefined);
    return h && h.pid !== process.pid ? describeHolder(h) : undefined;
  }

  /** The current run's engine, or a new run built from `config` as it is now. */
  private ensureEngine(config: StackConfig): StackEngine {
    if (!this.session) this.session = this.newSession(config);
    // Holding the lock, this window is the stack's supervisor: `stackpilot status` elsewhere reads its
    // view, and the run is recorded for `stackpilot report` (a Start, a service started, a resumed run).
    if (this.session.holdsLock) {
      this.session.publish(liveStatusFile(config.root), (m) => this.output.warn(m));
      this.session.recordRun(this.session.runDir, { profile: this.current.profile ?? null, selected: this.current.selected }, (m) =>
        this.output.warn(m),
      );
    }
    return this.session.live();
  }

  /** A new run: its engine's events feed the views, and its monitor evaluates alerts over it. */
  private newSession(config: StackConfig): RunSession {
    return new RunSession(config, {
      output: this.output,
      // Its alert history is the run folder's alerts.jsonl, which `stackpilot report` reads (as after `stackpilot up`).
      runDir: path.join(config.root, '.stackpilot'),
      onEvent: (e) => this.onEngineEvent(e),
      onTransition: (e) => {
        this.incidents.record(e);
        this.scheduleUpdate();
      },
      onAlert: (e) => this.alerted.fire(e),
    });
  }

  /** Ends the current run (after `stop`, if given); its last statuses stay shown. */
  private async endSession(stop?: (engine: StackEngine) => Promise<unknown>, handOver = false): Promise<ServiceStatus[]> {
    const session = this.session;
    if (!session) return [];
    // The channel closes with the run. Not awaited: a `down` request being answered may be what brought us here.
    const control = this.control;
    this.control = undefined;
    void control?.then((c) => c?.dispose());
    try {
      return await session.end({ ...(stop ? { stop } : {}), ...(handOver ? { handOver } : {}) });
    } finally {
      if (this.session === session) this.session = undefined;
    }
  }

  /**
   * Acknowledges an alert: this window's monitor's, or, while another process supervises the stack,
   * that supervisor's (it owns the alert state; every view, this one included, then shows it).
   * False when the alert is not firing (any more); throws when the supervisor refuses or does not answer.
   */
  async acknowledgeAlert(key: string): Promise<boolean> {
    if (this.monitor) {
      const ok = this.monitor.acknowledge(key);
      this.scheduleUpdate();
      return ok;
    }
    return this.askSupervisorAboutAlert('acknowledge', { alert: key });
  }

  /** Silences an alert (its rule and service) for `durationMs`: here, or through the supervisor that owns it. False when it is not active (any more). */
  async silenceAlert(key: string, durationMs: number): Promise<boolean> {
    const alert = this.current.alerts.find((a) => a.key === key);
    if (!alert) throw new Error(`no alert ${key} is active`);
    // The same bounds as through the control channel (a command argument can be anything).
    if (!Number.isInteger(durationMs) || durationMs < MIN_SILENCE_MS || durationMs > MAX_SILENCE_MS)
      throw new Error(`a silence lasts 1 s to 7 days, not ${String(durationMs)} ms`);
    if (!this.monitor) return this.askSupervisorAboutAlert('silence', { alert: key, durationMs });
    this.monitor.silence(
      { ruleId: alert.ruleId, ...(alert.service ? { service: alert.service } : {}) },
      durationMs,
      'silenced from the editor',
    );
    this.scheduleUpdate();
    return true;
  }

  /**
   * An alert request to the live supervisor of the stack (a window without the lock). The
   * supervisor publishes the change before it answers: the view is read again at once.
   */
  private async askSupervisorAboutAlert(op: 'acknowledge' | 'silence', args: ControlArgs): Promise<boolean> {
    const config = this.current.config;
    if (!config || this.session?.holdsLock || !this.current.supervisedBy) return false;
    const asked = await requestSupervisor(config.root, op, [], { from: `a VS Code window (pid ${process.pid})`, args, waitMs: 0 });
    if (asked.kind === 'none') throw new Error(`nothing supervises ${config.name} any more: the alert is gone with its run`);
    const verb = op === 'acknowledge' ? 'acknowledged' : 'silenced';
    if (asked.kind === 'unreachable')
      throw new Error(
        `the alert was not ${verb}: ${config.name} is supervised by ${describeHolder(asked.holder)}, which does not answer (${asked.why})`,
      );
    if (!asked.reply.ok) {
      if (/^no (firing|active) alert/.test(asked.reply.error)) return false;
      throw new Error(`${describeHolder(asked.holder)} refused: ${asked.reply.error}`);
    }
    this.output.info(`${describeHolder(asked.holder)} ${asked.reply.message}`);
    this.viewWatch?.refresh();
    return true;
  }

  /**
   * Takes the stack over from the `stackpilot up` that supervises it: that process is asked to stop
   * (SIGTERM, as Ctrl-C: it stops its services), then this window may start. Another window is never
   * signalled (it is an editor process): the user stops the stack there.
   */
  async takeOver(): Promise<void> {
    await this.loaded;
    const config = this.current.config;
    if (!config || this.session?.holdsLock) return;
    const h = await stackLocks(config.root).holder();
    if (!h) return;
    if (h.kind === 'window') throw new Error(`${config.name} is supervised by ${describeHolder(h)}: stop it in that window first`);
    this.output.info(`taking over ${config.name} from ${describeHolder(h)}: asking it to stop`);
    await this.askedSupervisor(config, 'down', []);
  }

  /** `by`: who asked, when not this window (`stackpilot down` over the control channel). */
  async stop(by?: string): Promise<void> {
    this.lastStopBy = by ?? 'Stop Stack in this window';
    // Before the first read of the stack file a Stop would find no config and do nothing (a clean CI run).
    // Not the resume after it: a `down` over the channel (opened by that resume) would wait for it.
    await this.loaded;
    if (!this.engine && this.current.config && !vscode.workspace.isTrusted)
      return this.withUnmonitoredEngine(this.current.config, async (engine) => void (await engine.down()));
    // Supervised elsewhere (a `stackpilot up`, another window): it stops its stack itself (else it would restart what we stop).
    if (!this.session?.holdsLock && this.current.config && (await this.askedSupervisor(this.current.config, 'down', []))) return;
    if (!this.session && this.current.config) this.session = this.newSession(this.current.config);
    if (!this.session) return;
    const seen = new Map(this.observed.map((s) => [s.name, s]));
    // The run ends here: the next Start builds a new engine from the stack file as it is then.
    const statuses = await this.endSession((engine) => engine.down());
    this.observed = [];
    this.startedHere.clear();
    this.set({
      ...this.current,
      active: false,
      alerts: [],
      firingAlerts: 0,
      statuses: statuses.map((s) => (s.state === 'stopped' && s.transitions.length === 0 && seen.get(s.name)) || s),
    });
    // The run's services were shown over a file with errors: nothing runs now, so the file as it is.
    if (this.current.configFromRun) await this.reload();
  }

  private onEngineEvent(e: EngineEvent): void {
    if (e.type === 'log') return this.logged.fire(e.line);
    this.scheduleUpdate();
  }

  /** Coalesces bursts (a start-up emits many transitions within milliseconds) into one update. */
  private scheduleUpdate(): void {
    this.pending ??= setTimeout(() => {
      this.pending = undefined;
      if (!this.engine) return;
      const alerts = this.monitor?.snapshot().alerts ?? [];
      this.set({ ...this.current, statuses: this.statusesOf(this.engine), alerts, firingAlerts: visibleFiring(alerts).length });
    }, 50);
  }

  private set(next: StackSnapshot): void {
    this.current = next;
    this.changed.fire(next);
  }

  /** Stop what this window started when stopOnClose is set; otherwise leave it for the next window to adopt. */
  async shutdown(): Promise<void> {
    const stopOnClose = vscode.workspace.getConfiguration('stackpilot', this.folder).get<boolean>('stopOnClose', true);
    // What was only adopted from an earlier run (say `stackpilot up` in a terminal) is left as it was found.
    const toStop = stopOnClose ? [...this.startedHere] : [];
    // All of the stack is this window's: a full down, which also removes the project networks (as `down` and the watchdog do).
    const config = this.session?.config;
    const whole = !!config && Object.values(config.services).every((s) => s.kind === 'external' || this.startedHere.has(s.name));
    // Let alert history and webhooks in flight (e.g. "resolved" at stop) finish, within deactivate's short budget.
    // Nothing stopped (stopOnClose off): the run goes on unwatched, as after `up --wait`; its record gets no
    // end, so `stackpilot report` counts what dies later as down from the record's last update.
    if (!toStop.length) await this.endSession(undefined, true);
    else await this.endSession((engine) => engine.down(whole ? undefined : toStop));
  }

  dispose(): void {
    if (this.pending) clearTimeout(this.pending);
    this.viewWatch?.dispose();
    this.metricsPoll?.dispose();
    void this.session?.end({ drainMs: 0 });
    this.session = undefined;
    this.changed.dispose();
    this.logged.dispose();
    this.alerted.dispose();
  }
}

/** A stack file runs commands: nothing starts in an untrusted workspace. */
function requireTrust(): void {
  if (!vscode.workspace.isTrusted) throw new Error('this workspace is not trusted: Stackpilot starts nothing here');
}
