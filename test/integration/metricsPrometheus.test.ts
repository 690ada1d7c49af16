/**
 * The opt-in Prometheus endpoint: a real engine and process, scraped over HTTP on 127.0.0.1 and read
 * by a strict exposition-format parser; alert states appear and change with a killed process;
 * prom-client is not loaded unless a stack opts in.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { request } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const parsePrometheusTextFormat = require('parse-prometheus-text-format') as (text: string) => unknown[];
import { createStackEngine, loadStackFromDisk } from '../../src/infra/createStackEngine';
import { createMonitor } from '../../src/infra/metrics/createMonitor';
import { useMonitoredRun } from './monitoredRun';
import { parsePromText, type Family } from './promText';
import { freePort, SVC, waitFor } from './testKit';

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

async function scrape(url: string): Promise<{ families: Map<string, Family>; contentType: string | null; text: string }> {
  const res = await fetch(url);
  assert.equal(res.status, 200);
  const text = await res.text();
  const families = parsePromText(text);
  // A second, independent reader of the format: the published parse-prometheus-text-format package.
  const other = (parsePrometheusTextFormat(text) as { name: string; type: string }[])
    .map((x) => `${x.name} ${x.type.toLowerCase()}`)
    .sort();
  assert.deepEqual(other, [...families.values()].map((x) => `${x.name} ${x.type}`).sort());
  return { families, contentType: res.headers.get('content-type'), text };
}

const value = (f: Family | undefined, name: string, labels: Record<string, string>) =>
  f?.samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

describe('the strict exposition parser used below', () => {
  it('rejects what a Prometheus server rejects', () => {
    for (const bad of [
      'a{b="c} 1\n',
      'a 1',
      'a{b="c",b="d"} 1\n',
      '9a 1\n',
      'a one\n',
      'a{b="\\x"} 1\n',
      '# TYPE a gauge\na 1\n# TYPE b gauge\nb 1\na 2\n',
      'a 1\n# TYPE a gauge\n',
      'a 1\na 1\n',
      '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n',
      '# TYPE h histogram\nh_bucket{le="+Inf"} 2\nh_sum 1\nh_count 3\n',
      '# TYPE c counter\nc -1\n',
    ])
      assert.throws(() => parsePromText(bad), Error, JSON.stringify(bad));
    const ok = parsePromText(
      '# HELP a x \\\\ y\n# TYPE a gauge\na{l="q\\"\\n"} -Inf 123\n# TYPE h histogram\nh_bucket{le="1"} 1\nh_bucket{le="+Inf"} 2\nh_sum 3\nh_count 2\n',
    );
    assert.deepEqual(ok.get('a'), {
      name: 'a',
      type: 'gauge',
      help: 'x \\ y',
      samples: [{ name: 'a', labels: { l: 'q"\n' }, value: -Infinity }],
    });
    assert.equal(ok.get('h')?.samples.length, 4);
  });
});

describe('Prometheus endpoint (prom-client, opt-in, 127.0.0.1)', () => {
  const run = useMonitoredRun();

  it('exposes every service and host metric and the alert states, scraped over HTTP and parsed strictly', async () => {
    const port = await freePort();
    writeFileSync(
      join(run.dir, 'stackpilot.yaml'),
      `name: scraped
monitoring:
  interval: 200ms
  prometheus: { port: 0 }
alerts:
  rules:
    - { name: db-errors, metric: error_rate, operator: ">=", threshold: 1, severity: info, services: [db] }
services:
  db:
    argv: [${JSON.stringify(process.execPath)}, ${JSON.stringify(SVC)}]
    env: { NAME: db, PORT: "${port}", ERR_LOG: "ERROR boom" }
    health: { http: "http://127.0.0.1:${port}/health", interval: 200ms, startInterval: 50ms }
    restart: { policy: on-failure }
`,
    );
    const loaded = await loadStackFromDisk({ root: run.dir, configPath: 'stackpilot.yaml', profile: undefined, env: process.env });
    assert.ok(loaded.config, JSON.stringify(loaded.diagnostics));
    const engine = (run.engine = createStackEngine(loaded.config, { output: quiet }));
    const monitor = (run.monitor = createMonitor(engine, loaded.config, { logger: quiet }));
    const url = await monitor.prometheus;
    assert.match(url ?? '', /^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const up = await engine.up(['db'], { timeoutMs: 20_000 });
    assert.ok(up.ok, JSON.stringify(up));
    run.pids.add(engine.status()[0].pid!);
    await waitFor(
      'process and host samples',
      () => {
        const s = monitor.snapshot().metrics;
        return (
          (s.services[0].memoryBytes ?? 0) > 0 &&
          s.services[0].cpuPercent !== undefined &&
          s.host.memAvailableMb !== undefined &&
          s.services[0].probe.latency.count >= 3
        );
      },
      5000,
    );
    await waitFor('error-rate alert', () => monitor.snapshot().alerts.find((a) => a.key === 'db-errors/db' && a.state === 'firing'), 5000);

    const { families: f, contentType } = await scrape(url!);
    // DNS rebinding: a page on evil.example resolving to 127.0.0.1 sends its own Host header, and is refused.
    const rebound = await new Promise<number | undefined>((done, fail) => {
      request(url!, { headers: { Host: 'evil.example' } }, (res) => done(res.resume().statusCode))
        .on('error', fail)
        .end();
    });
    assert.equal(rebound, 403);
    assert.match(contentType ?? '', /^text\/plain; version=0\.0\.4/);
    const types = Object.fromEntries([...f.values()].map((x) => [x.name, x.type]));
    assert.deepEqual(types, {
      stackpilot_service_up: 'gauge',
      stackpilot_service_state: 'gauge',
      stackpilot_service_restarts_total: 'counter',
      stackpilot_service_state_seconds: 'gauge',
      stackpilot_service_uptime_ratio: 'gauge',
      stackpilot_service_uptime_target_ratio: 'gauge',
      stackpilot_service_uptime_window_seconds: 'gauge',
      stackpilot_service_probe_failed: 'gauge',
      stackpilot_service_probe_duration_seconds: 'histogram',
      stackpilot_service_cpu_usage_ratio: 'gauge',
      stackpilot_service_memory_bytes: 'gauge',
      stackpilot_service_memory_limit_bytes: 'gauge',
      stackpilot_service_error_log_lines_per_minute: 'gauge',
      stackpilot_service_error_log_lines_total: 'counter',
      stackpilot_host_cpu_usage_ratio: 'gauge',
      stackpilot_host_load1: 'gauge',
      stackpilot_host_memory_available_bytes: 'gauge',
      stackpilot_host_memory_total_bytes: 'gauge',
      stackpilot_host_disk_free_bytes: 'gauge',
      stackpilot_host_disk_total_bytes: 'gauge',
      stackpilot_alerts: 'gauge',
      stackpilot_alert_value: 'gauge',
      stackpilot_monitor_slow_collector_runs_total: 'counter',
    });
    for (const fam of f.values()) assert.ok(fam.help, `${fam.name} has HELP`);
    const db = { service: 'db', stack: 'scraped' };
    assert.equal(value(f.get('stackpilot_service_up'), 'stackpilot_service_up', db), 1);
    assert.equal(value(f.get('stackpilot_service_state'), 'stackpilot_service_state', { ...db, state: 'healthy' }), 1);
    assert.equal(value(f.get('stackpilot_service_state'), 'stackpilot_service_state', { ...db, state: 'failed' }), 0);
    assert.equal(value(f.get('stackpilot_service_restarts_total'), 'stackpilot_service_restarts_total', db), 0);
    assert.equal(value(f.get('stackpilot_service_uptime_target_ratio'), 'stackpilot_service_uptime_target_ratio', db), 0.999);
    assert.equal(value(f.get('stackpilot_service_uptime_ratio'), 'stackpilot_service_uptime_ratio', { ...db, window: 'since_start' }), 1);
    const probes = value(f.get('stackpilot_service_probe_duration_seconds'), 'stackpilot_service_probe_duration_seconds_count', db)!;
    assert.ok(probes >= 3, `probe count ${probes}`);
    assert.ok(value(f.get('stackpilot_service_probe_duration_seconds'), 'stackpilot_service_probe_duration_seconds_sum', db)! > 0);
    assert.ok(value(f.get('stackpilot_service_memory_bytes'), 'stackpilot_service_memory_bytes', db)! > 10e6);
    assert.ok(value(f.get('stackpilot_service_cpu_usage_ratio'), 'stackpilot_service_cpu_usage_ratio', db)! >= 0);
    assert.ok(value(f.get('stackpilot_service_error_log_lines_total'), 'stackpilot_service_error_log_lines_total', db)! >= 1);
    assert.ok(value(f.get('stackpilot_host_memory_available_bytes'), 'stackpilot_host_memory_available_bytes', { stack: 'scraped' })! > 0);
    assert.equal(
      value(f.get('stackpilot_alerts'), 'stackpilot_alerts', {
        alertname: 'db-errors',
        service: 'db',
        severity: 'info',
        alertstate: 'firing',
      }),
      1,
    );

    // A killed process: down, a restart counted, service-down firing, until it is healthy again.
    process.kill(engine.status()[0].pid!, 'SIGKILL');
    await waitFor(
      'service-down firing',
      () => monitor.snapshot().alerts.find((a) => a.key === 'service-down/db' && a.state === 'firing'),
      5000,
    );
    const down = (await scrape(url!)).families;
    assert.equal(
      value(down.get('stackpilot_alerts'), 'stackpilot_alerts', {
        alertname: 'service-down',
        service: 'db',
        severity: 'critical',
        alertstate: 'firing',
      }),
      1,
    );
    await waitFor('healthy again', () => engine.status()[0].state === 'healthy', 10_000);
    run.pids.add(engine.status()[0].pid!);
    await waitFor(
      'service-down resolved',
      () => !monitor.snapshot().alerts.some((a) => a.key === 'service-down/db' && a.state === 'firing'),
      5000,
    );
    const again = (await scrape(url!)).families;
    assert.equal(value(again.get('stackpilot_service_restarts_total'), 'stackpilot_service_restarts_total', db), 1);
    assert.equal(value(again.get('stackpilot_alerts'), 'stackpilot_alerts', { alertname: 'service-down', service: 'db' }), undefined);
    assert.ok(
      value(again.get('stackpilot_service_uptime_ratio'), 'stackpilot_service_uptime_ratio', { ...db, window: 'since_start' })! < 1,
    );

    // Only /metrics, only GET, only loopback.
    assert.equal((await fetch(url!.replace('/metrics', '/'))).status, 404);
    assert.equal((await fetch(url!, { method: 'POST' })).status, 405);
    monitor.dispose();
    run.monitor = undefined;
    await assert.rejects(fetch(url!));
  });

  it('a taken port is logged, not fatal; `prometheus: false` overrides the file', async () => {
    const port = await freePort();
    writeFileSync(join(run.dir, 'stackpilot.yaml'), `monitoring: { prometheus: ${port} }\nservices:\n  a: { command: sleep 100 }\n`);
    const loaded = await loadStackFromDisk({ root: run.dir, configPath: 'stackpilot.yaml', profile: undefined, env: process.env });
    const errors: string[] = [];
    const first = createMonitor({ onEvent: () => ({ dispose: () => undefined }), status: () => [] }, loaded.config!, {
      collectors: () => [],
    });
    const second = createMonitor({ onEvent: () => ({ dispose: () => undefined }), status: () => [] }, loaded.config!, {
      collectors: () => [],
      logger: { ...quiet, error: (m: string) => errors.push(m) },
    });
    const off = createMonitor({ onEvent: () => ({ dispose: () => undefined }), status: () => [] }, loaded.config!, {
      collectors: () => [],
      prometheus: false,
    });
    try {
      assert.equal(await first.prometheus, `http://127.0.0.1:${port}/metrics`);
      assert.equal(await second.prometheus, undefined);
      assert.match(errors.join('\n'), new RegExp(`Prometheus endpoint on 127\\.0\\.0\\.1:${port} not started: .*EADDRINUSE`));
      assert.equal(await off.prometheus, undefined);
    } finally {
      for (const m of [first, second, off]) m.dispose();
    }
  });

  it('prom-client is loaded only when a stack opts in', () => {
    const script = `
      const { createMonitor } = require('./src/infra/metrics/createMonitor');
      const loaded = () => Object.keys(require.cache).some((k) => k.includes('/node_modules/prom-client/'));
      const engine = { onEvent: () => ({ dispose() {} }), status: () => [] };
      const stack = (m) => ({ name: 'lazy', root: '/tmp', files: [], services: {}, profiles: {}, extensions: m ? { monitoring: m } : {} });
      const a = createMonitor(engine, stack(undefined), { collectors: () => [] });
      const before = loaded();
      a.dispose();
      const b = createMonitor(engine, stack({ prometheus: { port: 0 } }), { collectors: () => [] });
      b.prometheus.then(() => { console.log(JSON.stringify({ before, after: loaded() })); b.dispose(); });`;
    const r = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], {
      cwd: resolve(__dirname, '../..'),
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout.trim().split('\n').pop()!), { before: false, after: true });
  });
});
