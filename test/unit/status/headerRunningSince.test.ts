import { strict as assert } from 'node:assert';
import { dashboardModel } from '../../../src/core/status/dashboardModel';
import { emptySnapshot } from '../../../src/core/status/StackSnapshot';
import { SERVICE_STATES, isEnded } from '../../../src/shared/statePredicates';
import { shopConfig, statusOf } from '../statusOf';

const header = (...statuses: ReturnType<typeof statusOf>[]) =>
  dashboardModel({ ...emptySnapshot, config: shopConfig, selected: ['db', 'api'], statuses }).header;

describe('dashboard header: "running N s" counts only while something runs or is on its way', () => {
  it('0/2 up with nothing started, one service found crashed: not running (it read "running 50 s", counted from the crash)', () => {
    for (const crashed of ['exited', 'failed', 'crash-looping'] as const) {
      const h = header(statusOf('db', crashed, { since: 5_000 }), statusOf('api', 'stopped', { since: 1_000 }));
      assert.equal(h.up, 0);
      assert.equal(h.runningSince, undefined, crashed);
    }
  });

  it('from the oldest service that runs or is coming up, never from an ended one', () => {
    const h = header(statusOf('db', 'exited', { since: 1_000 }), statusOf('api', 'healthy', { since: 4_000 }));
    assert.equal(h.runningSince, 4_000);
    for (const state of SERVICE_STATES) {
      const one = header(statusOf('db', state, { since: 2_000 }));
      assert.equal(one.runningSince, isEnded(state) ? undefined : 2_000, state);
    }
  });
});
