import type { ControlReply, ControlRequest } from '../../core/control/controlRequest';
import type { ServiceStatus } from '../../core/engine/state';
import type { ControlHandler } from './controlChannel';

/** What a supervisor (a foreground `up`, the editor window holding the lock) acts on for requests from other processes. */
export interface Supervised {
  status(): ServiceStatus[];
  /** Stops these services; it keeps supervising the rest and never restarts them. */
  stop(services: string[]): Promise<void>;
  restart(service: string, opts: { reason?: string }): Promise<void>;
}

export const controlReply = (message: string, statuses: readonly ServiceStatus[], names?: readonly string[]): ControlReply => ({
  ok: true,
  message,
  services: statuses
    .filter((s) => !names || names.includes(s.name))
    .map((s) => ({ name: s.name, state: s.state, reason: s.reason ?? null })),
});

/**
 * What a supervisor does when another process asks: `down` ends the supervision (`stopAll` says so,
 * stops everything and resolves once stopped), `stop` stops the named services and keeps supervising the
 * rest, `restart` restarts them in turn.
 */
export function supervisorControlHandler(
  supervised: Supervised,
  services: () => readonly string[],
  stopAll: (from: string) => Promise<void>,
  say: (line: string) => void,
): ControlHandler {
  return {
    services: () => new Set(services()),
    handle: async (req: ControlRequest) => {
      switch (req.op) {
        case 'down':
          await stopAll(req.from);
          return controlReply('stopped the stack and let go of it', supervised.status());
        case 'stop':
          say(`stop of ${req.services.join(', ')} requested by ${req.from}`);
          await supervised.stop(req.services);
          return controlReply(`stopped ${req.services.join(', ')} and keeps supervising the rest`, supervised.status(), req.services);
        case 'restart':
          say(`restart of ${req.services.join(', ')} requested by ${req.from}`);
          for (const name of req.services) await supervised.restart(name, { reason: `requested by ${req.from}` });
          return controlReply(`restarted ${req.services.join(', ')}`, supervised.status(), req.services);
      }
    },
  };
}
