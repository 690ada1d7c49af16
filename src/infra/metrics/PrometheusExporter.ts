import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type * as PromClient from 'prom-client';
import type { EngineEvent } from '../../core/engine/state';
import { SERVICE_STATES } from '../../shared/statePredicates';
import type { Disposable } from '../../core/ports';
import type { MonitorSnapshot } from '../../core/metrics/MonitorSnapshot';
import { isLoopbackHost } from './isLoopbackHost';

/** Probe latency buckets in seconds: a local probe takes milliseconds; the default rules warn at 1 s and 5 s. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Percent to ratio without binary noise (99.9 -> 0.999, not 0.9990000000000001). */
const ratio = (percent: number) => Number((percent / 100).toPrecision(15));

export interface PrometheusExporter extends Disposable {
  /** Feeds probe latencies to the histogram (every probe, not only the last one per scrape). */
  observe(e: EngineEvent): void;
  /** The exposition text for the current state (what GET /metrics answers). */
  metrics(): Promise<string>;
  /** Serves GET /metrics on 127.0.0.1:port (0: any free port); resolves to the URL. */
  listen(port: number): Promise<string>;
}

/**
 * The stack's metrics and alert states in Prometheus text format, through prom-client, which is
 * required here and only here: a stack that does not opt in never loads it. Names follow
 * Prometheus conventions (base units: seconds, bytes, ratios). Every value is read from one
 * monitor snapshot per scrape.
 */
