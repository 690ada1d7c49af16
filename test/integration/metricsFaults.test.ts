import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AlertEvent } from '../../src/core/alerts/model';
import { createStackEngine, loadStackFromDisk } from '../../src/infra/createStackEngine';
import { createMonitor } from '../../src/infra/metrics/createMonitor';
import { useMonitoredRun } from './monitoredRun';
import { freePort, waitFor } from './testKit';

/** An HTTP service told what to do through a control file: `{ delay, fail, growMb }`. */
const SERVER = `
const http = require('node:http'), fs = require('node:fs');
const mem = [];
http.createServer((req, res) => {
  let c = {};
  try { c = JSON.parse(fs.readFileSync(process.env.CTL, 'utf8')); } catch {}
  while (mem.length < (c.growMb || 0)) mem.push(Buffer.alloc(1 << 20, 1));
  if (c.fail) { res.statusCode = 500; return res.end('failing'); }
  setTimeout(() => res.end('ok'), c.delay || 0);
}).listen(Number(process.env.PORT), '127.0.0.1');
`;

describe('alerts against a real service told to slow down, grow and fail', () => {
  const run = useMonitoredRun();

  it('latency, memory and down alerts fire and resolve as the service misbehaves and recovers', async () => {
    const port = await freePort();
    const ctl = join(run.dir, 'ctl.json');
    const control = (c: object) => writeFileSync(ctl, JSON.stringify(c));
    control({});
    writeFileSync(join(run.dir, 'server.js'), SERVER);
    writeFileSync(
      join(run.dir, 'stackpilot.yaml'),
      `name: faults
monitoring: { interval: 200ms }
alerts:
  rules:
    - { name: slow, metric: probe_latency_ms, operator: ">", threshold: 300, severity: warning }
    - { name: big, metric: memory_bytes, operator: ">", threshold: 150000000, severity: critical }
services:
  web:
    argv: [${JSON.stringify(process.execPath)}, server.js]
    env: { PORT: "${port}", CTL: ${JSON.stringify(ctl)} }
    health: { http: "http://127.0.0.1:${port}/", interval: 200ms, timeout: 3s, retries: 2, startInterval: 50ms, startPeriod: 30s }
`,
    );
    const loaded = await loadStackFromDisk({ root: run.dir, configPath: 'stackpilot.yaml', profile: undefined, env: process.env });
    assert.ok(loaded.config, JSON.stringify(loaded.diagnostics));
    const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
    const engine = (run.engine = createStackEngine(loaded.config, { output: quiet }));
    const monitor = (run.monitor = createMonitor(engine, loaded.config, {}));
    const heard: string[] = [];
    monitor.onAlert((e: AlertEvent) => heard.push(`${e.kind} ${e.alert.key}`));
    const up = await engine.up(['web'], { timeoutMs: 15_000 });
    assert.ok(up.ok, JSON.stringify(up));
    for (const s of engine.status()) if (s.pid) run.pids.add(s.pid);
    const saw = (what: string, ms = 8000) => waitFor(what, () => heard.includes(what), ms);

    control({ delay: 500 });
    await saw('firing slow/web');
    control({});
    await saw('resolved slow/web');

    control({ growMb: 200 });
    await saw('firing big/web');
    const snap = monitor.snapshot().metrics.services[0];
    assert.ok(snap.memoryBytes! > 150e6, `RSS ${snap.memoryBytes}`);

    control({ growMb: 200, fail: true });
    await saw('firing service-down/web');
    control({ growMb: 200 });
    await saw('resolved service-down/web');
    assert.deepEqual(heard.slice(0, 2), ['firing slow/web', 'resolved slow/web']);
    // Once the delay is lifted, a busy 2-core machine (or holding 200 MB on it) can make a probe truly
    // exceed 300 ms again: that slow/web alert is real, not noise, so it is left out of the order
    // checked here instead of failing.
    assert.deepEqual(
      heard.slice(2).filter((h) => h !== 'firing slow/web' && h !== 'resolved slow/web'),
      ['firing big/web', 'firing service-down/web', 'resolved service-down/web'],
    );
    const latency = monitor.snapshot().metrics.services[0].probe.latency;
    assert.ok(latency.p99! >= 450 && latency.p50! < 300, JSON.stringify(latency));
  });
});
