import { strict as assert } from 'node:assert';
import { configHash } from '../../../src/core/config/configHash';
import { dep, health, sleep, stack, svc, until, world } from './fakes';

describe('StackEngine: health and restarts', () => {
  it('health: failures inside startPeriod do not count; retries consecutive failures -> unhealthy, then back to healthy', async () => {
    const w = world();
    let failing = false;
    w.probes.script.set('api', (n) => n >= 4 && !failing);
    const engine = w.engine(stack(svc('api', { health: health({ startPeriod: 5000, interval: 30, retries: 2 }) })));
    const r = await engine.up(['api']);
    assert.ok(r.ok);
    assert.ok(!engine.status()[0].transitions.some((t) => t.to === 'unhealthy'));
    failing = true;
    await until(() => engine.status()[0].state === 'unhealthy');
    assert.equal(engine.status()[0].reason, 'connect ECONNREFUSED');
    failing = false;
    await until(() => engine.status()[0].state === 'healthy');
    assert.ok(engine.status()[0].lastProbe?.ok);
  });

  it('health: without startPeriod, retries failures make up() report unhealthy', async () => {
    const w = world();
    w.probes.script.set('api', () => false);
    const engine = w.engine(stack(svc('api', { health: health({ interval: 30, retries: 2 }) })));
    const r = await engine.up(['api']);
    assert.deepEqual(r.failures, ['api: unhealthy: connect ECONNREFUSED']);
  });

  it('log probe: healthy once an output line matches; lines are kept and emitted', async () => {
    const w = world();
    w.runner.behaviours.set('pg', (_h, ctx) => {
      setTimeout(() => ctx.onLog({ service: 'pg', stream: 'stderr', text: 'starting up', at: Date.now() }), 10);
      setTimeout(
        () => ctx.onLog({ service: 'pg', stream: 'stderr', text: 'database system is ready to accept connections', at: Date.now() }),
        40,
      );
    });
    const engine = w.engine(stack(svc('pg', { health: health({ probe: { kind: 'log', pattern: 'ready to accept' } }) })));
    const seen: string[] = [];
    engine.onEvent((e) => e.type === 'log' && seen.push(e.line.text));
    const r = await engine.up(['pg']);
    assert.ok(r.ok, r.failures.join());
    assert.equal(engine.status()[0].state, 'healthy');
    assert.deepEqual(
      engine.logs('pg').map((l) => l.text),
      ['starting up', 'database system is ready to accept connections'],
    );
    assert.deepEqual(seen, ['starting up', 'database system is ready to accept connections']);
  });

  it('on-failure: restarts with growing backoff, gives up after maxRetries', async () => {
    const w = world();
    w.runner.behaviours.set('api', (h) => setTimeout(() => h.exit(2), 5));
    const restart = {
      policy: 'on-failure' as const,
      maxRetries: 2,
      backoffInitial: 10,
      backoffMax: 1000,
      crashLoopCount: 10,
      crashLoopWindow: 60_000,
    };
    const engine = w.engine(stack(svc('api', { restart })));
    // No health check: up() settles once it runs; supervision goes on after that.
    await engine.up(['api']);
    await until(() => engine.status()[0].state === 'exited');
    const st = engine.status()[0];
    assert.equal(st.reason, 'exited with code 2 (gave up after 2 restarts)');
    assert.equal(st.restarts, 2);
    const waits = st.transitions.filter((t) => t.to === 'waiting' && t.reason).map((t) => t.reason);
    assert.deepEqual(waits, ['exited with code 2; restarting in 10 ms', 'exited with code 2; restarting in 20 ms']);
    assert.deepEqual(w.runner.started, ['api', 'api', 'api']);
  });

  it('always: crash loop after crashLoopCount restarts within the window, dependents blocked with the reason', async () => {
    const w = world();
    w.runner.behaviours.set('db', (h) => setTimeout(() => h.exit(0), 5));
    const restart = { policy: 'always' as const, backoffInitial: 5, backoffMax: 20, crashLoopCount: 3, crashLoopWindow: 60_000 };
    w.probes.script.set('db', () => false);
    const engine = w.engine(
      stack(svc('db', { restart, health: health({ startPeriod: 5000 }) }), svc('api', { dependsOn: [dep('db', 'healthy')] })),
    );
    const r = await engine.up(['db', 'api']);
    assert.equal(r.failures.length, 2);
    await until(() => engine.status()[0].state === 'crash-looping' && engine.status()[1].state === 'failed');
    assert.equal(engine.status()[1].reason, `blocked: dependency db failed (${engine.status()[0].reason})`);
    assert.match(engine.status()[0].reason!, /^exited with code 0; 3 restarts within 1 min 00 s, giving up$/);
    assert.equal(engine.status()[0].restarts, 3);
  });

  it('a service restarted by policy is health-gated again, and its running dependents are told meanwhile', async () => {
    const w = world();
    let crash: (() => void) | undefined;
    w.runner.behaviours.set('db', (h, _ctx, run) => run === 1 && (crash = () => h.exit(1)));
    const restart = { policy: 'on-failure' as const, backoffInitial: 200, backoffMax: 200, crashLoopCount: 5, crashLoopWindow: 60_000 };
    const engine = w.engine(
      stack(svc('db', { restart, health: health({ startPeriod: 5000 }) }), svc('api', { dependsOn: [dep('db', 'healthy')] })),
    );
    assert.ok((await engine.up(['db', 'api'])).ok);
    crash!();
    await until(() => engine.status()[1].waitingOn.length > 0);
    assert.deepEqual(engine.status()[1].waitingOn, ['db (healthy)']);
    assert.equal(engine.status()[1].state, 'running');
    await until(() => engine.status()[0].state === 'healthy');
    const dbStates = engine.status()[0].transitions.map((t) => t.to);
    assert.deepEqual(dbStates.slice(-3), ['waiting', 'starting', 'healthy']);
    await until(() => engine.status()[1].waitingOn.length === 0);
    assert.deepEqual(w.runner.started, ['db', 'api', 'db']);
  });
});

