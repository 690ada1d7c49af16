/** The words of the Services tree's rows: the description beside the name and the screen reader's name. Pure. */
import { isPausedReason } from '../engine/paused';
import { NOT_CHECKED_UNTRUSTED } from '../engine/restricted';
import type { ServiceState, ServiceStatus } from '../engine/state';
import { isLive, isStarted } from '../status/serviceStates';
import { probeWarning } from '../status/probeWarning';

export interface RowText {
  description: string;
  /** What a screen reader says: each fact once ("db, healthy · 3 ms", never "db, healthy, healthy"). */
  ariaLabel: string;
}

/** A service row: `healthy · 3 ms · 2 restarts`, or `waiting on db (healthy)`. `logProbe`: its probe matches a log line, so it has no latency worth showing. */
export function serviceRowText(
  name: string,
  state: ServiceState,
  status: ServiceStatus | undefined,
  logProbe: boolean,
  /** A failing dependency (dependencyTrouble): said on the row, not only in the tooltip. */
  trouble?: string,
  /** The latency to show instead of the last probe's own (stableLatency: it changes only when it moves meaningfully). */
  shownLatencyMs?: number,
): RowText {
  // A healthy service whose last probe failed says so (`healthy · 6 ms · last probe failed (1 of 3)`).
  const warning = probeWarning(status);
  const said = describe(state, status, logProbe, shownLatencyMs);
  const own = warning ? `${said} · ${warning}` : said;
  const description = trouble ? `${own} · ${trouble}` : own;
  // The description always says the state, except while waiting, where it names what is waited on.
  const ariaLabel = description.startsWith(state) ? `${name}, ${description}` : `${name}, ${state}, ${description}`;
  return { description, ariaLabel };
}

/** A dependency under its dependent: `needs healthy · starting`. */
export function dependencyRowText(name: string, condition: string, state: ServiceState | undefined): RowText {
  const description = `needs ${condition}${state ? ` · ${state}` : ''}`;
  return { description, ariaLabel: `dependency ${name}, ${description}` };
}

function describe(state: ServiceState, status: ServiceStatus | undefined, logProbe: boolean, shownLatencyMs: number | undefined): string {
  if (!status) return state;
  const ms = shownLatencyMs ?? Math.round(status.lastProbe?.latencyMs ?? 0);
  const latency = isLive(status.state) && status.lastProbe && !logProbe ? ` · ${ms} ms` : '';
  // A restart for a file change (or a debugger) says so until the service is up again.
  if (status.reason?.startsWith('restarting · ') && !isStarted(status.state)) return status.reason;
  if (status.waitingOn.length && state === 'waiting') return `waiting on ${status.waitingOn.join(', ')}`;
  // Stopped by SIGSTOP: its probe may still pass, so no latency, only the pause.
  if (isPausedReason(status.reason)) return `${state} · ${status.reason}`;
  // Restricted Mode: what was seen without probing, said as such.
  if (status.reason === NOT_CHECKED_UNTRUSTED) return state === 'stopped' ? NOT_CHECKED_UNTRUSTED : `${state} · ${NOT_CHECKED_UNTRUSTED}`;
  return `${state}${latency}${status.restarts ? ` · ${status.restarts} restart${status.restarts === 1 ? '' : 's'}` : ''}`;
}
