/** Counts the alerts a person should see, acknowledged ones apart (see src/shared/alertCounts.ts). Pure. */
import type { AlertView } from '../alerts/model';
import { noAlerts, type AlertCounts } from '../../shared/alertCounts';
import { visibleFiring } from './StackSnapshot';

/** Firing, not silenced, not held back by a root cause; acknowledged ones and silenced ones counted apart. */
export function countAlerts(alerts: readonly AlertView[]): AlertCounts {
  const c = { ...noAlerts };
  for (const a of visibleFiring(alerts)) {
    if (a.acknowledged) c.acknowledged++;
    else c[a.severity]++;
  }
  // Held back by a root cause is not counted (its root cause is); silenced by the user is, apart.
  for (const a of alerts) if (a.state === 'firing' && a.silencedBy && a.inhibitedBy.length === 0) c.silenced++;
  return c;
}
