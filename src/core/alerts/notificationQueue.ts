import type { AlertEvent, AlertView } from './model';

/**
 * A firing alert that was held back (inhibited by its root cause, or silenced) and is then let go
 * while still firing waits this long before it may pop up: the usual case is a dependent still
 * catching up after its root cause recovered, which a moment later is not true any more.
 */
export const RELEASED_GRACE_MS = 30_000;

/**
 * What the editor's pop-up notifications wait to show: critical alerts that started firing (or
 * escalated to critical) and that the alert engine did not hold back. An alert that resolves, is
 * cancelled, acknowledged, held back or silenced before the pop-up is shown leaves the queue, and
 * `take` checks each against the alerts as they are at that moment, so no pop-up tells of a problem
 * that is already over or that Problems shows as held back. Pure.
 */
export class NotificationQueue {
  private readonly queued = new Map<string, { event: AlertEvent; notBefore: number }>();
  /** Alerts seen firing while held back, until they resolve. */
  private readonly heldBack = new Set<string>();

  /** True when the event was queued (a new critical firing or escalation, not held back). */
  offer(e: AlertEvent): boolean {
    const key = e.alert.key;
    if (e.kind === 'resolved' || e.kind === 'cancelled' || e.kind === 'acknowledged') {
      this.queued.delete(key);
      if (e.kind !== 'acknowledged') this.heldBack.delete(key);
      return false;
    }
    if (e.alert.severity !== 'critical' || (e.kind !== 'firing' && e.kind !== 'escalated')) return false;
    if (!e.notify) {
      // Held back (inhibited, silenced): never popped up, and a pop-up waiting for it is withdrawn.
      this.queued.delete(key);
      this.heldBack.add(key);
      return false;
    }
    const notBefore = this.heldBack.has(key) ? e.at + RELEASED_GRACE_MS : e.at;
    this.queued.set(key, { event: e, notBefore });
    return true;
  }

  /** When the earliest queued pop-up may be shown; undefined when nothing waits. */
  nextDue(): number | undefined {
    let due: number | undefined;
    for (const q of this.queued.values()) if (due === undefined || q.notBefore < due) due = q.notBefore;
    return due;
  }

  /**
   * The queued events due by `now` whose alert is still firing, critical, not held back, silenced
   * or acknowledged in `current` (the alerts as they are now), in the order they fired. Those not
   * yet due stay queued; the rest leave the queue.
   */
  take(now: number, current: readonly AlertView[]): AlertEvent[] {
    const byKey = new Map(current.map((a) => [a.key, a]));
    const out: AlertEvent[] = [];
    for (const [key, q] of this.queued) {
      if (q.notBefore > now) continue;
      this.queued.delete(key);
      const a = byKey.get(key);
      if (!a || a.state !== 'firing' || a.severity !== 'critical' || a.acknowledged || a.inhibitedBy.length || a.silencedBy) continue;
      out.push(q.event);
    }
    return out;
  }
}

/** The pop-up's text: one alert by its summary, several by count and the services they concern. */
export function notificationText(events: readonly AlertEvent[]): string {
  const first = events[0].alert;
  if (events.length === 1) return `Stackpilot: ${first.service ? `${first.service}: ` : ''}${first.summary}`;
  const names = [...new Set(events.map((e) => e.alert.service ?? e.alert.ruleId))].join(', ');
  return `Stackpilot: ${events.length} critical alerts firing — ${names}`;
}
