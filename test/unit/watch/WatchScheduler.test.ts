import { strict as assert } from 'node:assert';
import { describeChange, RETRY_DELAYS_MS, WatchScheduler, type WatchTargetPort } from '../../../src/core/watch/WatchScheduler';
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

  describe('an action that fails (a sync whose Docker call timed out on a loaded machine)', () => {
    function failing(failuresBeforeSuccess: number) {
      const clock = new ManualClock();
      const calls: string[][] = [];
      const warnings: string[] = [];
      let settleInFlight: ((ok: boolean) => void) | undefined;
      let holdNext = false;
      let left = failuresBeforeSuccess;
      const port: WatchTargetPort = {
        restart: (_key, _reason, files) => {
          calls.push(files);
          const outcome = () => {
            if (left > 0) {
              left--;
              throw new Error('docker put archive: no answer from the Docker engine within 60000 ms');
            }
          };
          if (!holdNext) return Promise.resolve().then(outcome);
          holdNext = false;
          return new Promise<void>((resolve, reject) => {
            settleInFlight = () => {
              try {
                outcome();
                resolve();
              } catch (err) {
                reject(err as Error);
              }
            };
          });
        },
        isActive: () => true,
        dependentsOf: () => [],
      };
      const logger = { ...quiet, warn: (m: string) => void warnings.push(m) };
      const scheduler = new WatchScheduler(port, clock, logger, 100);
      return { clock, calls, warnings, scheduler, hold: () => (holdNext = true), settle: () => settleInFlight!(true) };
    }

    it('keeps its files and tries again after a backoff until it succeeds', async () => {
      const { clock, calls, warnings, scheduler } = failing(2);
      scheduler.changed('web#0', 'index.html');
      await clock.advance(100);
      assert.deepEqual(calls, [['index.html']]);
      await clock.advance(RETRY_DELAYS_MS[0]);
      assert.deepEqual(calls, [['index.html'], ['index.html']]);
      await clock.advance(RETRY_DELAYS_MS[1]);
      assert.deepEqual(calls, [['index.html'], ['index.html'], ['index.html']]);
      await clock.advance(60_000);
      assert.equal(calls.length, 3, 'no more tries once it succeeded');
      assert.equal(warnings.length, 2);
      assert.match(warnings[0], /web#0: acting on a file change \(index.html changed\) failed: docker put archive: no answer/);
      await scheduler.idle();
    });

    it('a save made while the failing sync was in flight goes with the retry', async () => {
      const { clock, calls, scheduler, hold, settle } = failing(1);
      hold();
      scheduler.changed('web#0', 'a.html');
      await clock.advance(100);
      scheduler.changed('web#0', 'b.html');
      await clock.advance(500);
      assert.equal(calls.length, 1, 'never two at once');
      settle();
      await clock.advance(RETRY_DELAYS_MS[0]);
      assert.deepEqual(calls, [['a.html'], ['a.html', 'b.html']]);
    });

    it('after the last retry the files wait for the next change, which carries them', async () => {
      const { clock, calls, warnings, scheduler } = failing(RETRY_DELAYS_MS.length + 1);
      scheduler.changed('web#0', 'a.html');
      await clock.advance(100 + RETRY_DELAYS_MS.reduce((a, b) => a + b, 0));
      assert.equal(calls.length, RETRY_DELAYS_MS.length + 1);
      await clock.advance(120_000);
      assert.equal(calls.length, RETRY_DELAYS_MS.length + 1, 'bounded: no endless retrying');
      assert.match(warnings.at(-1)!, /gave up after 5 tries; a.html changed will be acted on again with the next change/);
      await scheduler.idle();
      scheduler.changed('web#0', 'b.html');
      await clock.advance(100);
      assert.deepEqual(calls.at(-1), ['a.html', 'b.html']);
    });
  });

  it('describes the change', () => {
    assert.equal(describeChange(['src/app.ts']), 'src/app.ts changed');
    assert.equal(describeChange(['a', 'b', 'c']), 'a and 2 more changed');
  });
});
