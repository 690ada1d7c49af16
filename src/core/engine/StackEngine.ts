import { dependencyNote } from '../status/dependencyTrouble';
import type { ServiceKind, StackConfig } from '../config/model';
import { DependencyGraph } from '../graph/DependencyGraph';
import type { Clock, Disposable, HostInfo, LogLine, Logger, ProbeRunner, ReapOutcome, ServiceRunner, StateStore } from '../ports';
import { evaluateDependencies, type DependencyView } from './conditions';
import { observeService } from './observeService';
import { probeTurns } from './probeTurns';
import { blockedWhenObserved } from './blockedWhenObserved';
import { RecordBook } from './RecordBook';
import { restartDependents } from './restartDependents';
import { RestrictedModeError } from './restricted';
import { adoptRecorded, ORPHAN_GRACE_MS, reapRecord } from './recordedInstances';
import { recordedEnd } from './recordedEnd';
import { ServiceSupervisor } from './ServiceSupervisor';
import type { EngineEvent, ServiceStatus } from './state';
import { stopInOrder } from './stopInOrder';
import { UpWaiter, type UpResult } from './UpWaiter';
import { isLive } from '../../shared/statePredicates';
import { applicable, stackChanges, type StackChanges } from '../config/stackChanges';

export type { UpInterruption, UpResult } from './UpWaiter';

function graphOf(config: StackConfig): DependencyGraph {
  return new DependencyGraph(Object.fromEntries(Object.values(config.services).map((s) => [s.name, s.dependsOn.map((d) => d.service)])));
}

export interface EngineDeps {
  runners: Partial<Record<ServiceKind, ServiceRunner>>;
  probes: ProbeRunner;
  store: StateStore;
  host: HostInfo;
  clock: Clock;
  logger: Logger;
  runDir: string;
  random?: () => number;
  /** Restricted Mode (untrusted workspace): observe sends no probe; up and restart refuse. */
  restricted?: boolean;
}

/**
 * Runs a stack: event-driven (a service starts the moment its dependency conditions hold, not
 * level by level), health-gated, supervised until down() or dispose(). All decisions happen in one
 * scheduling pass that reruns after every state change.
 */
export class StackEngine {
  private readonly supervisors = new Map<string, ServiceSupervisor>();
  private readonly listeners = new Set<(e: EngineEvent) => void>();
  private readonly records: RecordBook;
  private graph: DependencyGraph;
  /** Services up() or restart() wants started once their dependencies allow. */
  private readonly queued = new Set<string>();
  private readonly waiters = new Set<UpWaiter>();
  private readonly noted = new Set<string>();
  private passPending = false;
  /** Counts down() calls: a restart of dependents that began before one does not start them again after it. */
  private downs = 0;
  /** Counts down() calls per service: a restart whose service was stopped meanwhile does not start it again. */
  private readonly stops = new Map<string, number>();
  private disposed = false;
  /** Set once up() or down() has loaded the records and adopted what runs: status() is then what is. */
  private hasLooked = false;
  /** Set once what the records say of ended services has been taken over (restoreEnded). */
  private restored = false;

  constructor(
    private config: StackConfig,
    private readonly deps: EngineDeps,
  ) {
    this.records = new RecordBook(deps.store, deps.logger);
    const specs = Object.values(config.services);
    this.graph = graphOf(config);
    for (const spec of specs) {
      this.supervisors.set(
        spec.name,
        new ServiceSupervisor(spec, {
          ...deps,
          runner: deps.runners[spec.kind],
          random: deps.random ?? Math.random,
          emit: (e) => this.emit(e),
          record: (name, rec) => this.records.set(name, rec),
          restarting: (name) => this.restartDependentsOf(name),
        }),
      );
    }
  }

