import type { AlertView, Silence } from '../alerts/model';
import type { MetricsSnapshot } from './snapshot';

/** What the monitor shows at one moment: its metrics, its alerts and the silences in force. */
export interface MonitorSnapshot {
  metrics: MetricsSnapshot;
  alerts: AlertView[];
  silences: Silence[];
}
