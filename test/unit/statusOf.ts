import type { ServiceState, ServiceStatus } from '../../src/core/engine/state';

/** A service's status as the engine reports it, for unit fixtures: a process at t=0 with nothing else to say, then `more`. */
export function statusOf(name: string, state: ServiceState, more: Partial<ServiceStatus> = {}): ServiceStatus {
  return { name, kind: 'process', state, since: 0, waitingOn: [], restarts: 0, adopted: false, transitions: [], ...more };
}
