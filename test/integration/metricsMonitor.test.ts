import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AlertEvent } from '../../src/core/alerts/model';
import { createStackEngine, loadStackFromDisk } from '../../src/infra/createStackEngine';
import { createMonitor } from '../../src/infra/metrics/createMonitor';
import { JsonlAlertHistory } from '../../src/infra/metrics/JsonlAlertHistory';
import { useMonitoredRun } from './monitoredRun';
import { freePort, SVC, waitFor } from './testKit';

function stackYaml(dbPort: number, apiPort: number): string {
  const node = JSON.stringify(process.execPath);
  const svc = JSON.stringify(SVC);
  return `name: monitor
monitoring:
  interval: 200ms
alerts:
  rules:
    - { name: api-errors, metric: error_rate, operator: ">=", threshold: 2, severity: info, services: [api] }
services:
  db:
    argv: [${node}, ${svc}]
    env: { NAME: db, PORT: "${dbPort}" }
    health: { http: "http://127.0.0.1:${dbPort}/health", interval: 200ms, startInterval: 50ms, startPeriod: 30s }
    restart: { policy: on-failure }
  api:
    argv: [${node}, ${svc}]
    env: { NAME: api, PORT: "${apiPort}", ERR_LOG: "ERROR one|ERROR two" }
    dependsOn: { db: healthy }
    health: { tcp: "127.0.0.1:${apiPort}", interval: 200ms, startInterval: 50ms, startPeriod: 30s }
`;
}

describe('createMonitor with the real engine', () => {
  const run = useMonitoredRun();

  it('a killed process fires service-down within a second and resolves once it is healthy again', async () => {
    const [dbPort, apiPort] = [await freePort(), await freePort()];
    writeFileSync(join(run.dir, 'stackpilot.yaml'), stackYaml(dbPort, apiPort));
    const loaded = await loadStackFromDisk({ root: run.dir, configPath: 'stackpilot.yaml', profile: undefined, env: process.env });
    assert.ok(loaded.config, JSON.stringify(loaded.diagnostics));
    const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
    const engine = (run.engine = createStackEngine(loaded.config, { output: quiet }));
    const historyFile = join(run.dir, 'alerts.jsonl');
    const monitor = (run.monitor = createMonitor(engine, loaded.config, { historyFile }));
    assert.deepEqual(monitor.diagnostics, []);
    const heard: AlertEvent[] = [];
    monitor.onAlert((e) => heard.push(e));
    const up = await engine.up(['db', 'api'], { timeoutMs: 20_000 });
    assert.ok(up.ok, JSON.stringify(up));
    for (const s of engine.status()) if (s.pid) run.pids.add(s.pid);

    // Measured, not invented: RSS and CPU of the real process trees, host figures.
    await waitFor(
      'process samples',
      () => monitor.snapshot().metrics.services.every((s) => (s.memoryBytes ?? 0) > 10e6 && s.cpuPercent !== undefined),
      5000,
    );
    await waitFor('host sample', () => monitor.snapshot().metrics.host.memAvailableMb !== undefined, 3000);
    await waitFor(
      'user rule on the error-log rate',
      () => heard.find((e) => e.alert.key === 'api-errors/api' && e.kind === 'firing'),
      3000,
    );

    const db = engine.status().find((s) => s.name === 'db')!;
    const killedAt = Date.now();
    process.kill(db.pid!, 'SIGKILL');
    const fired = await waitFor(
      'service-down firing',
      () => heard.find((e) => e.alert.key === 'service-down/db' && e.kind === 'firing'),
      5000,
    );
    const latency = fired.at - killedAt;
    assert.ok(latency < 1000, `crash to firing took ${latency} ms`);
    if (process.env.SHOW_LATENCY) console.log(`crash to firing: ${latency} ms`);
    await waitFor('service-down resolved', () => heard.find((e) => e.alert.key === 'service-down/db' && e.kind === 'resolved'), 10_000);
    for (const s of engine.status()) if (s.pid) run.pids.add(s.pid);
    const dbSnap = monitor.snapshot().metrics.services.find((s) => s.name === 'db')!;
    assert.equal(dbSnap.restarts, 1);
    assert.ok(dbSnap.uptime.downMs > 0 && dbSnap.uptime.sinceStartPercent! < 100);
    // api depends on db: anything it raised meanwhile was held back, never reported.
    assert.ok(!heard.some((e) => e.alert.service === 'api' && e.alert.ruleId === 'service-down'));

    // The history file outlives this monitor: a fresh reader (as after a restart) sees the transitions.
    await monitor.history?.flush();
    const again = await new JsonlAlertHistory(historyFile).read();
    assert.deepEqual(again.skipped, []);
    assert.deepEqual(
      again.entries.filter((e) => e.key === 'service-down/db').map((e) => e.kind),
      ['pending', 'firing', 'resolved'],
    );
  });

  it('problems in the alert config are located in the stack file, and the loader refuses the config', async () => {
    writeFileSync(
      join(run.dir, 'stackpilot.yaml'),
      `services:
  db:
    command: sleep 100
    alerts:
      - { name: x, metric: cpu_precent, operator: ">", threshold: 1 }
`,
    );
    const loaded = await loadStackFromDisk({ root: run.dir, configPath: 'stackpilot.yaml', profile: undefined, env: process.env });
    assert.equal(loaded.config, undefined);
    assert.deepEqual(
      loaded.diagnostics.map((d) => `${d.location.file}:${d.location.line}:${d.location.column} ${d.message}`),
      [`${join(run.dir, 'stackpilot.yaml')}:5:28 Unknown metric \`cpu_precent\`. Did you mean \`cpu_percent\`?`],
    );
  });
});
