import type { EngineEvent, ServiceState, ServiceStatus } from '../../../src/core/engine/state';

/** A state event as the engine emits it. */
export function stateEvent(service: string, from: ServiceState, to: ServiceState, at: number, restarts = 0): EngineEvent {
  const status: ServiceStatus = {
    name: service,
    kind: 'process',
    state: to,
    since: at,
    waitingOn: [],
    restarts,
    adopted: false,
    transitions: [],
  };
  return { type: 'state', service, transition: { from, to, at }, status };
}
