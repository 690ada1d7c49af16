import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineEvent } from '../../src/core/engine/state';
import { createStackEngine, loadStackFromDisk, type StackEngine } from '../../src/infra/createStackEngine';
import { alive, freePort, killAll, SVC, tempDir } from './testKit';

/** db (http health, slow to get ready) <- migrate (a job) ; api waits for db healthy and migrate completed. */
function stackYaml(dbPort: number, apiPort: number, orderFile: string): string {
  const node = JSON.stringify(process.execPath);
  const svc = JSON.stringify(SVC);
  return `name: e2e
services:
  db:
    argv: [${node}, ${svc}]
    env: { NAME: db, PORT: "${dbPort}", READY_DELAY_MS: "400", ORDER_FILE: ${JSON.stringify(orderFile)}, LOG: "db booting" }
    health: { http: "http://127.0.0.1:${dbPort}/health", bodyContains: "ok db", interval: 200ms, startInterval: 50ms, startPeriod: 30s }
    stopGracePeriod: 2s
  migrate:
    command: ${JSON.stringify(`${process.execPath} ${SVC}`)}
    env: { NAME: migrate, EXIT_AFTER_MS: "150", ORDER_FILE: ${JSON.stringify(orderFile)} }
    dependsOn: { db: healthy }
  api:
    argv: [${node}, ${svc}]
    env: { NAME: api, PORT: "${apiPort}", SPAWN_CHILD: "1", ORDER_FILE: ${JSON.stringify(orderFile)} }
    dependsOn: { db: healthy, migrate: completed }
    health: { tcp: "127.0.0.1:${apiPort}", interval: 200ms, startInterval: 50ms, startPeriod: 30s }
`;
}

describe('createStackEngine: a real 3-service stack end to end', () => {
  let tmp: ReturnType<typeof tempDir>;
  let engine: StackEngine | undefined;
  const pids = new Set<number>();
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(async () => {
    if (engine) {
      await engine.down().catch(() => undefined);
      engine.dispose();
      engine = undefined;
    }
    killAll(pids);
    pids.clear();
    tmp.remove();
  });

  it('comes up in dependency order, health-gated, and goes down leaving no process behind', async () => {
    const [dbPort, apiPort] = [await freePort(), await freePort()];
    const order = join(tmp.dir, 'order.txt');
    writeFileSync(join(tmp.dir, 'stackpilot.yaml'), stackYaml(dbPort, apiPort, order));
    const loaded = await loadStackFromDisk({ root: tmp.dir, configPath: 'stackpilot.yaml', profile: undefined, env: process.env });
    assert.deepEqual(
      loaded.diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
    assert.ok(loaded.config);
    assert.deepEqual(loaded.selected, ['db', 'migrate', 'api']);

    const info: string[] = [];
    const output = {
      debug: () => undefined,
      info: (m: string) => void info.push(m),
      warn: (m: string) => void info.push(m),
      error: (m: string) => void info.push(m),
    };
    engine = createStackEngine(loaded.config, { output });
    const events: EngineEvent[] = [];
    engine.onEvent((e) => {
      events.push(e);
      if (e.type === 'state' && e.status.pid) pids.add(e.status.pid);
    });
    const result = await engine.up(loaded.selected, { timeoutMs: 30_000 });
    assert.deepEqual(result.failures, [], JSON.stringify(result.statuses, null, 1));
    assert.equal(result.ok, true);
    const state = Object.fromEntries(engine.status().map((s) => [s.name, s.state]));
    assert.deepEqual(state, { db: 'healthy', migrate: 'completed', api: 'healthy' });

    // Started in order: migrate only after db was healthy, api only after migrate completed.
    const started = Object.fromEntries(
      readFileSync(order, 'utf8')
        .trim()
        .split('\n')
        .map((l) => l.split(' '))
        .map(([n, t]) => [n, Number(t)]),
    );
    const becameAt = (svc: string, to: string) =>
      events.flatMap((e) => (e.type === 'state' && e.service === svc && e.transition.to === to ? [e.transition.at] : []))[0];
    assert.ok(started.db < started.migrate && started.migrate < started.api, JSON.stringify(started));
    assert.ok(becameAt('db', 'healthy')! <= started.migrate);
    assert.ok(becameAt('migrate', 'completed')! <= started.api);
    const dbProbe = engine.status().find((s) => s.name === 'db')?.lastProbe;
    assert.match(dbProbe?.detail ?? '', /^GET \/health -> 200 after \d+ ms$/);
    assert.ok(engine.logs('db').some((l) => l.text === 'db booting' && l.stream === 'stdout'));
    assert.ok(existsSync(join(tmp.dir, '.stackpilot', 'state.json')));
    assert.ok(existsSync(join(tmp.dir, '.stackpilot', 'logs', 'api.out.log')));

    const apiChild = Number(/child (\d+)/.exec(readFileSync(join(tmp.dir, '.stackpilot', 'logs', 'api.out.log'), 'utf8'))?.[1]);
    assert.ok(apiChild > 0 && alive(apiChild));
    pids.add(apiChild);
    const running = engine.status().flatMap((s) => (s.pid && s.state !== 'completed' ? [s.pid] : []));
    assert.equal(running.length, 2);
    await engine.down();
    for (const pid of [...running, apiChild]) assert.equal(alive(pid), false, `pid ${pid} still running after down()`);
    assert.deepEqual(Object.fromEntries(engine.status().map((s) => [s.name, s.state])).api, 'stopped');
  });

  it('a new engine adopts what an earlier one left running, and stops it on down()', async () => {
    const [dbPort, apiPort] = [await freePort(), await freePort()];
    writeFileSync(join(tmp.dir, 'stackpilot.yaml'), stackYaml(dbPort, apiPort, join(tmp.dir, 'order.txt')));
    const { config } = await loadStackFromDisk({ root: tmp.dir, env: process.env });
    assert.ok(config);
    const first = createStackEngine(config, { output: { debug() {}, info() {}, warn() {}, error() {} } });
    const r1 = await first.up(['db'], { timeoutMs: 30_000 });
    assert.equal(r1.ok, true, r1.failures.join('; '));
    const dbPid = first.status().find((s) => s.name === 'db')!.pid!;
    pids.add(dbPid);
    first.dispose(); // the window closes without stopping anything

    engine = createStackEngine(config, { output: { debug() {}, info() {}, warn() {}, error() {} } });
    const observed = await engine.observe();
    assert.equal(observed.find((s) => s.name === 'db')?.pid, dbPid);
    const r2 = await engine.up(['db'], { timeoutMs: 30_000 });
    assert.equal(r2.ok, true, r2.failures.join('; '));
    const db = engine.status().find((s) => s.name === 'db')!;
    assert.deepEqual([db.pid, db.adopted], [dbPid, true]);
    await engine.down();
    assert.equal(alive(dbPid), false);
  });

  it('turns a bad selection into a located diagnostic', async () => {
    writeFileSync(join(tmp.dir, 'stackpilot.yaml'), stackYaml(1, 2, '/dev/null'));
    const loaded = await loadStackFromDisk({ root: tmp.dir, services: ['dbb'], env: process.env });
    const d = loaded.diagnostics.find((x) => x.code === 'bad-selection');
    assert.ok(d);
    assert.equal(d.severity, 'error');
    assert.match(d.message, /Unknown service `dbb`/);
    assert.deepEqual([d.location.file, d.location.line, d.location.column], [join(tmp.dir, 'stackpilot.yaml'), 1, 1]);
  });
});
