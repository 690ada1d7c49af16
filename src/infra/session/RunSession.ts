import type { StackConfig } from '../../core/config/model';
import type { Logger } from '../../core/ports';
import type { EngineEvent, ServiceStatus } from '../../core/engine/state';
import type { AlertEvent } from '../../core/alerts/model';
import { createStackEngine, type StackEngine } from '../createStackEngine';
import { createMonitor, type Monitor, type MonitorDeps } from '../metrics/createMonitor';
import { publishLiveStatus } from '../state/liveStatusFile';
import { writeFileAtomicSync } from '../state/writeFileAtomicSync';
import { join } from 'node:path';
import { lastRunServices, type LastRun } from '../../core/report/LastRun';

export interface RunSessionOptions {
  output: Logger;
  runDir?: string;
  /** Monitor options (alert history file, Prometheus, env). */
  monitor?: Omit<MonitorDeps, 'logger'>;
  onEvent?: (e: EngineEvent) => void;
  onTransition?: (e: AlertEvent) => void;
  onAlert?: (e: AlertEvent) => void;
}

/**
 * One run of a stack, from Start to its end: the engine and the monitor built from the config as
 * it is when the run begins. A session that ended is never reused: the next Start creates a new
 * one from the stack file as it is then (a changed command runs, an added service is known).
 */
export class RunSession {
  readonly engine: StackEngine;
  readonly monitor: Monitor;
  private readonly subs: { dispose(): void }[];
  private endedWith: ServiceStatus[] | undefined;
  private published: Promise<{ dispose(): void } | undefined> | undefined;
  private readonly began = Date.now();
  private recording:
    | {
        runDir: string;
        profile: string | null;
        selected: string[];
        outcome: { ok?: boolean; failures: string[] };
        warn: (m: string) => void;
        sub: { dispose(): void };
        pending?: ReturnType<typeof setTimeout>;
      }
    | undefined;

  constructor(
    readonly config: StackConfig,
    opts: RunSessionOptions,
  ) {
    this.engine = createStackEngine(config, { output: opts.output, ...(opts.runDir ? { runDir: opts.runDir } : {}) });
    this.monitor = createMonitor(this.engine, config, { logger: opts.output, ...opts.monitor });
    this.subs = [
      ...(opts.onEvent ? [this.engine.onEvent(opts.onEvent)] : []),
      ...(opts.onTransition ? [this.monitor.onTransition(opts.onTransition)] : []),
      ...(opts.onAlert ? [this.monitor.onAlert(opts.onAlert)] : []),
    ];
  }

  get ended(): boolean {
    return this.endedWith !== undefined;
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
    this.published = publishLiveStatus(file, this.config.name, this.engine, this.monitor, warn).catch(
      (err: Error) => void warn(`could not publish the live status: ${err.message}`),
    );
  }

  /**
   * Records this run in `<runDir>/last-run.json` for `stackpilot report` (as `stackpilot up`
   * does): now, at most once a second after state changes, with the outcome when given, and with
   * its end time when the run ends.
   */
  recordRun(runDir: string, meta: { profile?: string | null; selected: string[] }, warn: (message: string) => void): void {
    if (this.ended) return;
    if (this.recording) {
      this.recording.selected = [...new Set([...this.recording.selected, ...meta.selected])];
      return this.writeRun();
    }
    const sub = this.engine.onEvent((e) => {
      const r = this.recording;
      if (e.type !== 'state' || !r || r.pending) return;
      r.pending = setTimeout(() => {
        r.pending = undefined;
        this.writeRun();
      }, 1000);
    });
    this.recording = { runDir, profile: meta.profile ?? null, selected: meta.selected, outcome: { failures: [] }, warn, sub };
    this.writeRun();
  }

  /** The outcome of a start (ok, failures) for the run record. */
  recordOutcome(outcome: { ok: boolean; failures: string[] }): void {
    if (!this.recording || this.ended) return;
    this.recording.outcome = outcome;
    this.writeRun();
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
        mode: 'supervise',
        startedAt: this.began,
        updatedAt: Date.now(),
        ...r.outcome,
        services: lastRunServices(this.engine.status()),
        metrics: this.monitor.snapshot().metrics,
        ...extra,
      };
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
   * Ends the run: `stop` (when given) stops what it should first; then listeners are detached, the
   * monitor drains (bounded by `drainMs`) and everything is disposed. Idempotent.
   */
  async end(opts: { stop?: (engine: StackEngine) => Promise<void>; drainMs?: number } = {}): Promise<ServiceStatus[]> {
    if (this.endedWith) return this.endedWith;
    if (this.recording) {
      if (this.recording.pending) clearTimeout(this.recording.pending);
      this.recording.sub.dispose();
      // The run's uptime ends when it is asked to end, not after the deliberate stop.
      this.writeRun({ endedAt: Date.now() });
    }
    try {
      if (opts.stop) await opts.stop(this.engine);
    } finally {
      const statuses = this.engine.status();
      this.endedWith = statuses;
      for (const s of this.subs) s.dispose();
      (await this.published)?.dispose();
      await Promise.race([this.monitor.drain(), new Promise((r) => setTimeout(r, opts.drainMs ?? 2000).unref())]);
      this.monitor.dispose();
      this.engine.dispose();
    }
    return this.endedWith;
  }
}
