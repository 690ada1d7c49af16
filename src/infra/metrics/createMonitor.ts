import { AlertLoop } from '../../core/alerts/AlertLoop';
import { toHistoryEntry, type AlertHistory } from '../../core/alerts/AlertHistory';
import type { AlertEvent, AlertView, Silence } from '../../core/alerts/model';
import { readMonitorConfig, type MonitorConfig } from '../../core/alerts/readMonitorConfig';
import { Diagnostics } from '../../core/config/Diagnostics';
import type { ConfigDiagnostic, StackConfig } from '../../core/config/model';
import type { EngineEvent } from '../../core/engine/state';
import { MetricsStore } from '../../core/metrics/MetricsStore';
import type { MonitorSnapshot } from '../../core/metrics/MonitorSnapshot';
import type { Clock, Disposable, Logger } from '../../core/ports';
import { createNotifiers, type Notifiers } from '../notify/createNotifiers';
import { SystemClock } from '../SystemClock';
import { CollectorLoop, type Collector, type MonitoredEngine } from './CollectorLoop';
import { defaultCollectors } from './defaultCollectors';
import { JsonlAlertHistory } from './JsonlAlertHistory';
import { createPrometheusExporter } from './PrometheusExporter';
import { webhookEnv } from './webhookEnv';

export interface MonitorDeps {
  clock?: Clock;
  logger?: Logger;
  /** JSON-lines alert history (e.g. in the workspace's storage folder); or pass `history`. */
  historyFile?: string;
  history?: AlertHistory;
  /** Replaces the /proc and host collectors (tests, Docker stats later). */
  collectors?: (store: MetricsStore, engine: MonitoredEngine) => Collector[];
  /** Where webhook URLs are looked up by `monitoring.webhooks[].urlEnv` (default: process.env, then `.env` beside the stack file). */
  env?: Record<string, string | undefined>;
  /** Overrides `monitoring.prometheus` (e.g. `stackpilot up --prometheus PORT`); false turns it off. */
  prometheus?: { port: number } | false;
}

export type { MonitoredEngine } from './CollectorLoop';

export type { MonitorSnapshot } from '../../core/metrics/MonitorSnapshot';

export interface Monitor extends Disposable {
  readonly store: MetricsStore;
  readonly config: MonitorConfig;
  /** Problems in `alerts:` / `monitoring:` of a config built by hand (also logged); a loaded config's came with its other diagnostics. */
  readonly diagnostics: ConfigDiagnostic[];
  readonly history?: AlertHistory;
  /** Webhook targets from `monitoring.webhooks` (those whose URL variable is set). */
  readonly notifiers: Notifiers;
  /** The Prometheus endpoint's URL once it listens (undefined when not enabled, or when the port is taken: logged). */
  readonly prometheus: Promise<string | undefined>;
  snapshot(): MonitorSnapshot;
  /** The alerts as they are now (cheap: no metrics). */
  alerts(): AlertView[];
  /** Resolves once the history is written and every webhook notification so far is delivered or given up. */
  drain(): Promise<void>;
  /** Firing / resolved / escalated transitions a person should hear about (not inhibited or silenced). */
  onAlert(listener: (e: AlertEvent) => void): Disposable;
  /** Every lifecycle transition, including pending, cancelled and held-back ones. */
  onTransition(listener: (e: AlertEvent) => void): Disposable;
  acknowledge(key: string): boolean;
  silence(match: { ruleId?: string; service?: string }, durationMs: number, comment?: string): Silence;
  unsilence(id: string): boolean;
  /** One sampling + evaluation pass now (the loop does this every `monitoring.interval`). */
  tick(): void;
}

/**
 * Watches a running stack: engine events feed the metrics store, collectors sample every second,
 * alert rules are evaluated after each sample and right after every state change (so a crash fires
 * within milliseconds), transitions go to the history and to listeners.
 */
