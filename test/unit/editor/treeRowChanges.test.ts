import { strict as assert } from 'node:assert';
import type { ServiceState, ServiceStatus } from '../../../src/core/engine/state';
import { serviceRowText } from '../../../src/core/editor/serviceRowText';
import { clockTime, serviceTooltip, withoutTimings } from '../../../src/core/editor/serviceTooltip';
import {
  LATENCY_WINDOW,
  ROOT,
  rowChanged,
  stableLatency,
  treeChanges,
  type RowView,
  type TreeShape,
} from '../../../src/core/editor/treeRowChanges';
import { statusOf } from '../statusOf';

const view = (over: Partial<RowView> = {}): RowView => ({
  label: 'api',
  description: 'healthy · 3 ms',
  icon: 'pass-filled',
  iconColor: 'testing.iconPassed',
  tooltip: '**api** · process · healthy',
  contextValue: 'service:process:healthy',
  collapsible: 'none',
  ariaLabel: 'api, healthy · 3 ms',
  ...over,
});

const status = (state: ServiceState, latencyMs: number, detail: string, more: Partial<ServiceStatus> = {}) =>
  statusOf('api', state, { since: new Date(2026, 11, 5, 14, 5, 3).getTime(), lastProbe: { ok: true, latencyMs, detail, at: 0 }, ...more });

/** What a row shows after a probe, as the tree computes it: description and tooltip, with the latency it shows. */
function rowAfterProbe(shown: number | undefined, s: ServiceStatus, now: number, recent: number[] = []): { view: RowView; shown: number } {
  recent.push(s.lastProbe!.latencyMs);
  const ms = stableLatency(shown, recent.slice(-LATENCY_WINDOW))!;
  const text = serviceRowText('api', s.state, s, false, undefined, ms);
  return {
    shown: ms,
    view: view({
      description: text.description,
      ariaLabel: text.ariaLabel,
      tooltip: serviceTooltip({ name: 'api', kind: 'process', status: s, shownLatencyMs: ms }, now),
    }),
  };
}

