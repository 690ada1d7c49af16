import { strict as assert } from 'node:assert';
import type { ServiceState, ServiceStatus } from '../../../src/core/engine/state';
import { StatusTracker } from '../../../src/core/engine/StatusTracker';
import type { ProbeResult } from '../../../src/core/ports';
import { serviceTooltip } from '../../../src/core/editor/serviceTooltip';
import { serviceRowText } from '../../../src/core/editor/serviceRowText';
import { dashboardModel } from '../../../src/core/status/dashboardModel';
import { currentProbe, statusDetail } from '../../../src/core/status/serviceStates';
import { emptySnapshot } from '../../../src/core/status/StackSnapshot';
import { summarizeStack } from '../../../src/core/status/summarizeStack';
import { statusJson } from '../../../src/cli/describeStatus';
import { SERVICE_STATES, isLive } from '../../../src/shared/statePredicates';
import { realClock } from '../engine/fakes';
import { statusOf } from '../statusOf';

const passed: ProbeResult = { ok: true, latencyMs: 7, at: 0, detail: 'GET / -> 200 after 7 ms' };
const status = (state: ServiceState, more: Partial<ServiceStatus> = {}): ServiceStatus =>
  statusOf('back', state, { lastProbe: passed, ...more });
const config = {
  name: 'shop',
  root: '/x',
  services: {
    back: {
      name: 'back',
      dependsOn: [],
      kind: 'process',
      ports: [],
      health: {
        probe: { kind: 'http', url: 'http://127.0.0.1/', expectStatus: [200, 399] },
        interval: 1000,
        timeout: 1000,
        retries: 3,
        startPeriod: 0,
      },
    },
  },
  profiles: {},
} as never;

describe('a service with no instance running shows no probe (its last passing one is not true of it)', () => {
  const ended = SERVICE_STATES.filter((s) => !isLive(s));

  it('the tracker forgets the last probe and its failure count when the instance is gone', () => {
    const t = new StatusTracker('back', 'process', realClock, () => undefined);
    t.set('healthy');
    t.patch({ lastProbe: passed, probeFailures: { count: 1, of: 3 } });
    t.set('stopped', 'stopped by the user');
    assert.equal(t.snapshot().lastProbe, undefined);
    assert.equal(t.snapshot().probeFailures, undefined);
  });

  it('one rule for status text, JSON, tree row, tooltip, card and status bar: every state that is not live', () => {
    assert.ok(ended.includes('stopped') && ended.includes('exited') && ended.includes('completed') && ended.includes('failed'));
    for (const state of ended) {
      // A status from a publisher that still carries the probe (an older writer, a file on disk).
      const s = status(state);
      assert.equal(currentProbe(s), undefined, state);
      assert.ok(!statusDetail(s).includes('200'), `${state}: ${statusDetail(s)}`);
      assert.equal(statusJson(s).lastProbe, null, state);
      assert.ok(!serviceRowText('back', state, s, false).description.includes('200'), state);
      assert.ok(!serviceTooltip({ name: 'back', kind: 'process', status: s }, 0).includes('Last probe'), state);
      const snap = { ...emptySnapshot, config, selected: ['back'], statuses: [s] };
      const card = dashboardModel(snap).services[0]!;
      assert.ok(!card.detail.includes('200'), `${state} card: ${card.detail}`);
      assert.equal(card.latencyMs, undefined, state);
      assert.ok(!summarizeStack(snap).lines[0]!.detail.includes('200'), state);
    }
  });

  it('while an instance runs, its last probe is still shown', () => {
    const s = status('healthy');
    assert.equal(statusDetail(s), passed.detail);
    assert.equal(statusJson(s).lastProbe?.detail, passed.detail);
  });
});
