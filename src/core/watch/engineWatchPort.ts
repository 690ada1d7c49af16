import type { StackConfig } from '../config/model';
import type { ServiceStatus } from '../engine/state';
import type { WatchTargetPort } from './WatchScheduler';

/** The part of the engine (or the editor's controller) file watching drives. */
export interface RestartableStack {
  status(): ServiceStatus[];
  restart(service: string, opts: { reason: string }): Promise<void>;
}

/**
 * Watch restarts over an engine: a service someone stopped (or never started) is not restarted by
 * a save; one that crashed or failed is, since the save may be the fix.
 */
export function engineWatchPort(stack: RestartableStack, config: StackConfig): WatchTargetPort {
  return {
    restart: (service, reason) => stack.restart(service, { reason }),
    isActive: (service) => {
      const s = stack.status().find((x) => x.name === service);
      return s !== undefined && s.state !== 'stopped' && s.state !== 'stopping';
    },
    dependentsOf: (service) => Object.values(config.services).filter((s) => s.restartWith?.some((r) => r.service === service)).map((s) => s.name),
  };
}