describe('tree rows change only when something they show changes', () => {
  it('rowChanged compares every shown field and nothing else', () => {
    assert.equal(rowChanged(view(), view()), false);
    for (const [k, v] of Object.entries({
      label: 'x',
      description: 'x',
      icon: 'x',
      iconColor: 'x',
      tooltip: 'x',
      contextValue: 'x',
      collapsible: 'collapsed',
      ariaLabel: 'x',
    }))
      assert.equal(rowChanged(view(), view({ [k]: v })), true, k);
    assert.equal(rowChanged(undefined, view()), true);
    assert.equal(rowChanged(undefined, undefined), false);
  });

  it('a healthy service probed every 500 ms with jittering loopback latency leaves its row alone', () => {
    const start = new Date(2026, 11, 5, 14, 5, 3).getTime();
    const recent: number[] = [];
    let { view: before, shown } = rowAfterProbe(undefined, status('healthy', 2.4, '127.0.0.1:8080 connected in 2 ms'), start, recent);
    // Jitter, and a lone spike of a loaded machine.
    const jitter = [1.1, 3.9, 0.7, 4.6, 41, 2.2, 1.8, 6.4, 3.3, 2.9];
    jitter.forEach((ms, i) => {
      const next = rowAfterProbe(
        shown,
        status('healthy', ms, `127.0.0.1:8080 connected in ${Math.round(ms)} ms`),
        start + 500 * (i + 1),
        recent,
      );
      assert.equal(rowChanged(before, next.view), false, `probe ${i}: ${ms} ms`);
      ({ view: before, shown } = next);
    });
  });

  it('a latency that moves meaningfully, a state change, a new reason or a restart does change the row', () => {
    const now = new Date(2026, 11, 5, 14, 6, 0).getTime();
    const base = rowAfterProbe(undefined, status('healthy', 3, 'ok'), now);
    const recent = [3, 3];
    const base2 = rowAfterProbe(undefined, status('healthy', 3, 'ok'), now, recent);
    let after = base2;
    for (const ms of [250, 240, 260]) after = rowAfterProbe(after.shown, status('healthy', ms, 'ok'), now, recent);
    assert.equal(after.shown, 240, 'the median of the last five moved');
    assert.equal(rowChanged(base2.view, after.view), true, 'latency 3 -> 250 ms');
    assert.equal(rowChanged(base.view, rowAfterProbe(base.shown, status('unhealthy', 3, 'ok'), now).view), true, 'state');
    assert.equal(
      rowChanged(base.view, rowAfterProbe(base.shown, status('healthy', 3, 'ok', { reason: 'db restarted' }), now).view),
      true,
      'reason',
    );
    assert.equal(rowChanged(base.view, rowAfterProbe(base.shown, status('healthy', 3, 'ok', { restarts: 1 }), now).view), true, 'restarts');
  });

  it('stableLatency: the median of the last probes, kept until it moves by half and at least 5 ms', () => {
    assert.equal(stableLatency(undefined, [3.4]), 3);
    assert.equal(stableLatency(undefined, []), undefined);
    assert.equal(stableLatency(3, [3, 40, 2, 3, 90]), 3, 'two spikes of five do not move the median');
    assert.equal(stableLatency(3, [7.4]), 3, 'under 5 ms away');
    assert.equal(stableLatency(3, [9]), 9);
    assert.equal(stableLatency(100, [140]), 100, 'within half');
    assert.equal(stableLatency(100, [151]), 151);
    assert.equal(stableLatency(100, [66]), 66);
    assert.equal(stableLatency(100, [67]), 100);
  });

  it('the tooltip says since when, as a clock time, and the probe without its timing', () => {
    const since = new Date(2026, 11, 5, 14, 5, 3).getTime();
    const md = serviceTooltip(
      {
        name: 'api',
        kind: 'process',
        status: status('healthy', 3, 'GET /health -> 200 after 3 ms', { since, pid: 42 }),
        shownLatencyMs: 3,
      },
      since + 90_000,
    );
    assert.match(md, /Last probe: \$\(pass\) GET \/health \\-\\> 200 · typically 3 ms \(median of the last 5\)/);
    assert.match(md, /In this state since 14:05:03 · pid 42$/);
    assert.equal(clockTime(since, since + 86_400_000), '2026-12-05 14:05:03');
    assert.equal(withoutTimings('127.0.0.1:6379 connected in 12 ms'), '127.0.0.1:6379 connected');
    assert.equal(withoutTimings('127.0.0.1:6379 refused after 1 ms'), '127.0.0.1:6379 refused');
    assert.equal(withoutTimings('127.0.0.1:6379 timed out after 1000 ms'), '127.0.0.1:6379 timed out after 1000 ms');
  });

  it('treeChanges: nothing, the changed rows (or their parents when children change), or everything when the top level changes', () => {
    const shape = (rows: Record<string, [RowView | undefined, string[]]>): TreeShape =>
      new Map(Object.entries(rows).map(([id, [v, children]]) => [id, { view: v, children }]));
    const before = shape({
      [ROOT]: [undefined, ['service:db', 'service:api']],
      'service:db': [view({ label: 'db' }), []],
      'service:api': [view(), ['dep:api:db']],
      'dep:api:db': [view({ label: 'db', description: 'needs healthy · healthy' }), []],
    });
    assert.deepEqual(treeChanges(before, before), { all: false, rows: [] });
    const depChanged = shape({
      [ROOT]: [undefined, ['service:db', 'service:api']],
      'service:db': [view({ label: 'db', icon: 'error' }), []],
      'service:api': [view(), ['dep:api:db']],
      'dep:api:db': [view({ label: 'db', description: 'needs healthy · failed' }), []],
    });
    assert.deepEqual(treeChanges(before, depChanged), { all: false, rows: ['service:db', 'dep:api:db'] });
    const alertAdded = shape({
      [ROOT]: [undefined, ['service:db', 'service:api']],
      'service:db': [view({ label: 'db' }), []],
      'service:api': [view(), ['alert:x', 'dep:api:db']],
      'alert:x': [view({ label: 'x' }), []],
      'dep:api:db': [view({ label: 'db', description: 'needs healthy · healthy' }), []],
    });
    assert.deepEqual(treeChanges(before, alertAdded), { all: false, rows: ['service:api'] });
    const reordered = shape({
      [ROOT]: [undefined, ['service:api', 'service:db']],
      'service:db': [view({ label: 'db' }), []],
      'service:api': [view(), []],
    });
    assert.deepEqual(treeChanges(before, reordered), { all: true, rows: [] });
  });
});
