import type { ServiceState, ServiceStatus, StateTransition } from '../engine/state';
import type { MetricsSnapshot } from '../metrics/snapshot';

/**
 * What `stackpilot up` records about its run in `.stackpilot/last-run.json`, for `stackpilot
 * report`: the engine's transitions per service (start-up timeline, uptime), the outcome, and the
 * monitor's last metrics snapshot when it supervised.
 */
export interface LastRun {
  version: 1;
  stack: string;
  profile: string | null;
  selected: string[];
  mode: 'wait' | 'supervise';
  startedAt: number;
  updatedAt: number;
  /** When supervising ended (Ctrl-C); absent while it runs or after `up --wait`. */
  endedAt?: number;
  ok?: boolean;
  failures: string[];
  services: LastRunService[];
  metrics?: MetricsSnapshot;
}

export interface LastRunService {
  name: string;
  kind: ServiceStatus['kind'];
  state: ServiceState;
  restarts: number;
  reason?: string;
  transitions: StateTransition[];
}

export function lastRunServices(statuses: readonly ServiceStatus[]): LastRunService[] {
  return statuses.map((s) => ({
    name: s.name, kind: s.kind, state: s.state, restarts: s.restarts, transitions: s.transitions.map((t) => ({ ...t })),
    ...(s.reason !== undefined ? { reason: s.reason } : {}),
  }));
}

/** A parsed last-run file, or undefined when it is not one (old, corrupt, hand-edited). */
export function parseLastRun(value: unknown): LastRun | undefined {
  const v = value as Partial<LastRun> | null;
  if (!v || v.version !== 1 || typeof v.stack !== 'string' || typeof v.startedAt !== 'number' || !Array.isArray(v.services)) return undefined;
  const services = v.services.filter((s): s is LastRunService => !!s && typeof s.name === 'string' && Array.isArray(s.transitions));
  return { ...(v as LastRun), services, failures: Array.isArray(v.failures) ? v.failures : [], selected: Array.isArray(v.selected) ? v.selected : [] };
}