export function createPrometheusExporter(snapshot: () => MonitorSnapshot, stack: string): PrometheusExporter {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const prom = require('prom-client') as typeof PromClient;
  const registry = new prom.Registry();
  registry.setDefaultLabels({ stack });
  let snap: MonitorSnapshot | undefined;
  const services = () => snap?.metrics.services ?? [];
  const host = () => snap?.metrics.host ?? {};

  const gauge = (name: string, help: string, labelNames: string[], fill: (g: PromClient.Gauge) => void) =>
    new prom.Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      collect() {
        this.reset();
        fill(this);
      },
    });
  const counter = (
    name: string,
    help: string,
    labelNames: string[],
    fill: (set: (labels: Record<string, string>, v: number) => void) => void,
  ) =>
    new prom.Counter({
      name,
      help,
      labelNames,
      registers: [registry],
      collect() {
        this.reset();
        fill((labels, v) => this.inc(labels, v));
      },
    });
  const perService = (name: string, help: string, pick: (s: MonitorSnapshot['metrics']['services'][number]) => number | undefined) =>
    gauge(name, help, ['service'], (g) => {
      for (const s of services()) {
        const v = pick(s);
        if (v !== undefined && Number.isFinite(v)) g.set({ service: s.name }, v);
      }
    });
  const hostGauge = (name: string, help: string, v: () => number | undefined, labels: () => Record<string, string> = () => ({})) =>
    gauge(name, help, Object.keys(labels()), (g) => {
      const x = v();
      if (x !== undefined && Number.isFinite(x)) g.set(labels(), x);
    });

  perService(
    'stackpilot_service_up',
    '1 when the service is up (running, or healthy when it has a probe), 0 when down; absent while stopped or first starting.',
    (s) => s.up,
  );
  gauge(
    'stackpilot_service_state',
    "The service's current state: 1 for the state it is in, 0 for the others.",
    ['service', 'state'],
    (g) => {
      for (const s of services()) for (const st of SERVICE_STATES) g.set({ service: s.name, state: st }, s.state === st ? 1 : 0);
    },
  );
  counter('stackpilot_service_restarts_total', 'Restarts since monitoring began.', ['service'], (set) => {
    for (const s of services()) set({ service: s.name }, s.restarts);
  });
  gauge('stackpilot_service_state_seconds', 'Time spent in each state since monitoring began.', ['service', 'state'], (g) => {
    for (const s of services()) for (const [st, ms] of Object.entries(s.timeInState)) g.set({ service: s.name, state: st }, ms / 1000);
  });
  gauge(
    'stackpilot_service_uptime_ratio',
    'Share of time up: since the stack started, and over the rolling window.',
    ['service', 'window'],
    (g) => {
      for (const s of services()) {
        if (s.uptime.sinceStartPercent !== undefined) g.set({ service: s.name, window: 'since_start' }, ratio(s.uptime.sinceStartPercent));
        if (s.uptime.windowPercent !== undefined) g.set({ service: s.name, window: 'rolling' }, ratio(s.uptime.windowPercent));
      }
    },
  );
  perService('stackpilot_service_uptime_target_ratio', 'The SLA target the uptime is held against (monitoring.slaTarget).', (s) =>
    ratio(s.uptime.target),
  );
  perService(
    'stackpilot_service_uptime_window_seconds',
    'Length of the rolling uptime window (monitoring.uptimeWindow).',
    (s) => s.uptime.windowMs / 1000,
  );
  perService('stackpilot_service_probe_failed', '1 when the latest health probe failed.', (s) =>
    s.probe.last ? (s.probe.last.ok ? 0 : 1) : undefined,
  );
  const latency = new prom.Histogram({
    name: 'stackpilot_service_probe_duration_seconds',
    help: 'Health probe latency.',
    labelNames: ['service'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  perService(
    'stackpilot_service_cpu_usage_ratio',
    "CPU of the service's whole process tree (or container), in cores: 1 = one core busy.",
    (s) => (s.cpuPercent !== undefined ? ratio(s.cpuPercent) : undefined),
  );
  perService('stackpilot_service_memory_bytes', "Resident memory of the service's process tree (or container).", (s) => s.memoryBytes);
  perService('stackpilot_service_memory_limit_bytes', "The service's memory limit, when one is set.", (s) => s.memoryLimitBytes);
  perService('stackpilot_service_error_log_lines_per_minute', 'Log lines per minute matching the error pattern.', (s) => s.errorRatePerMin);
  counter(
    'stackpilot_service_error_log_lines_total',
    'Log lines matching the error pattern since monitoring began.',
    ['service'],
    (set) => {
      for (const s of services()) set({ service: s.name }, s.errorLines);
    },
  );

  hostGauge('stackpilot_host_cpu_usage_ratio', 'Host CPU busy, 0..1 of all cores.', () =>
    host().cpuPercent !== undefined ? ratio(host().cpuPercent!) : undefined,
  );
  hostGauge('stackpilot_host_load1', 'Host load average over 1 minute.', () => host().load1);
  hostGauge('stackpilot_host_memory_available_bytes', 'Host memory available (MemAvailable).', () =>
    host().memAvailableMb !== undefined ? host().memAvailableMb! * 2 ** 20 : undefined,
  );
  hostGauge('stackpilot_host_memory_total_bytes', 'Host memory in total.', () =>
    host().memTotalMb !== undefined ? host().memTotalMb! * 2 ** 20 : undefined,
  );
  gauge('stackpilot_host_disk_free_bytes', 'Free disk where Docker keeps its data (monitoring.diskPath).', ['path'], (g) => {
    if (host().diskFreeBytes !== undefined) g.set({ path: host().diskPath ?? '' }, host().diskFreeBytes!);
  });
  gauge('stackpilot_host_disk_total_bytes', 'Size of that disk.', ['path'], (g) => {
    if (host().diskTotalBytes !== undefined) g.set({ path: host().diskPath ?? '' }, host().diskTotalBytes!);
  });

  // Shaped like Prometheus' own ALERTS series, so the same dashboards and queries work.
  gauge(
    'stackpilot_alerts',
    "Active alerts (pending or firing), 1 per alert, as Prometheus' ALERTS series.",
    ['alertname', 'service', 'severity', 'alertstate', 'acknowledged', 'silenced'],
    (g) => {
      for (const a of snap?.alerts ?? []) {
        if (a.state === 'inactive') continue;
        g.set(
          {
            alertname: a.ruleId,
            service: a.service ?? '',
            severity: a.severity,
            alertstate: a.state,
            acknowledged: String(a.acknowledged),
            silenced: String(a.silencedBy !== undefined),
          },
          1,
        );
      }
    },
  );
  gauge(
    'stackpilot_alert_value',
    'The value that put each active alert in its state, next to its threshold.',
    ['alertname', 'service', 'kind'],
    (g) => {
      for (const a of snap?.alerts ?? []) {
        if (a.state === 'inactive') continue;
        if (a.value !== undefined) g.set({ alertname: a.ruleId, service: a.service ?? '', kind: 'value' }, a.value);
        g.set({ alertname: a.ruleId, service: a.service ?? '', kind: 'threshold' }, a.threshold);
      }
    },
  );
  counter(
    'stackpilot_monitor_slow_collector_runs_total',
    'Collector runs skipped because the previous one had not finished.',
    ['collector'],
    (set) => {
      for (const [name, n] of Object.entries(snap?.metrics.slowCollectors ?? {})) set({ collector: name }, n);
    },
  );

  let server: Server | undefined;
  let closed = false;
  const metrics = async () => {
    snap = snapshot();
    try {
      return await registry.metrics();
    } finally {
      snap = undefined;
    }
  };
  return {
    observe: (e) => {
      if (e.type === 'probe' && Number.isFinite(e.result.latencyMs)) latency.observe({ service: e.service }, e.result.latencyMs / 1000);
    },
    metrics,
    listen: (port) =>
      new Promise<string>((resolve, reject) => {
        const s = createServer((req, res) => {
          const path = (req.url ?? '/').split('?')[0];
          if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405, { Allow: 'GET, HEAD' }).end();
          if (!isLoopbackHost(req.headers.host))
            return void res
              .writeHead(403, { 'Content-Type': 'text/plain' })
              .end('Stackpilot: metrics are served to 127.0.0.1 / localhost only\n');
          if (path !== '/metrics')
            return void res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Stackpilot: metrics are at /metrics\n');
          metrics().then(
            (text) => res.writeHead(200, { 'Content-Type': registry.contentType }).end(req.method === 'HEAD' ? undefined : text),
            (err: Error) => res.writeHead(500, { 'Content-Type': 'text/plain' }).end(`${err.message}\n`),
          );
        });
        s.once('error', reject);
        // Loopback only: a developer's stack metrics are not for the café's Wi-Fi.
        s.listen(port, '127.0.0.1', () => {
          s.off('error', reject);
          server = s;
          if (closed) s.close();
          resolve(`http://127.0.0.1:${(s.address() as AddressInfo).port}/metrics`);
        });
      }),
    dispose: () => {
      closed = true;
      server?.closeAllConnections();
      server?.close();
      registry.clear();
    },
  };
}
