/** Per-service lifecycle states and the events the engine emits. Pure types. */
import type { ServiceState } from '../../shared/serviceState';
import type { ExitInfo, LogLine, ProbeResult } from '../ports';

export type { ServiceState } from '../../shared/serviceState';

export interface StateTransition {
  from: ServiceState;
  to: ServiceState;
  at: number;
  reason?: string;
  /** Set on the stopping/stopped of a restart: what follows is the same service coming back, so a down service stays down until it is up again. */
  restart?: true;
}

export interface ServiceStatus {
  name: string;
  kind: 'process' | 'external' | 'docker';
  state: ServiceState;
  since: number;
  /** Dependencies not yet satisfied, as "redis (healthy)". */
  waitingOn: string[];
  /** Why the service is failed / exited / unhealthy / blocked, in words. */
  reason?: string;
  restarts: number;
  pid?: number;
  instanceId?: string;
  adopted: boolean;
  lastProbe?: ProbeResult;
  /**
   * Consecutive failing probes counted toward the health check's `retries` (compose semantics: the
   * service stays healthy until `count` reaches `of`); absent without a probe of ours, 0 after a pass.
   */
  probeFailures?: { count: number; of: number };
  lastExit?: ExitInfo;
  /** Every transition of this run, oldest first (bounded): the start-up timeline. */
  transitions: StateTransition[];
}

export type EngineEvent =
  | { type: 'state'; service: string; transition: StateTransition; status: ServiceStatus }
  | { type: 'probe'; service: string; result: ProbeResult }
  | { type: 'log'; line: LogLine };