describe('StackEngine: adoption, reaping, down', () => {
  it('adopts a live instance with the same config hash instead of starting it; probes it as usual', async () => {
    const w = world();
    const db = svc('db', { health: health(), ports: [{ port: 5432, host: '127.0.0.1', protocol: 'tcp' }] });
    w.runner.leftRunning('db', 4242);
    w.store.records = [{ service: 'db', kind: 'process', id: 'pid:4242', pid: 4242, configHash: configHash(db), startedAt: 1 }];
    w.host.busy = [{ port: 5432, host: '127.0.0.1', holder: 'postgres (pid 4242)' }];
    const engine = w.engine(stack(db));
    const r = await engine.up(['db']);
    assert.ok(r.ok, r.failures.join());
    const st = engine.status()[0];
    assert.deepEqual([st.state, st.adopted, st.pid], ['healthy', true, 4242]);
    assert.deepEqual(
      st.transitions.map((t) => t.to),
      ['running', 'healthy'],
    );
    assert.deepEqual(w.runner.started, []);
  });

  it('stops a live instance whose config changed and starts a fresh one', async () => {
    const w = world();
    const old = w.runner.leftRunning('api', 4343);
    w.store.records = [{ service: 'api', kind: 'process', id: 'pid:4343', pid: 4343, configHash: 'stale', startedAt: 1 }];
    const engine = w.engine(stack(svc('api')));
    assert.ok((await engine.up(['api'])).ok);
    assert.ok(old.ended);
    assert.deepEqual([w.runner.stopped, w.runner.started], [['api'], ['api']]);
    assert.equal(engine.status()[0].adopted, false);
    await until(() => w.store.records.length === 1 && w.store.records[0].configHash !== 'stale');
  });

  it('reaps records of services no longer in the config on up() and down()', async () => {
    const w = world();
    w.store.records = [{ service: 'gone', kind: 'process', id: 'pid:1', pid: 1, configHash: 'x', startedAt: 1 }];
    const engine = w.engine(stack(svc('api')));
    await engine.up(['api']);
    assert.deepEqual(w.runner.reaped, ['gone']);
    await until(() => w.store.records.every((r) => r.service !== 'gone'));
    const w2 = world();
    w2.store.records = [{ service: 'old', kind: 'process', id: 'pid:2', pid: 2, configHash: 'x', startedAt: 1 }];
    await w2.engine(stack(svc('api'))).down();
    assert.deepEqual([w2.runner.reaped, w2.store.records], [['old'], []]);
  });

  it('down() stops in reverse dependency order, cancels restarts and removes the records', async () => {
    const w = world();
    const config = stack(svc('db'), svc('api', { dependsOn: [dep('db')] }), svc('web', { dependsOn: [dep('api')] }), svc('docs'));
    const engine = w.engine(config);
    await engine.up(['db', 'api', 'web', 'docs']);
    assert.equal(w.store.records.length, 4);
    await engine.down();
    assert.ok(w.runner.stopped.indexOf('web') < w.runner.stopped.indexOf('api'));
    assert.ok(w.runner.stopped.indexOf('api') < w.runner.stopped.indexOf('db'));
    assert.deepEqual(
      engine.status().map((s) => s.state),
      ['stopped', 'stopped', 'stopped', 'stopped'],
    );
    assert.ok(engine.status()[0].transitions.some((t) => t.to === 'stopping'));
    assert.deepEqual(w.store.records, []);
  });

  it('down() from a fresh engine stops what an earlier run recorded; observe() starts nothing', async () => {
    const w = world();
    w.runner.leftRunning('db', 77);
    w.store.records = [
      { service: 'db', kind: 'process', id: 'pid:77', pid: 77, configHash: configHash(svc('db', { health: health() })), startedAt: 1 },
    ];
    const engine = w.engine(stack(svc('db', { health: health() }), svc('api')));
    const seen = await engine.observe();
    assert.deepEqual(
      seen.map((s) => [s.state, s.adopted]),
      [
        ['healthy', true],
        ['stopped', false],
      ],
    );
    assert.deepEqual(w.runner.started, []);
    await engine.down();
    assert.deepEqual([w.runner.reaped, w.store.records], [['db'], []]);
  });

  it('restart() stops the service and brings it back health-gated', async () => {
    const w = world();
    const engine = w.engine(stack(svc('db', { health: health() })));
    await engine.up(['db']);
    await engine.restart('db');
    assert.deepEqual([w.runner.started, w.runner.stopped], [['db', 'db'], ['db']]);
    assert.deepEqual(
      engine
        .status()[0]
        .transitions.map((t) => t.to)
        .slice(-4),
      ['stopping', 'stopped', 'waiting', 'starting', 'healthy'].slice(-4),
    );
  });

  it('a down() while a restart() stops the service: it stays stopped, not started again (the later word wins)', async () => {
    const w = world();
    const engine = w.engine(stack(svc('db', { health: health() }), svc('api')));
    await engine.up(['db', 'api']);
    const restarting = engine.restart('db');
    await engine.down(['db']);
    await restarting;
    await sleep(50);
    assert.deepEqual(w.runner.started, ['db', 'api']);
    assert.equal(engine.status().find((s) => s.name === 'db')?.state, 'stopped');
    // A down of another service does not cancel a restart.
    const again = engine.restart('api');
    await engine.down(['db']);
    await again;
    assert.deepEqual(w.runner.started, ['db', 'api', 'api']);
  });
});
