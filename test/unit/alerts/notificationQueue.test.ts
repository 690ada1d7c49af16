import { strict as assert } from 'node:assert';
import type { AlertEvent, AlertEventKind, AlertView } from '../../../src/core/alerts/model';
import { NotificationQueue, RELEASED_GRACE_MS, notificationText } from '../../../src/core/alerts/notificationQueue';

function view(service: string, severity: AlertView['severity'] = 'critical', more: Partial<AlertView> = {}): AlertView {
  return {
    key: `service-down/${service}`,
    ruleId: 'service-down',
    service,
    metric: 'up',
    state: 'firing',
    severity,
    threshold: 0,
    summary: 'Service is down',
    activeSince: 0,
    acknowledged: false,
    escalated: false,
    inhibitedBy: [],
    ...more,
  };
}
function event(
  kind: AlertEventKind,
  service: string,
  severity: AlertView['severity'] = 'critical',
  more: Partial<AlertEvent> = {},
): AlertEvent {
  return { kind, at: 0, alert: view(service, severity), notify: true, ...more };
}
const firing = (...services: string[]) => services.map((s) => view(s));

describe('NotificationQueue (what the editor pops up)', () => {
  it('queues critical firings and escalations only', () => {
    const q = new NotificationQueue();
    assert.equal(q.offer(event('firing', 'db')), true);
    assert.equal(q.offer(event('escalated', 'api')), true);
    assert.equal(q.offer(event('firing', 'web', 'warning')), false);
    assert.equal(q.offer(event('pending', 'cache')), false);
    assert.deepEqual(
      q.take(0, firing('db', 'api')).map((e) => e.alert.service),
      ['db', 'api'],
    );
    assert.deepEqual(q.take(0, firing('db', 'api')), []);
  });

  it('drops an alert that resolved, was cancelled or acknowledged before it was shown', () => {
    const q = new NotificationQueue();
    for (const s of ['db', 'api', 'web', 'cache']) q.offer(event('firing', s));
    q.offer(event('resolved', 'db'));
    q.offer(event('cancelled', 'api'));
    q.offer(event('acknowledged', 'web'));
    assert.deepEqual(
      q.take(0, firing('db', 'api', 'web', 'cache')).map((e) => e.alert.service),
      ['cache'],
    );
  });

  it('a held-back (inhibited or silenced) alert never pops up, and one held back after it was queued is withdrawn', () => {
    const q = new NotificationQueue();
    assert.equal(q.offer(event('firing', 'api', 'critical', { notify: false })), false);
    q.offer(event('firing', 'db'));
    q.offer(event('firing', 'web'));
    q.offer(event('firing', 'web', 'critical', { notify: false }));
    assert.deepEqual(
      q.take(0, firing('db', 'api', 'web')).map((e) => e.alert.service),
      ['db'],
    );
  });

  it('checked against the alerts as they are when shown: resolved, held back, silenced or acknowledged since is not shown', () => {
    const q = new NotificationQueue();
    for (const s of ['gone', 'inhibited', 'silenced', 'acked', 'still']) q.offer(event('firing', s));
    const now = [
      view('inhibited', 'critical', { inhibitedBy: ['db'] }),
      view('silenced', 'critical', { silencedBy: 's1' }),
      view('acked', 'critical', { acknowledged: true }),
      view('still'),
    ];
    assert.deepEqual(
      q.take(0, now).map((e) => e.alert.service),
      ['still'],
    );
  });

  it('an alert let go by its root cause while still firing waits a grace period, and is not shown if it recovered (kill -9 db, restart db)', () => {
    const q = new NotificationQueue();
    q.offer(event('firing', 'db', 'critical', { at: 0 }));
    q.offer(event('firing', 'api', 'critical', { at: 100, notify: false })); // held back: db is the root cause
    assert.deepEqual(
      q.take(200, firing('db', 'api')).map((e) => e.alert.service),
      ['db'],
    );
    // db recovers: api is no longer inhibited but still down for a moment.
    q.offer(event('resolved', 'db', 'critical', { at: 5000 }));
    assert.equal(q.offer(event('firing', 'api', 'critical', { at: 5000 })), true);
    assert.equal(q.nextDue(), 5000 + RELEASED_GRACE_MS);
    assert.deepEqual(q.take(6000, firing('api')), [], 'not due yet');
    q.offer(event('resolved', 'api', 'critical', { at: 8000 }));
    assert.equal(q.nextDue(), undefined);
    // Still down after the grace: then it is a problem of its own.
    q.offer(event('firing', 'api', 'critical', { at: 9000, notify: false }));
    q.offer(event('firing', 'api', 'critical', { at: 10_000 }));
    assert.deepEqual(
      q.take(10_000 + RELEASED_GRACE_MS, firing('api')).map((e) => e.alert.service),
      ['api'],
    );
  });

  it('shows one alert by its summary and several by count and service', () => {
    assert.equal(notificationText([event('firing', 'db')]), 'Stackpilot: db: Service is down');
    assert.equal(notificationText([event('firing', 'db'), event('firing', 'api')]), 'Stackpilot: 2 critical alerts firing — db, api');
  });
});
