import { strict as assert } from 'node:assert';
import { dashboardModel } from '../../../src/core/status/dashboardModel';
import { liveStatusOf } from '../../../src/core/status/liveStatus';
import { emptySnapshot, type StackSnapshot } from '../../../src/core/status/StackSnapshot';
import { statusTooltipMarkdown } from '../../../src/core/status/statusTooltip';
import { summarizeStack } from '../../../src/core/status/summarizeStack';
import { alertViewOf, withSupervisorView } from '../../../src/core/status/supervisorSnapshot';
import { shopConfig, statusOf } from '../statusOf';

const st = statusOf;
const config = shopConfig;
const base: StackSnapshot = { ...emptySnapshot, config, selected: ['db', 'api'] };
const published = liveStatusOf(
  'shop',
  { pid: 7, startTime: '1' },
  [
    st('db', 'exited', { reason: 'killed by SIGKILL', lastExit: { code: null, signal: 'SIGKILL', at: 5 } }),
    st('api', 'healthy'),
    st('gone', 'healthy'),
  ],
  [
    {
      key: 'service-down/db',
      ruleId: 'service-down',
      service: 'db',
      metric: 'up',
      state: 'firing',
      severity: 'critical',
      threshold: 0,
      summary: 'db is down',
      activeSince: 4,
      firingSince: 5,
      acknowledged: false,
      escalated: false,
      inhibitedBy: [],
    },
    {
      key: 'service-down/api',
      ruleId: 'service-down',
      service: 'api',
      metric: 'up',
      state: 'firing',
      severity: 'critical',
      threshold: 0,
      summary: 'held back',
      activeSince: 4,
      firingSince: 5,
      acknowledged: false,
      escalated: false,
      inhibitedBy: ['db'],
    },
  ],
  10,
  2000,
);

describe("a window shows another supervisor's view", () => {
  it('its states, reasons and alerts as it shows them (held-back alerts not counted), services the stack lost left out', () => {
    const s = withSupervisorView(base, 'stackpilot up (pid 7)', published, { stale: false }, () => '');
    assert.deepEqual(
      s.statuses.map((x) => [x.name, x.state, x.reason]),
      [
        ['db', 'exited', 'killed by SIGKILL'],
        ['api', 'healthy', undefined],
      ],
    );
    assert.equal(s.supervisedBy, 'stackpilot up (pid 7)');
    assert.equal(s.alerts.length, 2);
    assert.equal(s.firingAlerts, 1, 'the held-back alert is not counted, as in the supervisor');
    assert.equal(s.stale, undefined);
    const bar = summarizeStack(s);
    assert.equal(bar.severity, 'error');
    assert.match(bar.text, /1\/2 up · 1 alert/);
  });

  it('a stale view is said to be stale: status bar, tooltip, dashboard header', () => {
    const s = withSupervisorView(base, 'stackpilot up (pid 7)', published, { stale: true, since: 0, why: 'paused' }, () => '14:02:11');
    assert.match(s.stale ?? '', /^stackpilot up \(pid 7\) is not answering since 14:02:11 \(paused: SIGSTOP\)/);
    const bar = summarizeStack(s);
    assert.match(bar.text, /supervisor not answering/);
    assert.match(statusTooltipMarkdown(s, bar), /not answering since 14\\:02\\:11/);
    assert.equal(dashboardModel(s).header.stale, s.stale);
    const healthy = withSupervisorView(
      base,
      'x',
      { ...published, services: [st('db', 'healthy'), st('api', 'healthy')], alerts: [] },
      { stale: true, since: 0, why: 'silent' },
      () => '',
    );
    assert.equal(summarizeStack(healthy).severity, 'warning', 'a stale all-up view is never shown calm');
  });

  it('a published alert with an unknown severity or metric is shown as a warning on up, not trusted further', () => {
    const a = alertViewOf({ key: 'k', ruleId: 'r', service: null, severity: 'apocalyptic', summary: 's', firingSince: null, metric: 'x' });
    assert.equal(a.severity, 'warning');
    assert.equal(a.metric, 'up');
    assert.equal(a.service, undefined);
  });
});
