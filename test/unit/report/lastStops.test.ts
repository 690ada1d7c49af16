import { strict as assert } from 'node:assert';
import { explainStops, lastStops } from '../../../src/core/report/lastStops';
import type { LastRun } from '../../../src/core/report/LastRun';
import { statusOf } from '../statusOf';

const run = (services: LastRun['services'], stack = 'shop'): LastRun => ({
  version: 1,
  stack,
  profile: null,
  selected: services.map((s) => s.name),
  mode: 'wait',
  startedAt: 0,
  updatedAt: 10,
  failures: [],
  services,
});
const svc = (name: string, transitions: LastRun['services'][number]['transitions']): LastRun['services'][number] => ({
  name,
  kind: 'process',
  state: transitions.at(-1)?.to ?? 'stopped',
  restarts: 0,
  transitions,
});
const clock = (at: number) => `t${at}`;

describe('report: who stopped a service, from the last run', () => {
  it('a service observed stopped with nothing to say gets the last recorded stop and its time', () => {
    const r = run([
      svc('db', [
        { from: 'starting', to: 'healthy', at: 5 },
        { from: 'healthy', to: 'stopped', at: 20, reason: 'stackpilot down' },
      ]),
      svc('api', [
        { from: 'healthy', to: 'stopped', at: 30, reason: 'the watchdog (its supervisor died)' },
        { from: 'stopped', to: 'starting', at: 40 },
        { from: 'starting', to: 'exited', at: 41, reason: 'exited with code 1' },
      ]),
      svc('job', [{ from: 'running', to: 'completed', at: 7 }]),
    ]);
    const stops = lastStops(r, 'shop');
    assert.deepEqual([...stops.keys()], ['db'], 'only a last change that is a stop with a reason');
    const [db, api, job] = explainStops(
      [statusOf('db', 'stopped'), statusOf('api', 'stopped'), statusOf('job', 'completed')],
      stops,
      clock,
    );
    assert.equal(db.reason, 'stopped by stackpilot down at t20');
    assert.equal(db.since, 20);
    assert.equal(api.reason, undefined);
    assert.equal(job.state, 'completed');
  });

  it('leaves alone what runs, what has a reason, another stack, and strips what a hostile record could hide', () => {
    const r = run([svc('db', [{ from: 'healthy', to: 'stopped', at: 20, reason: 'x\u202e\u0007 '.repeat(2) + 'y'.repeat(500) }])]);
    const stops = lastStops(r, 'shop');
    assert.equal(stops.get('db')!.why.length <= 120, true);
    assert.doesNotMatch(stops.get('db')!.why, /[\u202e\u0007]/);
    assert.equal(lastStops(r, 'other').size, 0);
    assert.equal(lastStops(undefined, 'shop').size, 0);
    const running = explainStops([statusOf('db', 'running')], stops, clock)[0];
    assert.equal(running.reason, undefined);
    const said = explainStops([{ ...statusOf('db', 'stopped'), reason: 'stopping: by the watchdog' }], stops, clock)[0];
    assert.equal(said.reason, 'stopping: by the watchdog');
  });
});
