import type { StackConfig } from '../config/model';
import type { EngineEvent, ServiceStatus } from '../engine/state';
import { DependencyGraph } from '../graph/DependencyGraph';
import { MetricsStore } from '../metrics/MetricsStore';
import type { Clock, Disposable, Logger } from '../ports';
import { AlertEngine } from './AlertEngine';
import type { AlertEvent } from './model';
import type { MonitorConfig } from './MonitorConfig';

type Listener = (e: AlertEvent) => void;

/**
 * The monitor's decisions, without I/O: engine events feed the metrics store; the rules are
 * evaluated right after every state change (coalesced to one pass per microtask, so a crash fires
 * within milliseconds) and whenever the adapter has sampled; every transition goes to `onTransition`,
 * and those a person should hear about (firing, resolved, escalated; not inhibited or silenced) to
 * `onNotify`. The adapter (infra/metrics/createMonitor.ts) adds the collectors, the timer, the
 * history file, webhooks and Prometheus.
 */
export class AlertLoop implements Disposable {
  readonly store: MetricsStore;
  readonly alerts: AlertEngine;
  private readonly notify = new Set<Listener>();
  private readonly all = new Set<Listener>();
  private readonly sub: Disposable;
  private evalQueued = false;
  private disposed = false;

  constructor(
    stack: Pick<StackConfig, 'services'>,
    config: MonitorConfig,
    private readonly clock: Clock,
    /** Where a failing listener is reported. */
    private readonly logger?: Logger,
  ) {
    const names = Object.keys(stack.services);
    this.store = new MetricsStore(names, config, clock.now());
    const graph = new DependencyGraph(
      Object.fromEntries(Object.values(stack.services).map((s) => [s.name, s.dependsOn.map((d) => d.service)])),
    );
    this.alerts = new AlertEngine(config.rules, names, graph);
    this.sub = this.alerts.onEvent((e) => {
      this.call(this.all, e);
      if (e.notify && (e.kind === 'firing' || e.kind === 'resolved' || e.kind === 'escalated')) this.call(this.notify, e);
    });
  }

  /** What already runs when watching begins: each service enters its state as if from `stopped`. */
  seed(statuses: readonly ServiceStatus[]): void {
    for (const s of statuses) {
      if (s.state !== 'stopped')
        this.store.handle({ type: 'state', service: s.name, transition: { from: 'stopped', to: s.state, at: s.since }, status: s });
    }
  }

  /** An engine event: into the store; a state change has the rules evaluated before the next task. */
  handle(e: EngineEvent): void {
    this.store.handle(e);
    if (e.type !== 'state' || this.evalQueued) return;
    this.evalQueued = true;
    queueMicrotask(() => {
      this.evalQueued = false;
      if (!this.disposed) this.evaluate();
    });
  }

  /** One pass of the rules over the store (after a sample, a silence). */
  evaluate(now = this.clock.now()): void {
    this.alerts.evaluate(this.store, now);
  }

  onNotify(l: Listener): Disposable {
    return listen(this.notify, l);
  }

  onTransition(l: Listener): Disposable {
    return listen(this.all, l);
  }

  dispose(): void {
    this.disposed = true;
    this.sub.dispose();
  }

  private call(ls: Set<Listener>, e: AlertEvent): void {
    for (const l of ls) {
      try {
        l(e);
      } catch (err) {
        this.logger?.error(`alert listener failed: ${(err as Error).message}`);
      }
    }
  }
}

function listen(set: Set<Listener>, l: Listener): Disposable {
  set.add(l);
  return { dispose: () => set.delete(l) };
}
