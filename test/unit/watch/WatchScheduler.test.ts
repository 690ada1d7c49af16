import { strict as assert } from 'node:assert';
import { describeChange, WatchScheduler, type WatchTargetPort } from '../../../src/core/watch/WatchScheduler';
import { ManualClock, flush } from './manualClock';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

function setup(opts: { dependents?: Record<string, string[]>; inactive?: string[] } = {}) {
  const clock = new ManualClock();
  const restarts: { service: string; reason: string }[] = [];
  const pendingRestarts: (() => void)[] = [];
  let hold = false;
  const port: WatchTargetPort = {
    restart: (service, reason) => {
      restarts.push({ service, reason });
      return hold ? new Promise<void>((r) => pendingRestarts.push(r)) : Promise.resolve();
    },
    isActive: (s) => !(opts.inactive ?? []).includes(s),
    dependentsOf: (s) => opts.dependents?.[s] ?? [],
  };
  const scheduler = new WatchScheduler(port, clock, quiet, 100);
  return { clock, restarts, scheduler, holdRestarts: () => (hold = true), finishRestart: () => pendingRestarts.shift()!() };
}

describe('WatchScheduler', () => {
  it('restarts once for a burst of saves, after the burst goes quiet', async () => {
    const { clock, restarts, scheduler } = setup();
    for (let i = 0; i < 5; i++) {
      scheduler.changed('api', i % 2 ? 'src/a.ts' : 'src/b.ts');
      await clock.advance(30);
    }
    assert.equal(restarts.length, 0);
    await clock.advance(100);
    assert.deepEqual(restarts, [{ service: 'api', reason: 'src/a.ts and 1 more changed' }]);
    await clock.advance(1000);
    assert.equal(restarts.length, 1);
  });

  it('keeps a save made during a restart for exactly one restart after it', async () => {
    const { clock, restarts, scheduler, holdRestarts, finishRestart } = setup();
    holdRestarts();
    scheduler.changed('api', 'src/a.ts');
    await clock.advance(100);
    assert.equal(restarts.length, 1);
    scheduler.changed('api', 'src/b.ts');
    scheduler.changed('api', 'src/c.ts');
    await clock.advance(500);
    assert.equal(restarts.length, 1, 'never two restarts of one service at once');
    finishRestart();
    await clock.advance(100);
    assert.equal(restarts.length, 2);
    assert.equal(restarts[1].reason, 'src/b.ts and 1 more changed');
    finishRestart();
    await clock.advance(1000);
    assert.equal(restarts.length, 2);
  });

  it('a burst that never goes quiet still restarts within the maximum wait', async () => {
    const { clock, restarts, scheduler } = setup();
    for (let i = 0; i < 60; i++) {
      scheduler.changed('api', 'gen/out.js');
      await clock.advance(50);
    }
    assert.ok(restarts.length >= 1 && restarts.length <= 2, `got ${restarts.length}`);
  });

  it('restarts the services that asked with restartWith, after the service itself', async () => {
    const { clock, restarts, scheduler } = setup({ dependents: { api: ['worker', 'stopped-one'] }, inactive: ['stopped-one'] });
    scheduler.changed('api', 'src/app.ts');
    await clock.advance(100);
    await flush();
    assert.deepEqual(restarts, [
      { service: 'api', reason: 'src/app.ts changed' },
      { service: 'worker', reason: 'api restarted' },
    ]);
  });

  it('ignores changes of a service that is not active (stopped by someone)', async () => {
    const { clock, restarts, scheduler } = setup({ inactive: ['api'] });
    scheduler.changed('api', 'src/app.ts');
    await clock.advance(1000);
    assert.equal(restarts.length, 0);
  });

  it('does nothing after dispose', async () => {
    const { clock, restarts, scheduler } = setup();
    scheduler.changed('api', 'src/app.ts');
    scheduler.dispose();
    await clock.advance(1000);
    assert.equal(restarts.length, 0);
  });

  it('describes the change', () => {
    assert.equal(describeChange(['src/app.ts']), 'src/app.ts changed');
    assert.equal(describeChange(['a', 'b', 'c']), 'a and 2 more changed');
  });
});
