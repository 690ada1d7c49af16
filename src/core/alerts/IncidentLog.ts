/**
 * The incidents of this run of the stack: alerts that fired and then resolved, from the monitor's
 * lifecycle transitions. A pending alert that never fired is not an incident. Bounded, newest
 * first. No vscode here: the controller feeds it, the dashboard shows it.
 */
import type { AlertEvent } from './model';
import { MAX_INCIDENTS, type IncidentCard } from '../../shared/protocol';

const rank = { info: 0, warning: 1, critical: 2 } as const;

export class IncidentLog {
  private readonly open = new Map<string, Omit<IncidentCard, 'resolvedAt'>>();
  private list: IncidentCard[] = [];

  constructor(private readonly max = MAX_INCIDENTS) {}

  record(e: AlertEvent): void {
    const a = e.alert;
    const firing = this.open.get(a.key);
    switch (e.kind) {
      case 'firing':
        this.open.set(a.key, {
          key: a.key,
          ruleId: a.ruleId,
          ...(a.service !== undefined ? { service: a.service } : {}),
          severity: a.severity,
          summary: a.summary,
          firedAt: a.firingSince ?? e.at,
        });
        return;
      case 'escalated':
        if (firing && rank[a.severity] > rank[firing.severity]) firing.severity = a.severity;
        return;
      case 'resolved':
        if (!firing) return; // resolved without having fired here (e.g. before this log existed)
        this.open.delete(a.key);
        this.list = [{ ...firing, resolvedAt: e.at }, ...this.list].slice(0, this.max);
        return;
      default:
        return;
    }
  }

  /** Resolved incidents, newest first. A new array after each change (cheap to compare by identity). */
  get incidents(): readonly IncidentCard[] {
    return this.list;
  }

  /** A new run of the stack: forget the last one's incidents. */
  clear(): void {
    this.open.clear();
    this.list = [];
  }
}
