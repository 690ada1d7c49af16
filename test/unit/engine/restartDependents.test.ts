import { strict as assert } from 'node:assert';
import { restartDependents } from '../../../src/core/engine/restartDependents';
import { dep, health, stack, svc, until, world } from './fakes';

const follows = (service: string) => ({ ...dep(service, 'healthy'), restart: true });

describe('depends_on restart: true', () => {
  it('restartDependents: running dependents with restart: true, transitively, never the others', () => {
    const services = {
      db: svc('db'),
      api: svc('api', { dependsOn: [follows('db')] }),
      worker: svc('worker', { dependsOn: [follows('api')] }),
      plain: svc('plain', { dependsOn: [dep('db')] }),
      idle: svc('idle', { dependsOn: [follows('db')] }),
      cycleA: svc('cycleA', { dependsOn: [follows('cycleB'), follows('db')] }),
      cycleB: svc('cycleB', { dependsOn: [follows('cycleA')] }),
    };
    const running = (n: string) => n !== 'idle';
    assert.deepEqual(restartDependents(services, 'db', running), ['api', 'cycleA', 'worker', 'cycleB']);
    assert.deepEqual(restartDependents(services, 'api', running), ['worker']);
    assert.deepEqual(restartDependents(services, 'plain', running), []);
    // A dependent that is not running is not started by a restart of its dependency, nor are its own dependents.
    assert.deepEqual(
      restartDependents(services, 'db', (n) => n !== 'api'),
      ['idle', 'cycleA', 'cycleB'],
    );
  });

  it('engine.restart(db) stops api first, then brings db back healthy before api starts again', async () => {
    const w = world();
    const engine = w.engine(
      stack(
        svc('db', { health: health() }),
        svc('api', { dependsOn: [follows('db')] }),
        svc('plain', { dependsOn: [dep('db', 'healthy')] }),
      ),
    );
    assert.ok((await engine.up(['db', 'api', 'plain'])).ok);
    await engine.restart('db');
    await until(() => engine.status().every((s) => s.state === 'healthy' || s.state === 'running'));
    assert.deepEqual(w.runner.started, ['db', 'api', 'plain', 'db', 'api']);
    assert.deepEqual(w.runner.stopped, ['api', 'db']);
    const api = engine.status().find((s) => s.name === 'api')!;
    assert.ok(api.transitions.some((t) => t.to === 'stopping' && t.reason === 'restarting · db restarted' && t.restart));
    const dbHealthy = engine
      .status()[0]
      .transitions.filter((t) => t.to === 'healthy')
      .at(-1)!.at;
    const apiStarting = api.transitions.filter((t) => t.to === 'starting').at(-1)!.at;
    assert.ok(apiStarting >= dbHealthy, 'api starts after db is healthy again');
  });

  it('a dependency brought back by its restart policy after a crash restarts its restart: true dependents', async () => {
    const w = world();
    let crash: (() => void) | undefined;
    w.runner.behaviours.set('db', (h, _ctx, run) => run === 1 && (crash = () => h.exit(1)));
    const restart = { policy: 'on-failure' as const, backoffInitial: 20, backoffMax: 20, crashLoopCount: 5, crashLoopWindow: 60_000 };
    const engine = w.engine(
      stack(
        svc('db', { restart, health: health() }),
        svc('api', { dependsOn: [follows('db')] }),
        svc('plain', { dependsOn: [dep('db', 'healthy')] }),
      ),
    );
    assert.ok((await engine.up(['db', 'api', 'plain'])).ok);
    crash!();
    await until(() => w.runner.started.length === 5 && engine.status().every((s) => s.state === 'healthy' || s.state === 'running'));
    assert.deepEqual(w.runner.started, ['db', 'api', 'plain', 'db', 'api']);
    assert.deepEqual(w.runner.stopped, ['api']);
  });

  it('down() during the restart of dependents does not start them again', async () => {
    const w = world();
    let crash: (() => void) | undefined;
    w.runner.behaviours.set('db', (h, _ctx, run) => run === 1 && (crash = () => h.exit(1)));
    const restart = { policy: 'on-failure' as const, backoffInitial: 5, backoffMax: 5, crashLoopCount: 5, crashLoopWindow: 60_000 };
    const engine = w.engine(stack(svc('db', { restart }), svc('api', { dependsOn: [{ ...dep('db'), restart: true }] })));
    assert.ok((await engine.up(['db', 'api'])).ok);
    crash!();
    await until(() => w.runner.stopped.includes('api'));
    await engine.down();
    await new Promise((r) => setTimeout(r, 50));
    assert.ok(
      engine.status().every((s) => s.state === 'stopped'),
      JSON.stringify(engine.status().map((s) => s.state)),
    );
  });
});
