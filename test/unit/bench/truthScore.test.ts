import { strict as assert } from 'node:assert';
import { agrees, score, share, truthOf, type Sample } from '../../../bench/truth/score';

describe('bench:truth scoring', () => {
  it('what each truth may be shown as', () => {
    assert.equal(truthOf(false, false, true), 'down');
    assert.equal(truthOf(true, true, true), 'paused');
    assert.equal(truthOf(true, false, false), 'unresponsive');
    assert.equal(truthOf(true, false, undefined), 'unresponsive');
    assert.equal(truthOf(true, false, true), 'up');
    assert.ok(agrees('down', 'exited') && agrees('down', 'waiting') && agrees('down', 'starting'));
    assert.ok(!agrees('down', 'healthy') && !agrees('down', 'running') && !agrees('down', 'unhealthy'));
    assert.ok(agrees('paused', 'unhealthy') && !agrees('paused', 'healthy') && !agrees('paused', 'starting'));
    assert.ok(agrees('unresponsive', 'unhealthy') && !agrees('unresponsive', 'healthy'));
    assert.ok(agrees('up', 'healthy') && agrees('up', 'running') && !agrees('up', 'stopped') && !agrees('up', 'unhealthy'));
  });

  it('counts instants right after a change of the truth apart, and instants without a supervisor apart again', () => {
    const at = (t: number, truth: 'up' | 'down', shown: 'healthy' | 'exited', live = true): Sample => ({
      t,
      live,
      services: { api: { truth, shown } },
    });
    const samples = [
      at(0, 'up', 'healthy'),
      at(100, 'down', 'healthy'), // died: 300 ms allowed
      at(200, 'down', 'healthy'),
      at(300, 'down', 'healthy'), // still wrong after the allowance: a miss
      at(400, 'down', 'exited'),
      at(500, 'down', 'exited', false), // no supervisor
      at(600, 'down', 'exited'), // back: allowed again
    ];
    const s = score(samples, (_name, to) => (to === 'down' ? 200 : 1000));
    assert.deepEqual(s.allowed, { agree: 1, total: 3 });
    assert.deepEqual(s.outside, { agree: 2, total: 3 });
    assert.equal(s.unsupervised, 1);
    assert.deepEqual(s.misses, { 'api: down -> healthy': 1 });
    assert.equal(share(s.outside), 2 / 3);
  });
});