  onEvent(listener: (e: EngineEvent) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Whether status() tells what runs: false before the first up() or down() has looked (everything reads `stopped`). */
  looked(): boolean {
    return this.hasLooked;
  }

  status(): ServiceStatus[] {
    return [...this.supervisors.values()].map((s) => s.tracker.snapshot());
  }

  /**
   * What runs now, read-only. `notProbed`: send no probe (another process supervises), and say why
   * on what runs. `selected`: these services, never started and with a failed dependency, are shown
   * `failed` (blocked), as the run that started the stack said (blockedWhenObserved).
   */
  async observe(opts: { notProbed?: string; selected?: readonly string[] } = {}): Promise<ServiceStatus[]> {
    await this.records.load();
    const idle = [...this.supervisors.values()].filter((s) => !s.busy);
    const probing = !this.deps.restricted && opts.notProbed === undefined;
    if (probing) await this.deps.probes.prepare?.(idle.flatMap((s) => (s.spec.health ? [s.spec.health.probe] : [])));
    const turns = probeTurns(idle.length, this.deps.clock);
    const observed = await Promise.all(
      [...this.supervisors.values()].map((s) => {
        if (s.busy) return s.tracker.snapshot();
        return observeService(s.spec, s.tracker.snapshot(), this.records.get(s.spec.name), {
          ...this.deps,
          turns,
          runner: this.deps.runners[s.spec.kind],
          probe: !this.deps.restricted && opts.notProbed === undefined,
          ...(opts.notProbed !== undefined ? { notProbed: opts.notProbed } : {}),
        });
      }),
    );
    const specs = Object.fromEntries([...this.supervisors.values()].map((x) => [x.spec.name, x.spec]));
    if (!opts.selected) return observed;
    return blockedWhenObserved(observed, specs, (n) => this.supervisors.get(n)?.hasHealthCheck ?? false, opts.selected);
  }

  async up(services: string[], opts: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<UpResult> {
    if (this.deps.restricted) throw new RestrictedModeError('not starting the stack');
    const sups = services.map((n) => this.supervisor(n));
    await this.records.load();
    this.restoreEnded();
    await this.reapOrphans();
    // Only a fresh engine: one already running may have an instance started but not yet recorded.
    if (![...this.supervisors.values()].some((s) => s.busy) && this.queued.size === 0) await this.reapStrays();
    const idle = sups.filter((s) => !s.busy && !this.queued.has(s.spec.name));
    await Promise.all(
      idle.map((s) => {
        const record = this.records.get(s.spec.name);
        return record && adoptRecorded(s, record, this.deps.runners, this.records, this.deps.logger);
      }),
    );
    this.hasLooked = true;
    for (const s of idle) {
      if (s.busy) continue;
      s.forgetRestarts();
      this.queued.add(s.spec.name);
      s.waitFor([]);
    }
    const result = await this.wait(sups, opts);
    // Callers may exit right after (`up --wait`): every instance started must be on disk by then.
    await this.records.save();
    return result;
  }

  /**
   * Once, when the records are first loaded for a run: a job an earlier run saw complete stays
   * `completed` (so a dependent's `completed` condition holds, not "dependency migrate stopped"),
   * and a service it saw exit stays `exited` with its code, until this engine starts or stops them.
   * What status() and the published view say then equals what the earlier run, and a window's first look, said.
   */
  private restoreEnded(): void {
    if (this.restored) return;
    this.restored = true;
    for (const s of this.supervisors.values()) {
      if (s.busy) continue;
      const end = recordedEnd(this.records.get(s.spec.name), s.spec.kind);
      if (end) s.tracker.restore(end.state, end.since, { ...(end.reason ? { reason: end.reason } : {}), lastExit: end.lastExit });
    }
  }

  /**
   * Stops `services`; without them, everything, and then each runner removes what it created for the
   * stack (Docker: the project networks), told in words to `onNote` (else the logger).
   */
  async down(services?: string[], opts: { onNote?: (line: string) => void } = {}): Promise<Map<string, ReapOutcome>> {
    const names = services ?? [...this.supervisors.keys()];
    this.downs++;
    for (const n of names) this.stops.set(n, (this.stops.get(n) ?? 0) + 1);
    // Only the waits for what stops end early: a start of other services goes on.
    for (const w of this.waiters) if (!services || w.involves(names)) w.interrupt('stopped before it was up', 'stopped');
    await this.records.load();
    const reaping = this.reapOrphans();
    for (const n of names) {
      this.queued.delete(n);
      this.supervisors.get(n)?.setEnvOverlay(undefined);
    }
    const did = new Map<string, ReapOutcome>();
    await stopInOrder(names, this.graph, async (n) => void did.set(n, await this.stopOne(n)));
    if (!services) this.hasLooked = true;
    await reaping;
    if (!services) await this.reapStrays();
    await this.records.save();
    if (!services) for (const note of await this.cleanUp()) (opts.onNote ?? ((n: string) => this.deps.logger.info(n)))(note);
    return did;
  }

  /** After a full down: each runner in use removes what it created besides instances (project networks). */
  private async cleanUp(): Promise<string[]> {
    const specs = Object.values(this.config.services);
    const notes = await Promise.all(
      Object.values(this.deps.runners).map(async (r) => {
        const mine = specs.filter((s) => s.kind === r?.kind);
        if (!r?.cleanUp || mine.length === 0) return [];
        try {
          return await r.cleanUp(mine);
        } catch (err) {
          return [`could not clean up after ${r.kind} services: ${(err as Error).message}`];
        }
      }),
    );
    return notes.flat();
  }

  /**
   * Stops the service and starts it again once its dependencies allow, health-gated. `reason` is
   * shown while it restarts (`restarting · src/app.ts changed`); `env` is added to this start and
   * every later one until the service is stopped by down() (null: removed now). `signal` cuts the
   * wait for health short (its reason, when words, is shown); a service that down() stops meanwhile
   * is not started again.
   */
  async restart(service: string, opts: { reason?: string; env?: Record<string, string> | null; signal?: AbortSignal } = {}): Promise<void> {
    if (this.deps.restricted) throw new RestrictedModeError(`not restarting ${service}`);
    const sup = this.supervisor(service);
    // Taken before anything is awaited: a down() called after this restart() is the later word.
    const stopsAtCall = new Map(this.stops);
    await this.records.load();
    // Compose `depends_on: { <service>: { restart: true } }`: those dependents stop first and come back after it.
    const dependents = this.restartDependents(service);
    const names = [service, ...dependents];
    for (const n of names) this.queued.delete(n);
    if (opts.env !== undefined) sup.setEnvOverlay(opts.env ?? undefined);
    const note = opts.reason === undefined ? undefined : `restarting · ${opts.reason}`;
    const followNote = `restarting · ${service} restarted`;
    await stopInOrder(
      names,
      this.graph,
      async (n) => void (await this.stopOne(n, { restart: true, reason: n === service ? note : followNote })),
    );
    // What down() stopped while this restart stopped it stays stopped: the later word wins.
    const again = names.filter((n) => this.stops.get(n) === stopsAtCall.get(n));
    if (!again.includes(service)) return this.deps.logger.info(`restart of ${service}: stopped meanwhile, not started again`);
    for (const n of again) this.requeue(n, n === service ? note : followNote);
    const result = await this.wait(
      again.map((n) => this.supervisor(n)),
      opts.signal ? { signal: opts.signal } : {},
    );
    if (!result.ok) this.deps.logger.warn(`restart of ${service}: ${result.failures.join('; ')}`);
  }

  /**
   * Takes the stack file as it is now (`after`; `only`: just these services), as `docker compose up`
   * does: a service whose definition changed gets it (the next start uses it), and one running now
   * is restarted with it ("restarting flaky: its definition changed"), in dependency order; one
   * whose restart policy, health check or dependencies changed gets them without a restart (the
   * health check at its next start); unchanged ones are left alone. What it cannot swap in place
   * (services added or removed, a kind changed) is left as it runs and returned: the caller says so.
   * `restartRunning: false` only swaps the definitions (a Restart about to restart it anyway).
   */
  async applyFile(after: StackConfig, opts: { only?: readonly string[]; restartRunning?: boolean } = {}): Promise<StackChanges> {
    if (this.deps.restricted) throw new RestrictedModeError('not applying the stack file');
    const changes = stackChanges(this.config, after, opts.only);
    const names = applicable(changes);
    if (names.length === 0) return changes;
    const services = { ...this.config.services };
    for (const n of names) {
      services[n] = after.services[n]!;
      this.supervisor(n).respec(after.services[n]!);
    }
    this.config = { ...this.config, services };
    this.graph = graphOf(this.config);
    if (opts.restartRunning === false) return changes;
    const running = this.graph.topologicalOrder(changes.redefined).filter((n) => {
      const s = this.supervisor(n);
      return s.busy && !this.queued.has(n);
    });
    for (const n of running) {
      this.deps.logger.info(`restarting ${n}: its definition changed`);
      await this.restart(n, { reason: 'its definition changed' });
    }
    return changes;
  }

  logs(service: string): LogLine[] {
    return this.supervisors.get(service)?.logs.lines() ?? [];
  }

  dispose(): void {
    for (const w of this.waiters) w.interrupt('engine disposed', 'disposed');
    this.disposed = true;
    for (const s of this.supervisors.values()) s.dispose();
    this.listeners.clear();
  }

  private supervisor(name: string): ServiceSupervisor {
    const s = this.supervisors.get(name);
    if (!s) throw new Error(`unknown service ${name}`);
    return s;
  }

  private wait(sups: ServiceSupervisor[], opts: { signal?: AbortSignal; timeoutMs?: number }): Promise<UpResult> {
    const waiter = new UpWaiter(
      sups,
      () => this.status(),
      this.deps.clock,
      opts,
      (names, why) => {
        // Stop scheduling what had not started; what runs keeps running until down().
        for (const n of names) if (this.queued.delete(n)) this.supervisor(n).tracker.set('stopped', why);
      },
    );
    if (!waiter.isFinished) this.waiters.add(waiter);
    this.schedule();
    return waiter.done;
  }

  private emit(e: EngineEvent): void {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch (err) {
        this.deps.logger.error(`engine event listener failed: ${(err as Error).message}`);
      }
    }
    if (e.type === 'state') this.schedule();
  }

  /** Coalesces a burst of changes into one pass, run after the current call stack unwinds. */
  private schedule(): void {
    if (this.passPending || this.disposed) return;
    this.passPending = true;
    void Promise.resolve().then(() => {
      this.passPending = false;
      if (!this.disposed) this.pass();
    });
  }

  private pass(): void {
    const lookup = (name: string): DependencyView | undefined => {
      const s = this.supervisors.get(name);
      return s && { status: s.tracker.snapshot(), hasHealthCheck: s.hasHealthCheck };
    };
    for (const s of this.supervisors.values()) {
      const name = s.spec.name;
      const queued = this.queued.has(name);
      if (!queued && !s.busy) continue;
      const v = evaluateDependencies(s.spec, lookup);
      const blocked = v.blocked && `dependency ${v.blocked.service} failed (${v.blocked.reason})`;
      // A running service's note reads as its `degraded` (dependencyTrouble) does: one wording for one fact.
      const failing = v.blocked && lookup(v.blocked.service)?.status;
      // A dependency stopped on purpose is no trouble of what runs (as `degraded` says): nothing to note, no stop's exit code.
      const note = failing ? (failing.state === 'stopped' ? undefined : dependencyNote(v.blocked!.service, failing)) : blocked;
      if (!queued) s.noteDependencies(note, v.waitingOn);
      else if (blocked) s.block(`blocked: ${blocked}`);
      else if (v.waitingOn.length > 0) s.waitFor(v.waitingOn);
      else {
        this.queued.delete(name);
        for (const note of v.notes) this.noteOnce(`${name}: ${note}`);
        void s.start();
      }
    }
    for (const w of this.waiters) {
      w.check();
      if (w.isFinished) this.waiters.delete(w);
    }
  }

  /** Running dependents that declared `restart: true` on `service` (and theirs in turn). */
  private restartDependents(service: string): string[] {
    return restartDependents(this.config.services, service, (n) => this.supervisors.get(n)?.busy === true && !this.queued.has(n));
  }

  /** Queued to start again once its dependencies allow (after a stop of a restart). */
  private requeue(name: string, note: string | undefined): void {
    const sup = this.supervisor(name);
    sup.forgetRestarts();
    this.queued.add(name);
    sup.noteStart(note);
    sup.waitFor([]);
  }

  /** `service` crashed and its restart policy starts it again: its `restart: true` dependents restart after it. */
  private restartDependentsOf(service: string): void {
    if (this.disposed) return;
    const dependents = this.restartDependents(service);
    if (dependents.length === 0) return;
    const note = `restarting · ${service} restarted`;
    this.deps.logger.info(`${service} restarted after it ended: restarting ${dependents.join(', ')} (depends_on restart: true)`);
    for (const n of dependents) this.queued.delete(n);
    const downs = this.downs;
    stopInOrder(dependents, this.graph, async (n) => void (await this.stopOne(n, { restart: true, reason: note }))).then(
      () => {
        if (this.disposed || downs !== this.downs) return;
        for (const n of dependents) this.requeue(n, note);
        this.schedule();
      },
      (err: Error) => this.deps.logger.warn(`could not restart the dependents of ${service}: ${err.message}`),
    );
  }

  private noteOnce(message: string): void {
    if (this.noted.has(message)) return;
    this.noted.add(message);
    this.deps.logger.info(message);
  }

  /** What it did: `stopped` a running instance, `removed` the remains of an ended one, or nothing (false). */
  private async stopOne(name: string, opts: { restart?: boolean; reason?: string } = {}): Promise<ReapOutcome> {
    const sup = this.supervisor(name);
    const record = this.records.get(name);
    if (sup.busy || !record) {
      const was = sup.tracker.snapshot().state;
      await sup.stop(opts);
      return isLive(was) && 'stopped';
    }
    // Left running by an earlier run and never adopted by this engine: stop it by its record.
    const why = opts.reason ?? (opts.restart ? 'restart requested' : undefined);
    const restart = opts.restart;
    sup.tracker.set('stopping', why, { restart });
    const did = await reapRecord(record, this.deps.runners, sup.spec.stopGracePeriod, this.deps.logger);
    this.records.set(name, undefined);
    sup.tracker.set('stopped', why, { restart });
    return did;
  }

  private async reapStrays(): Promise<void> {
    const known = this.records.all();
    await Promise.all(
      Object.values(this.deps.runners).map(async (r) => {
        try {
          await r?.reapStrays?.(known, ORPHAN_GRACE_MS);
        } catch (err) {
          this.deps.logger.warn(`could not look for unrecorded instances: ${(err as Error).message}`);
        }
      }),
    );
  }

  private async reapOrphans(): Promise<void> {
    const orphans = this.records.all().filter((r) => !this.config.services[r.service]);
    await Promise.all(
      orphans.map(async (r) => {
        await reapRecord(r, this.deps.runners, ORPHAN_GRACE_MS, this.deps.logger);
        this.records.set(r.service, undefined);
      }),
    );
  }
}
