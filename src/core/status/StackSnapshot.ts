/** What the editor surfaces render: one immutable snapshot of config + live state. Pure data. */
import type { AlertView } from '../alerts/model';
import type { ConfigDiagnostic, StackConfig } from '../config/model';
import type { ServiceStatus } from '../engine/state';

export interface StackSnapshot {
  /** The loaded stack, or undefined when there is no stack file or it failed to load. */
  config?: StackConfig;
  /**
   * The stack file has errors now, and `config` is the running run's (as it was started), so what
   * runs stays in sight beside the errors. Start refuses until the file is fixed.
   */
  configFromRun?: boolean;
  /** Stack file path (absolute) that was looked for / read. */
  configPath?: string;
  diagnostics: ConfigDiagnostic[];
  /** Services selected by the active profile, in start order. */
  selected: string[];
  profile?: string;
  statuses: ServiceStatus[];
  trusted: boolean;
  /** True while Stackpilot supervises a run of the stack in this window. */
  active: boolean;
  /** Who else supervises the stack (`stackpilot up (pid 1234)`), when another live process holds its lock: this window only shows it. */
  supervisedBy?: string;
  /**
   * Set when the states shown are another supervisor's last view and it stopped answering (paused,
   * hung): `stackpilot up (pid 7) is not answering since 14:02:11 …`. The states may be out of date.
   */
  stale?: string;
  /** Firing alerts a person should see: not silenced, not held back by a failed dependency. */
  firingAlerts: number;
  /** Every alert the monitor tracks (pending, firing, recently resolved), while a run is watched. */
  alerts: AlertView[];
}

export const emptySnapshot: StackSnapshot = {
  diagnostics: [],
  selected: [],
  statuses: [],
  trusted: true,
  active: false,
  firingAlerts: 0,
  alerts: [],
};

/** The alerts that count as firing for badges and the status bar. */
export function visibleFiring(alerts: readonly AlertView[]): AlertView[] {
  return alerts.filter((a) => a.state === 'firing' && !a.silencedBy && a.inhibitedBy.length === 0);
}
