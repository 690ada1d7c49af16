/** Firing alerts by severity with acknowledged ones apart, and what they call for: shared by the status bar, the view's badge and the dashboard's chip. Pure. */

export interface AlertCounts {
  /** Firing, not acknowledged, by severity (an escalated warning counts as critical). */
  critical: number;
  warning: number;
  info: number;
  /** Firing and acknowledged, whatever their severity: counted apart, never in the three above. */
  acknowledged: number;
  /** Firing but silenced by the user (and not acknowledged): counted apart too, so a silence never hides that something is wrong. */
  silenced: number;
}

/** The colour the counts call for: the worst unacknowledged severity, else `acknowledged` (calm: acknowledged or silenced), else `none`. */
export type AlertLevel = 'critical' | 'warning' | 'info' | 'acknowledged' | 'none';

export const noAlerts: AlertCounts = { critical: 0, warning: 0, info: 0, acknowledged: 0, silenced: 0 };

export function unacknowledged(c: AlertCounts): number {
  return c.critical + c.warning + c.info;
}

export function alertLevel(c: AlertCounts): AlertLevel {
  if (c.critical) return 'critical';
  if (c.warning) return 'warning';
  if (c.info) return 'info';
  return c.acknowledged || c.silenced ? 'acknowledged' : 'none';
}

/** `2 alerts`, `1 alert · 1 acknowledged`, `1 acknowledged · 1 silenced`, or '' when there is none. */
export function alertsText(c: AlertCounts): string {
  const open = unacknowledged(c);
  return [
    open ? `${open} alert${open === 1 ? '' : 's'}` : '',
    c.acknowledged ? `${c.acknowledged} acknowledged` : '',
    c.silenced ? `${c.silenced} silenced` : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

/** The Services view's badge: the unacknowledged alerts (acknowledged ones only in its tooltip); none when nothing is unseen. */
export function alertBadge(c: AlertCounts): { value: number; tooltip: string } | undefined {
  const open = unacknowledged(c);
  if (!open) return undefined;
  return {
    value: open,
    tooltip: [
      `${open} firing alert${open === 1 ? '' : 's'}`,
      c.acknowledged ? `${c.acknowledged} acknowledged` : '',
      c.silenced ? `${c.silenced} silenced` : '',
    ]
      .filter(Boolean)
      .join(' · '),
  };
}
