import { strict as assert } from 'node:assert';
import { configHash } from '../../../src/core/config/configHash';
import { dep, health, stack, svc, world } from './fakes';

describe('StackEngine: a run taken over keeps what the earlier run recorded of ended services', () => {
  it('adopting only api: migrate stays completed (its condition holds), flaky stays exited with code 3; nothing is started', async () => {
    const w = world();
    const migrate = svc('migrate', { restart: { ...svc('x').restart, policy: 'no' } });
    const flaky = svc('flaky', { restart: { ...svc('x').restart, policy: 'no' } });
    const api = svc('api', { health: health(), dependsOn: [dep('migrate', 'completed')] });
    w.runner.leftRunning('api', 4242);
    w.store.records = [
      { service: 'api', kind: 'process', id: 'pid:4242', pid: 4242, configHash: configHash(api), startedAt: 1 },
      { service: 'migrate', kind: 'process', id: 'pid:4000', pid: 4000, configHash: configHash(migrate), startedAt: 1, completedAt: 50 },
      {
        service: 'flaky',
        kind: 'process',
        id: 'pid:4001',
        pid: 4001,
        configHash: configHash(flaky),
        startedAt: 1,
        exitedAt: 60,
        exitCode: 3,
      },
    ];
    const engine = w.engine(stack(migrate, api, flaky));
    const r = await engine.up(['api']);
    assert.ok(r.ok, r.failures.join());
    const by = new Map(engine.status().map((s) => [s.name, s]));
    assert.deepEqual([by.get('migrate')?.state, by.get('migrate')?.since], ['completed', 50]);
    assert.deepEqual([by.get('flaky')?.state, by.get('flaky')?.since, by.get('flaky')?.reason], ['exited', 60, 'exited with code 3']);
    assert.equal(by.get('flaky')?.lastExit?.code, 3);
    assert.deepEqual([by.get('api')?.state, by.get('api')?.adopted, by.get('api')?.reason], ['healthy', true, undefined]);
    assert.deepEqual(w.runner.started, []);
  });

  it('a record of another kind (the service changed kind) says nothing; a later start or stop replaces the restored state', async () => {
    const w = world();
    const job = svc('job', { restart: { ...svc('x').restart, policy: 'no' } });
    w.store.records = [{ service: 'job', kind: 'docker', id: 'c1', configHash: 'x', startedAt: 1, completedAt: 50 }];
    const other = svc('other');
    const engine = w.engine(stack(job, other));
    assert.ok((await engine.up(['other'])).ok);
    assert.equal(engine.status().find((s) => s.name === 'job')?.state, 'stopped');

    const w2 = world();
    w2.store.records = [
      { service: 'job', kind: 'process', id: 'pid:9', pid: 9, configHash: configHash(job), startedAt: 1, exitedAt: 5, exitCode: 1 },
    ];
    const e2 = w2.engine(stack(job, other));
    assert.ok((await e2.up(['other'])).ok);
    assert.equal(e2.status().find((s) => s.name === 'job')?.state, 'exited');
    await e2.down(['job']);
    assert.equal(e2.status().find((s) => s.name === 'job')?.state, 'stopped');
  });
});
