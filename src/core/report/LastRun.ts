import type { ServiceState, ServiceStatus, StateTransition } from '../engine/state';

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
  /** The monitor's last snapshot (`MetricsSnapshot`); typed as far as the report reads it. */
  metrics?: LastRunMetrics;
}

/** The parts of a service's `ServiceMetricsSnapshot` the report reads, each optional: a record may be old or hand-edited. */
export interface LastRunServiceMetrics {
  name: string;
  restarts?: number;
  uptime?: { sinceStartPercent?: number; upMs: number; downMs: number; target?: number };
  probe?: { latency: { count: number; p50?: number; p95?: number; p99?: number } };
  cpuPercent?: number;
  memoryBytes?: number;
}

export interface LastRunMetrics {
  services: LastRunServiceMetrics[];
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
    name: s.name,
    kind: s.kind,
    state: s.state,
    restarts: s.restarts,
    transitions: s.transitions.map((t) => ({ ...t })),
    ...(s.reason !== undefined ? { reason: s.reason } : {}),
  }));
}
