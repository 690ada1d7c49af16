import type { ControlReply, ControlRequest } from '../../core/control/controlRequest';
import { applyAlertRequest, type AlertControl } from '../../core/control/alertRequest';
import { metricsPayload } from '../../core/control/metricsPayload';
import type { CardMetricsSnapshot } from '../../core/metrics/snapshot';
import type { SeriesSource } from '../../core/status/seriesModel';
import type { ServiceStatus } from '../../core/engine/state';
import { clockTime } from '../../shared/clockTime';
import { isLive } from '../../shared/statePredicates';
import type { ControlHandler } from './controlChannel';

/** What a supervisor (a foreground `up`, the editor window holding the lock) acts on for requests from other processes. */
export interface Supervised {
  status(): ServiceStatus[];
  /** Stops these services (`from`: who asked); it keeps supervising the rest and never restarts them. */
  stop(services: string[], from: string): Promise<void>;
  /** `signal`: cut short (its wait for health) when a later stop or down makes it moot. */
  restart(service: string, opts: { reason?: string; signal?: AbortSignal }): Promise<void>;
  /** Its monitor, while it watches the run (owner of the alert state and of the metrics). */
  monitor?(): (AlertControl & { store: SeriesSource & { snapshot(now: number): CardMetricsSnapshot } }) | undefined;
  /**
   * An alert was acknowledged or silenced: publish the live status now (before the reply, so that
   * whoever asked reads it changed) and redraw its own views.
   */
  alertsChanged?(): void | Promise<void>;
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
 * rest, `restart` restarts them in turn; `acknowledge` and `silence` act on its monitor's alert (a
 * known one only), `metrics` answers with its recent metrics (computed only when asked).
 */
export function supervisorControlHandler(
  supervised: Supervised,
  services: () => readonly string[],
  stopAll: (from: string) => Promise<void>,
  say: (line: string) => void,
): ControlHandler {
  return {
    services: () => new Set(services()),
    handle: async (req: ControlRequest, signal?: AbortSignal) => {
      switch (req.op) {
        case 'down':
          await stopAll(req.from);
          return controlReply('stopped the stack and let go of it', supervised.status());
        case 'stop':
          say(`stop of ${req.services.join(', ')} requested by ${req.from}`);
          const before = supervised.status();
          await supervised.stop(req.services, req.from);
          // Said only of what ran: a service found dead was not stopped by this request.
          const ran = req.services.filter((n) => before.some((s) => s.name === n && isLive(s.state)));
          const idle = req.services.filter((n) => !ran.includes(n));
          const did = [
            ...(ran.length ? [`stopped ${ran.join(', ')}`] : []),
            ...(idle.length ? [`found ${idle.join(', ')} not running`] : []),
          ];
          return controlReply(`${did.join('; ')} and keeps supervising the rest`, supervised.status(), req.services);
        case 'restart': {
          say(`restart of ${req.services.join(', ')} requested by ${req.from}`);
          const restarted: string[] = [];
          for (const name of req.services) {
            if (signal?.aborted) break;
            await supervised.restart(name, { reason: `requested by ${req.from}`, ...(signal ? { signal } : {}) });
            if (!signal?.aborted) restarted.push(name);
          }
          if (signal?.aborted) {
            const cut = `cut short the restart of ${req.services.filter((n) => !restarted.includes(n)).join(', ')}: ${String(signal.reason)} came meanwhile`;
            say(cut);
            return controlReply(restarted.length ? `restarted ${restarted.join(', ')}; ${cut}` : cut, supervised.status(), req.services);
          }
          return controlReply(`restarted ${req.services.join(', ')}`, supervised.status(), req.services);
        }
        case 'acknowledge':
        case 'silence': {
          const monitor = supervised.monitor?.();
          if (!monitor) return { ok: false, error: 'this supervisor watches no alerts (no run is monitored)' };
          const r = applyAlertRequest(req, monitor, Date.now(), clockTime);
          if (r.line) say(r.line);
          if (r.changed) await supervised.alertsChanged?.();
          return r.reply;
        }
        case 'metrics': {
          const monitor = supervised.monitor?.();
          if (!monitor) return { ok: false, error: 'this supervisor measures nothing (no run is monitored)' };
          const { windowMs = 0, since = 0 } = req.args ?? {};
          return { ok: true, message: '', services: [], metrics: metricsPayload(monitor.store, services(), windowMs, since, Date.now()) };
        }
      }
    },
  };
}
