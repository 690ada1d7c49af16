import { strict as assert } from 'node:assert';
import { PROBE_TURN_MS, probeTurns } from '../../../src/core/engine/probeTurns';
import { flush, ManualClock } from '../watch/manualClock';

describe('probeTurns: the probes of one observation are timed one at a time (status latency)', () => {
  it('no probe starts before every service has done its set-up, then one at a time as each settles', async () => {
    const clock = new ManualClock();
    const turns = probeTurns(3, clock);
    const started: string[] = [];
    const dones: Record<string, () => void> = {};
    const go = (name: string) => void turns.arrive().then((done) => (started.push(name), (dones[name] = done)));
    go('db');
    go('api');
    await flush();
    assert.deepEqual(started, [], 'a third service is still adopting its instance');
    turns.leave(); // the third sends no probe
    await flush();
    assert.deepEqual(started, ['db']);
    dones.db!();
    await flush();
    assert.deepEqual(started, ['db', 'api']);
  });

  it('a slow probe hands the loop on after PROBE_TURN_MS: the others are not held for its timeout', async () => {
    const clock = new ManualClock();
    const turns = probeTurns(2, clock);
    const started: string[] = [];
    void turns.arrive().then(() => started.push('hung'));
    void turns.arrive().then(() => started.push('next'));
    await flush();
    assert.deepEqual(started, ['hung']);
    await clock.advance(PROBE_TURN_MS - 1);
    assert.deepEqual(started, ['hung']);
    await clock.advance(1);
    assert.deepEqual(started, ['hung', 'next']);
  });

  it('with nothing to observe, nothing waits', async () => {
    const turns = probeTurns(0, new ManualClock());
    const done = await turns.arrive();
    done();
  });
});
