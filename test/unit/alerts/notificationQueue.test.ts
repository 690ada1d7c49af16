import { strict as assert } from 'node:assert';
import type { AlertEvent, AlertEventKind, AlertView } from '../../../src/core/alerts/model';
import { NotificationQueue, notificationText } from '../../../src/core/alerts/notificationQueue';

function event(kind: AlertEventKind, service: string, severity: AlertView['severity'] = 'critical'): AlertEvent {
  const alert = { key: `service-down/${service}`, ruleId: 'service-down', service, severity, summary: 'Service is down' } as AlertView;
  return { kind, at: 0, alert, notify: true };
}

describe('NotificationQueue (what the editor pops up)', () => {
  it('queues critical firings and escalations only', () => {
    const q = new NotificationQueue();
    assert.equal(q.offer(event('firing', 'db')), true);
    assert.equal(q.offer(event('escalated', 'api')), true);
    assert.equal(q.offer(event('firing', 'web', 'warning')), false);
    assert.equal(q.offer(event('pending', 'cache')), false);
    assert.deepEqual(
      q.take().map((e) => e.alert.service),
      ['db', 'api'],
    );
    assert.deepEqual(q.take(), []);
  });

  it('drops an alert that resolved, was cancelled or acknowledged before it was shown', () => {
    const q = new NotificationQueue();
    for (const s of ['db', 'api', 'web', 'cache']) q.offer(event('firing', s));
    q.offer(event('resolved', 'db'));
    q.offer(event('cancelled', 'api'));
    q.offer(event('acknowledged', 'web'));
    assert.deepEqual(
      q.take().map((e) => e.alert.service),
      ['cache'],
    );
  });

  it('shows one alert by its summary and several by count and service', () => {
    assert.equal(notificationText([event('firing', 'db')]), 'Stackpilot: db: Service is down');
    assert.equal(notificationText([event('firing', 'db'), event('firing', 'api')]), 'Stackpilot: 2 critical alerts firing — db, api');
  });
});
