import { strict as assert } from 'node:assert';
import type { StateTransition } from '../../../src/core/engine/state';
import { DashboardFeed } from '../../../src/core/status/DashboardFeed';
import { emptySnapshot, type StackSnapshot } from '../../../src/core/status/StackSnapshot';
import type { HostMessage } from '../../../src/shared/protocol';
import { shopConfig, statusOf } from '../statusOf';

const tr = (at: number, from: StateTransition['from'], to: StateTransition['to']): StateTransition => ({ at, from, to });

describe("dashboard: a window that does not supervise the run shows the supervisor's last start", () => {
  // What another process's live status gives this window: states, no transitions.
  const snap: StackSnapshot = {
    ...emptySnapshot,
    config: shopConfig,
    selected: ['db', 'api'],
    supervisedBy: 'stackpilot up (pid 4242)',
    statuses: [statusOf('db', 'healthy'), statusOf('api', 'healthy')],
  };
  const recorded = new Map([
    ['db', [tr(1000, 'stopped', 'starting'), tr(1300, 'starting', 'healthy')]],
    ['api', [tr(1000, 'stopped', 'starting'), tr(1900, 'starting', 'healthy')]],
  ]);
  const first = (recordedTransitions?: () => typeof recorded | undefined) => {
    const sent: HostMessage[] = [];
    const feed = new DashboardFeed(
      {
        snapshot: () => snap,
        metrics: () => undefined,
        history: () => ({
          starts: () => [
            { at: 1, totalMs: 700 },
            { at: 1000, totalMs: 900 },
          ],
          timings: () => ({}),
        }),
        ...(recordedTransitions ? { recordedTransitions } : {}),
      },
      (m) => sent.push(m),
    );
    feed.ready();
    feed.dispose();
    return (sent[0] as Extract<HostMessage, { type: 'snapshot' }>).model.timeline;
  };

  it("takes the timeline from the run's record, compared with the earlier starts (not with itself)", () => {
    const t = first(() => recorded);
    assert.ok(t, 'a timeline, not "Nothing started yet in this run"');
    assert.deepEqual([t.startedAt, t.readyAt, t.rows.length], [1000, 1900, 2]);
    assert.deepEqual(t.previousMs, [700]);
  });

  it('without a record (or none that is the live run), there is no start to show', () => {
    assert.equal(first(), undefined);
    assert.equal(
      first(() => undefined),
      undefined,
    );
  });
});
