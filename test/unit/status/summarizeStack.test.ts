import { strict as assert } from 'node:assert';
import type { AlertView } from '../../../src/core/alerts/model';
import type { ServiceState } from '../../../src/core/engine/state';
import { alertBadge, alertLevel, alertsText } from '../../../src/shared/alertCounts';
import { countAlerts } from '../../../src/core/status/countAlerts';
import { dashboardModel } from '../../../src/core/status/dashboardModel';
import { emptySnapshot, type StackSnapshot } from '../../../src/core/status/StackSnapshot';
import { summarizeStack } from '../../../src/core/status/summarizeStack';
import { shopConfig, statusOf } from '../statusOf';

const status = (name: string, state: ServiceState) => statusOf(name, state);
const alert = (service: string, severity: AlertView['severity'], more: Partial<AlertView> = {}): AlertView => ({
  key: `r/${service}/${severity}`,
  ruleId: 'r',
  service,
  metric: 'up',
  state: 'firing',
  severity,
  threshold: 0,
  summary: 's',
  activeSince: 0,
  acknowledged: false,
  escalated: false,
  inhibitedBy: [],
  ...more,
});
const config = shopConfig;
function snap(states: [string, ServiceState][], alerts: AlertView[]): StackSnapshot {
  return {
    ...emptySnapshot,
    config,
    selected: states.map(([n]) => n),
    statuses: states.map(([n, s]) => status(n, s)),
    alerts,
    firingAlerts: alerts.length,
  };
}

describe('status bar summary: acknowledged alerts apart, a warning never red', () => {
  it('all up, no alert: ok', () => {
    const s = summarizeStack(
      snap(
        [
          ['db', 'healthy'],
          ['api', 'healthy'],
        ],
        [],
      ),
    );
    assert.equal(s.text, '$(server) 2/2 up');
    assert.equal(s.severity, 'ok');
  });

  it('an unacknowledged warning is yellow, never red', () => {
    const s = summarizeStack(
      snap(
        [
          ['db', 'healthy'],
          ['api', 'healthy'],
        ],
        [alert('api', 'warning')],
      ),
    );
    assert.equal(s.text, '$(server) 2/2 up · 1 alert');
    assert.equal(s.severity, 'warning');
  });

  it('a warning while another service starts is still a warning (was hidden as ok)', () => {
    assert.equal(
      summarizeStack(
        snap(
          [
            ['db', 'starting'],
            ['api', 'healthy'],
          ],
          [alert('api', 'warning')],
        ),
      ).severity,
      'warning',
    );
  });

  it('an acknowledged warning is counted apart, in the calmer colour', () => {
    const s = summarizeStack(
      snap(
        [
          ['db', 'healthy'],
          ['api', 'healthy'],
        ],
        [alert('api', 'warning', { acknowledged: true })],
      ),
    );
    assert.equal(s.text, '$(server) 2/2 up · 1 acknowledged');
    assert.equal(s.severity, 'acknowledged');
  });

  it('a killed db: red until its service-down alert is acknowledged, then calm; a new warning makes it yellow', () => {
    const down = alert('db', 'critical');
    assert.equal(
      summarizeStack(
        snap(
          [
            ['db', 'exited'],
            ['api', 'healthy'],
          ],
          [down],
        ),
      ).severity,
      'error',
    );
    const acked = summarizeStack(
      snap(
        [
          ['db', 'exited'],
          ['api', 'healthy'],
        ],
        [{ ...down, acknowledged: true }],
      ),
    );
    assert.equal(acked.text, '$(server) 1/2 up · 1 acknowledged');
    assert.equal(acked.severity, 'acknowledged');
    const plusWarning = summarizeStack(
      snap(
        [
          ['db', 'exited'],
          ['api', 'healthy'],
        ],
        [{ ...down, acknowledged: true }, alert('api', 'warning')],
      ),
    );
    assert.equal(plusWarning.text, '$(server) 1/2 up · 1 alert · 1 acknowledged');
    assert.equal(plusWarning.severity, 'warning');
  });

  it('a failing service with no acknowledged alert of its own is red (a failed first start fires no service-down)', () => {
    assert.equal(
      summarizeStack(
        snap(
          [
            ['db', 'failed'],
            ['api', 'healthy'],
          ],
          [alert('api', 'warning', { acknowledged: true })],
        ),
      ).severity,
      'error',
    );
  });

  it('silenced alerts are counted apart, held-back ones not at all; an escalated warning is critical', () => {
    const c = countAlerts([
      alert('a', 'warning', { silencedBy: 's1' }),
      alert('b', 'warning', { inhibitedBy: ['db'] }),
      alert('c', 'critical', { escalated: true }),
      alert('d', 'info', { state: 'pending' }),
    ]);
    assert.deepEqual(c, { critical: 1, warning: 0, info: 0, acknowledged: 0, silenced: 1 });
  });

  it('a stopped stack with an acknowledged alert says so calmly', () => {
    const s = summarizeStack(
      snap(
        [
          ['db', 'stopped'],
          ['api', 'stopped'],
        ],
        [alert('db', 'critical', { acknowledged: true })],
      ),
    );
    assert.equal(s.text, '$(server) shop: stopped · 1 acknowledged');
    assert.equal(s.severity, 'acknowledged');
  });
});

