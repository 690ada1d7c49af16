import { strict as assert } from 'node:assert';
import type { StackEngine } from '../../../src/core/engine/StackEngine';
import type { EngineEvent } from '../../../src/core/engine/state';
import { dep, health, stack, svc, world } from './fakes';

/** "name:state" for every transition, in emission order. */
function timeline(engine: StackEngine): string[] {
  const out: string[] = [];
  engine.onEvent((e: EngineEvent) => e.type === 'state' && out.push(`${e.service}:${e.transition.to}`));
  return out;
}

describe('StackEngine: scheduling', () => {
  it('starts a service as soon as its own dependencies are ready, not after an unrelated slow level', async () => {
    const w = world();
    // slow becomes healthy on its 8th probe (hundreds of ms); fast on its first.
    w.probes.script.set('slow', (n) => n >= 8);
    const config = stack(
      svc('slow', { health: health({ startPeriod: 5000 }) }),
      svc('fast', { health: health() }),
      svc('api', { dependsOn: [dep('fast', 'healthy')] }),
      svc('worker', { dependsOn: [dep('slow', 'healthy')] }),
    );
    const engine = w.engine(config);
    const events = timeline(engine);
    const r = await engine.up(['slow', 'fast', 'api', 'worker']);
    assert.deepEqual(r.failures, []);
    assert.ok(r.ok);
    assert.ok(events.indexOf('api:running') < events.indexOf('slow:healthy'), events.join(' '));
    assert.ok(events.indexOf('worker:starting') > events.indexOf('slow:healthy'));
    assert.deepEqual(
      engine.status().map((s) => s.state),
      ['healthy', 'healthy', 'running', 'running'],
    );
    assert.deepEqual(
      engine.status()[3].transitions.map((t) => t.to),
      ['waiting', 'starting', 'running'],
    );
    engine.dispose();
  });

  it('waits for conditions: completed (exit 0), started, healthy on a service without a health check (and says so)', async () => {
    const w = world();
    w.runner.behaviours.set('migrate', (h) => setTimeout(() => h.exit(0), 30));
    w.probes.script.set('db', (n) => n >= 3);
    const config = stack(
      svc('db', { health: health({ startPeriod: 5000 }) }),
      svc('migrate', { dependsOn: [dep('db', 'healthy')] }),
      svc('api', { dependsOn: [dep('migrate', 'completed'), dep('cache', 'healthy')] }),
      svc('cache'),
      svc('sidecar', { dependsOn: [dep('db', 'started')] }),
    );
    const engine = w.engine(config);
    const events = timeline(engine);
    const r = await engine.up(['db', 'migrate', 'api', 'cache', 'sidecar']);
    assert.ok(r.ok, r.failures.join('\n'));
    assert.ok(events.indexOf('sidecar:starting') < events.indexOf('db:healthy'), events.join(' '));
    assert.ok(events.indexOf('migrate:starting') > events.indexOf('db:healthy'));
    assert.ok(events.indexOf('api:starting') > events.indexOf('migrate:completed'));
    assert.ok(
      w.logger.lines.some((l) => /api: cache has no health check: condition healthy counts as met once it runs/.test(l)),
      w.logger.lines.join('\n'),
    );
    const api = engine.status().find((s) => s.name === 'api')!;
    assert.ok(api.transitions.some((t) => t.to === 'waiting'));
    engine.dispose();
  });

  it('a dependency stopped on purpose leaves its running dependent without a trouble note (no stop exit code as a failure)', async () => {
    const w = world();
    const config = stack(svc('db', { health: health() }), svc('api', { dependsOn: [dep('db', 'healthy')] }));
    const engine = w.engine(config);
    const r = await engine.up(['db', 'api']);
    assert.ok(r.ok, r.failures.join('\n'));
    await engine.down(['db']);
    await new Promise((r) => setTimeout(r, 20));
    const api = engine.status().find((s) => s.name === 'api')!;
    assert.equal(api.state, 'running');
    assert.equal(api.reason, undefined, 'no "dependency db stopped (exit 0)"');
    engine.dispose();
  });

  it('blocks dependents of a failed dependency with its reason; unrelated services run on; optional deps do not block', async () => {
    const w = world();
    w.runner.behaviours.set('db', (h) => setTimeout(() => h.exit(1), 10));
    const config = stack(
      svc('db', { health: health() }),
      svc('api', { dependsOn: [dep('db', 'healthy')] }),
      svc('web', { dependsOn: [dep('api')] }),
      svc('docs'),
      svc('metrics', { dependsOn: [dep('db', 'healthy', false)] }),
    );
    const engine = w.engine(config);
    const r = await engine.up(['db', 'api', 'web', 'docs', 'metrics']);
    assert.equal(r.ok, false);
    assert.deepEqual(r.failures, [
      'db: exited with code 1',
      'api: blocked: dependency db failed (exited with code 1)',
      'web: blocked: dependency api failed (blocked: dependency db failed (exited with code 1))',
    ]);
    const by = Object.fromEntries(r.statuses.map((s) => [s.name, s]));
    assert.equal(by.api.state, 'failed');
    assert.equal(by.docs.state, 'running');
    assert.equal(by.metrics.state, 'running');
    assert.deepEqual(w.runner.started.sort(), ['db', 'docs', 'metrics']);
    engine.dispose();
  });

  it('fails a service whose port is taken or that needs more memory than is free, before starting it', async () => {
    const w = world();
    w.host.busy = [{ port: 6379, host: '127.0.0.1', holder: 'redis-server (pid 123)' }];
    w.host.freeMb = 512;
    const config = stack(
      svc('redis', { ports: [{ port: 6379, host: '127.0.0.1', protocol: 'tcp' }] }),
      svc('ml', { memoryMb: 4096 }),
      svc('ok', { ports: [{ port: 8080, host: '127.0.0.1', protocol: 'tcp' }] }),
    );
    const engine = w.engine(config);
    const r = await engine.up(['redis', 'ml', 'ok']);
    assert.deepEqual(r.failures, [
      'redis: port 6379 on 127.0.0.1 already in use by redis-server (pid 123)',
      'ml: needs 4096 MB of memory but only 512 MB is available',
    ]);
    assert.deepEqual(w.runner.started, ['ok']);
    engine.dispose();
  });

  it('reports a start error as failed, and a service kind without a runner', async () => {
    const w = world();
    w.runner.start = () => Promise.reject(new Error('command not found: nope (cwd /tmp)'));
    const config = stack(svc('api'), { ...svc('pg'), kind: 'docker', image: 'postgres', volumes: [], labels: {} });
    const engine = w.engine(config);
    const r = await engine.up(['api', 'pg']);
    assert.deepEqual(r.failures, ['api: could not start: command not found: nope (cwd /tmp)', 'pg: no runner for docker services']);
    engine.dispose();
  });

  it('abort: stops scheduling, reports what did not settle, leaves running services alone', async () => {
    const w = world();
    w.probes.script.set('db', () => false);
    const config = stack(
      svc('db', { health: health({ interval: 1000, retries: 100 }) }),
      svc('api', { dependsOn: [dep('db', 'healthy')] }),
      svc('docs'),
    );
    const engine = w.engine(config);
    const ac = new AbortController();
    const up = engine.up(['db', 'api', 'docs'], { signal: ac.signal });
    // Abort once the scheduler has settled into "db starting, docs running" (not after a fixed delay, which flakes under load).
    const settled = () =>
      engine
        .status()
        .map((s) => `${s.name}:${s.state}`)
        .join(' ') === 'db:starting api:waiting docs:running';
    for (let i = 0; i < 500 && !settled(); i++) await new Promise((r) => setTimeout(r, 5));
    ac.abort();
    const r = await up;
    assert.deepEqual(r.failures, ['db: up aborted (was starting)', 'api: up aborted (was waiting, waiting on db (healthy))']);
    assert.equal(r.interrupted, 'aborted');
    const by = Object.fromEntries(engine.status().map((s) => [s.name, s.state]));
    assert.deepEqual(by, { db: 'starting', api: 'stopped', docs: 'running' });
    assert.ok(!w.runner.started.includes('api'));
    await engine.down();
  });

  it('timeout: up resolves with what did not settle', async () => {
    const w = world();
    w.probes.script.set('db', () => false);
    const engine = w.engine(stack(svc('db', { health: health({ interval: 1000, retries: 100 }) })));
    const r = await engine.up(['db'], { timeoutMs: 60 });
    assert.deepEqual(r.failures, ['db: not settled after 60 ms (was starting)']);
    assert.equal(r.interrupted, 'timed-out');
    await engine.down();
    assert.equal(engine.status()[0].state, 'stopped');
  });

  it('down while up waits: up resolves as stopped (not a failed start), and nothing it waited for is started after', async () => {
    const w = world();
    w.probes.script.set('db', () => false);
    const config = stack(
      svc('db', { health: health({ interval: 1000, retries: 100 }) }),
      svc('api', { dependsOn: [dep('db', 'healthy')] }),
    );
    const engine = w.engine(config);
    const up = engine.up(['db', 'api']);
    const settled = () =>
      engine
        .status()
        .map((s) => `${s.name}:${s.state}`)
        .join(' ') === 'db:starting api:waiting';
    for (let i = 0; i < 500 && !settled(); i++) await new Promise((r) => setTimeout(r, 5));
    assert.ok(settled(), 'db starting, api waiting on it');
    await engine.down();
    const r = await up;
    assert.equal(r.interrupted, 'stopped');
    assert.deepEqual(r.failures, [
      'db: stopped before it was up (was starting)',
      'api: stopped before it was up (was waiting, waiting on db (healthy))',
    ]);
    // db turning healthy now would start api if anything still waited for it.
    w.probes.script.set('db', () => true);
    await new Promise((r) => setTimeout(r, 50));
    assert.ok(!w.runner.started.includes('api'), 'api never started');
    assert.deepEqual(
      engine.status().map((s) => s.state),
      ['stopped', 'stopped'],
    );
  });

  it('abort with a reason in words: each service it no longer waits for says it', async () => {
    const w = world();
    w.probes.script.set('db', () => false);
    const engine = w.engine(stack(svc('db', { health: health({ interval: 1000, retries: 100 }) })));
    const ac = new AbortController();
    const up = engine.up(['db'], { signal: ac.signal });
    for (let i = 0; i < 500 && engine.status()[0].state !== 'starting'; i++) await new Promise((r) => setTimeout(r, 5));
    ac.abort('stopped by stackpilot down (pid 42) before it was up');
    const r = await up;
    assert.equal(r.interrupted, 'aborted');
    assert.deepEqual(r.failures, ['db: stopped by stackpilot down (pid 42) before it was up (was starting)']);
    await engine.down();
  });

  it('an up that settled is not interrupted', async () => {
    const w = world();
    const engine = w.engine(stack(svc('db')));
    const r = await engine.up(['db']);
    assert.equal(r.ok, true);
    assert.equal(r.interrupted, undefined);
    await engine.down();
  });
});
