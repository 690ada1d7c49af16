/** What the editor surfaces render: one immutable snapshot of config + live state. Pure data. */
import type { ConfigDiagnostic, StackConfig } from '../config/model';
import type { ServiceStatus } from '../engine/state';

export interface StackSnapshot {
  /** The loaded stack, or undefined when there is no stack file or it failed to load. */
  config?: StackConfig;
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
  firingAlerts: number;
}

export const emptySnapshot: StackSnapshot = {
  diagnostics: [],
  selected: [],
  statuses: [],
  trusted: true,
  active: false,
  firingAlerts: 0,
};