describe('alert counts: the dashboard chip and the view badge', () => {
  it('levels: critical > warning > info > acknowledged > none', () => {
    assert.equal(alertLevel(countAlerts([alert('a', 'warning'), alert('b', 'critical', { acknowledged: true })])), 'warning');
    assert.equal(alertLevel(countAlerts([alert('a', 'warning'), alert('b', 'critical')])), 'critical');
    assert.equal(alertLevel(countAlerts([alert('a', 'info')])), 'info');
    assert.equal(alertLevel(countAlerts([alert('a', 'critical', { acknowledged: true })])), 'acknowledged');
    assert.equal(alertLevel(countAlerts([])), 'none');
  });

  it('texts and the badge count the unacknowledged ones', () => {
    const c = countAlerts([alert('a', 'warning'), alert('b', 'warning'), alert('c', 'critical', { acknowledged: true })]);
    assert.equal(alertsText(c), '2 alerts · 1 acknowledged');
    assert.deepEqual(alertBadge(c), { value: 2, tooltip: '2 firing alerts · 1 acknowledged' });
    assert.equal(alertBadge(countAlerts([alert('c', 'critical', { acknowledged: true })])), undefined);
  });

  it('a silenced alert is counted apart (never hidden), calm; a failing service whose alert is silenced no longer turns the bar red', () => {
    const c = countAlerts([
      alert('a', 'warning'),
      alert('b', 'critical', { silencedBy: 'sil-1' }),
      alert('c', 'critical', { silencedBy: 'sil-1', inhibitedBy: ['x'] }),
    ]);
    assert.deepEqual([c.warning, c.critical, c.silenced], [1, 0, 1]);
    assert.equal(alertsText(c), '1 alert · 1 silenced');
    assert.deepEqual(alertBadge(c), { value: 1, tooltip: '1 firing alert · 1 silenced' });
    assert.equal(alertLevel(countAlerts([alert('b', 'critical', { silencedBy: 'sil-1' })])), 'acknowledged');
    const s = summarizeStack(
      snap(
        [
          ['db', 'exited'],
          ['api', 'healthy'],
        ],
        [alert('db', 'critical', { silencedBy: 'sil-1' })],
      ),
    );
    assert.equal(s.text, '$(server) 1/2 up · 1 silenced');
    assert.equal(s.severity, 'acknowledged');
  });

  it('errors in the stack file while its run goes on are said beside the running services', () => {
    const sn = {
      ...snap(
        [
          ['db', 'healthy'],
          ['api', 'healthy'],
        ],
        [],
      ),
      configFromRun: true,
      diagnostics: [{ severity: 'error', message: 'x', code: 'unknown-key', location: { file: 'f', line: 1, column: 1 } }],
    } as StackSnapshot;
    const s = summarizeStack(sn);
    assert.equal(s.text, '$(server) 2/2 up · 1 config error');
    assert.equal(s.severity, 'error');
  });

  it('the dashboard header carries the counts: a warning-only set is level warning, not red', () => {
    const m = dashboardModel(
      snap(
        [
          ['db', 'healthy'],
          ['api', 'healthy'],
        ],
        [alert('api', 'warning'), alert('db', 'warning')],
      ),
    );
    assert.deepEqual(m.header.alerts, { critical: 0, warning: 2, info: 0, acknowledged: 0, silenced: 0 });
    assert.equal(alertLevel(m.header.alerts), 'warning');
  });

  it('the header chip follows the status bar: a stack stopped on purpose is not red, a crash is, starting is neither', () => {
    const chip = (states: [string, ServiceState][], alerts: AlertView[] = []) => {
      const sn = snap(states, alerts);
      return `${dashboardModel(sn).header.health} (bar: ${summarizeStack(sn).severity})`;
    };
    assert.equal(
      chip([
        ['db', 'stopped'],
        ['api', 'stopped'],
      ]),
      'idle (bar: idle)',
    );
    assert.equal(
      chip([
        ['db', 'healthy'],
        ['api', 'healthy'],
      ]),
      'ok (bar: ok)',
    );
    assert.equal(
      chip([
        ['db', 'healthy'],
        ['api', 'starting'],
      ]),
      'idle (bar: ok)',
    );
    assert.equal(
      chip([
        ['db', 'exited'],
        ['api', 'healthy'],
      ]),
      'bad (bar: error)',
    );
    assert.equal(chip([['db', 'healthy']], [alert('db', 'warning')]), 'warn (bar: warning)');
  });
});
