import type { ServiceState, ServiceStatus } from '../../src/core/engine/state';

/** A service's status as the engine reports it, for unit fixtures: a process at t=0 with nothing else to say, then `more`. */
export function statusOf(name: string, state: ServiceState, more: Partial<ServiceStatus> = {}): ServiceStatus {
  return { name, kind: 'process', state, since: 0, waitingOn: [], restarts: 0, adopted: false, transitions: [], ...more };
}

/** The smallest stack config the status views read: `shop`, with two process services (db, api). */
export const shopConfig = {
  name: 'shop',
  root: '/x',
  services: {
    db: { name: 'db', dependsOn: [], kind: 'process', ports: [] },
    api: { name: 'api', dependsOn: [], kind: 'process', ports: [] },
  },
  profiles: {},
} as never;
