import * as assert from 'node:assert/strict';
import type { ServiceStatus } from '../../../src/core/engine/state';
import type { AlertView } from '../../../src/core/alerts/model';
import { liveStatusOf, MAX_LIVE_STATUS_BYTES, parseLiveStatus } from '../../../src/core/status/liveStatus';

const exited: ServiceStatus = {
  name: 'flaky',
  kind: 'process',
  state: 'exited',
  since: 10,
  waitingOn: [],
  reason: 'exited with code 3',
  restarts: 2,
  pid: 42,
  adopted: false,
  lastExit: { code: 3, signal: null, at: 9 },
  lastProbe: { ok: false, latencyMs: 3, detail: 'refused', at: 8 },
  transitions: [{ from: 'running', to: 'exited', at: 10 }],
};
const alert = (over: Partial<AlertView>): AlertView => ({
  key: 'service-down/flaky',
  ruleId: 'service-down',
  service: 'flaky',
  metric: 'up',
  state: 'firing',
  severity: 'critical',
  threshold: 0,
  summary: 'Service is down',
  activeSince: 10,
  firingSince: 11,
  acknowledged: false,
  escalated: false,
  inhibitedBy: [],
  ...over,
});

describe('live status (what a supervisor publishes)', () => {
  it('round-trips state, reason, exit, restarts, pid, last probe and the firing alerts only', () => {
    const s = liveStatusOf('shop', { pid: 7, startTime: '123' }, [exited], [alert({}), alert({ key: 'x', state: 'pending' })], 99);
    const back = parseLiveStatus(JSON.stringify(s));
    assert.ok(back);
    assert.deepEqual(back.supervisor, { pid: 7, startTime: '123' });
    assert.deepEqual(back.services[0], { ...exited, transitions: [] });
    assert.deepEqual(back.alerts, [
      {
        key: 'service-down/flaky',
        ruleId: 'service-down',
        service: 'flaky',
        severity: 'critical',
        summary: 'Service is down',
        firingSince: 11,
        metric: 'up',
        threshold: 0,
        acknowledged: false,
        silenced: false,
        inhibitedBy: [],
      },
    ]);
  });

  it('rejects what is not a status: not JSON, wrong version, bad supervisor, unknown state, too big', () => {
    const good = liveStatusOf('shop', { pid: 7, startTime: '123' }, [exited], [], 1);
    assert.equal(parseLiveStatus('{'), undefined);
    assert.equal(parseLiveStatus(JSON.stringify({ ...good, version: 2 })), undefined);
    assert.equal(parseLiveStatus(JSON.stringify({ ...good, supervisor: { pid: -1, startTime: '1' } })), undefined);
    assert.equal(parseLiveStatus(JSON.stringify({ ...good, supervisor: { pid: 7, startTime: '1; rm' } })), undefined);
    assert.equal(parseLiveStatus(JSON.stringify({ ...good, services: [{ ...exited, state: 'pwned' }] })), undefined);
    assert.equal(parseLiveStatus(JSON.stringify({ ...good, __proto__: 1, pad: 'x'.repeat(MAX_LIVE_STATUS_BYTES) })), undefined);
  });

  it("carries the supervisor's run (profile, selection); a malformed run is dropped, not the status", () => {
    const s = liveStatusOf('shop', { pid: 7, startTime: '99' }, [exited], [], 12, undefined, [], {
      profile: 'all',
      selected: ['db', 'api'],
    });
    assert.deepEqual(parseLiveStatus(JSON.stringify(s))?.run, { profile: 'all', selected: ['db', 'api'] });
    const dflt = liveStatusOf('shop', { pid: 7, startTime: '99' }, [exited], [], 12, undefined, [], { profile: null, selected: [] });
    assert.deepEqual(parseLiveStatus(JSON.stringify(dflt))?.run, { profile: null, selected: [] });
    for (const run of [{ profile: 3, selected: [] }, { profile: 'all' }, 'all', { profile: 'all', selected: 'db' }]) {
      const p = parseLiveStatus(JSON.stringify({ ...s, run }));
      assert.ok(p, JSON.stringify(run));
      assert.equal(p.run, undefined, JSON.stringify(run));
    }
    assert.equal(
      parseLiveStatus(JSON.stringify({ ...s, run: { profile: 'x'.repeat(1000), selected: [1, 'a'] } }))?.run?.profile?.length,
      256,
    );
  });

  it('bounds the strings it keeps', () => {
    const s = parseLiveStatus(
      JSON.stringify(liveStatusOf('shop', { pid: 7, startTime: '1' }, [{ ...exited, reason: 'r'.repeat(100_000) }], [], 1)),
    );
    assert.equal(s?.services[0]?.reason?.length, 4096);
  });
});