export function createMonitor(engine: MonitoredEngine, stack: StackConfig, deps: MonitorDeps = {}): Monitor {
  const clock = deps.clock ?? new SystemClock();
  const diags = new Diagnostics();
  // As loadStack read it (its problems were reported with the config's); a config built by hand is read here, without locations in the file.
  const config = stack.monitoring ?? readMonitorConfig(stack, diags);
  for (const d of diags.list) deps.logger?.warn(`${d.location.file}:${d.location.line}:${d.location.column}: ${d.message}`);
  const loop = new AlertLoop(stack, config, clock, deps.logger);
  const { store, alerts } = loop;
  const history = deps.history ?? (deps.historyFile ? new JsonlAlertHistory(deps.historyFile, deps.logger) : undefined);
  const notifiers = createNotifiers(
    config.webhooks,
    config.webhooks.length > 0 ? (deps.env ?? webhookEnv(stack.root)) : {},
    stack.name,
    deps.logger,
    clock,
  );
  // Registered first: the history and the webhooks hear of a transition before any other listener.
  const subs: Disposable[] = [
    loop,
    loop.onTransition((e) => history?.append(toHistoryEntry(e))),
    loop.onNotify((e) => notifiers.notify(e)),
  ];
  loop.seed(engine.status());
  const promConfig = deps.prometheus ?? config.prometheus;
  // prom-client is loaded only here, when a stack opts in.
  const exporter = promConfig ? createPrometheusExporter(() => snapshot(), stack.name) : undefined;
  const prometheus =
    exporter && promConfig
      ? exporter.listen(promConfig.port).then(
          (url) => {
            // `stackpilot up` prints the URL itself; an info line here printed it twice.
            deps.logger?.debug(`Prometheus metrics at ${url}`);
            return url;
          },
          (err: Error) => {
            deps.logger?.error(`Prometheus endpoint on 127.0.0.1:${promConfig.port} not started: ${err.message}`);
            return undefined;
          },
        )
      : Promise.resolve(undefined);
  const snapshot = (): MonitorSnapshot => ({
    metrics: store.snapshot(clock.now()),
    alerts: alerts.alerts(),
    silences: alerts.silences.active(clock.now()),
  });
  subs.push(
    engine.onEvent((e: EngineEvent) => {
      loop.handle(e);
      exporter?.observe(e);
    }),
  );
  const collectors = new CollectorLoop(
    deps.collectors ? deps.collectors(store, engine) : defaultCollectors(store, engine, config.diskPath, stack.root),
    (n) => store.noteSlowCollector(n),
    deps.logger,
  );
  let disposed = false;
  let timer: Disposable | undefined;
  const tick = () => {
    const now = clock.now();
    collectors.tick(now);
    loop.evaluate(now);
  };
  const schedule = () => {
    timer = clock.setTimeout(() => {
      if (disposed) return;
      tick();
      schedule();
    }, config.intervalMs);
  };
  schedule();
  return {
    store,
    config,
    diagnostics: diags.list,
    notifiers,
    ...(history ? { history } : {}),
    drain: async () => {
      await Promise.all([history?.flush(), notifiers.drain()]);
    },
    prometheus,
    snapshot,
    alerts: () => alerts.alerts(),
    onAlert: (l) => loop.onNotify(l),
    onTransition: (l) => loop.onTransition(l),
    acknowledge: (key) => alerts.acknowledge(key, clock.now()),
    // Evaluated at once: the alert reads silenced now, not at the next sample.
    silence: (match, ms, comment) => {
      const s = alerts.silences.add(match, ms, clock.now(), comment);
      if (!disposed) loop.evaluate();
      return s;
    },
    unsilence: (id) => alerts.silences.remove(id),
    tick,
    dispose: () => {
      disposed = true;
      timer?.dispose();
      for (const s of subs) s.dispose();
      notifiers.dispose();
      exporter?.dispose();
    },
  };
}
