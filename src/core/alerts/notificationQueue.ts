import type { AlertEvent } from './model';

/**
 * What the editor's pop-up notifications wait to show: critical alerts that started firing (or
 * escalated to critical). An alert that resolves, is cancelled or acknowledged before the pop-up is
 * shown leaves the queue, so no pop-up tells of a problem that is already over. Pure.
 */
export class NotificationQueue {
  private readonly queued = new Map<string, AlertEvent>();

  /** True when the event was queued (a new critical firing or escalation). */
  offer(e: AlertEvent): boolean {
    if (e.kind === 'resolved' || e.kind === 'cancelled' || e.kind === 'acknowledged') {
      this.queued.delete(e.alert.key);
      return false;
    }
    if (e.alert.severity !== 'critical' || (e.kind !== 'firing' && e.kind !== 'escalated')) return false;
    this.queued.set(e.alert.key, e);
    return true;
  }

  /** The queued events in the order they fired, and an empty queue. */
  take(): AlertEvent[] {
    const events = [...this.queued.values()];
    this.queued.clear();
    return events;
  }
}

/** The pop-up's text: one alert by its summary, several by count and the services they concern. */
export function notificationText(events: readonly AlertEvent[]): string {
  const first = events[0].alert;
  if (events.length === 1) return `Stackpilot: ${first.service ? `${first.service}: ` : ''}${first.summary}`;
  const names = [...new Set(events.map((e) => e.alert.service ?? e.alert.ruleId))].join(', ');
  return `Stackpilot: ${events.length} critical alerts firing — ${names}`;
}
