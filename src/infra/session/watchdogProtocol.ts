/**
 * What a supervisor tells its watchdog, one JSON object a line on the watchdog's stdin (a pipe whose
 * write end only the supervisor holds): first `init`, then `own` whenever the set of services it
 * would stop on its death changes, and `release` when it ends its run itself (after its own stop, or
 * to hand the services over). End of input without `release` means the supervisor died.
 */
export interface OwnedService {
  service: string;
  kind: 'process' | 'docker';
  /** How long SIGTERM (docker stop) is given before SIGKILL. */
  graceMs: number;
}

export type WatchdogMessage =
  | {
      type: 'init';
      stackId: string;
      /** The Docker project name (containers must carry it and the stack's id). */
      project: string;
      /** The stack's state folder (lock, status.json, the watchdog's log). */
      stateDir: string;
      /** The run's folder (`.stackpilot/`): the records of what the watchdog stops are dropped there, as a stop by the supervisor would. */
      runDir?: string;
      supervisor: { pid: number; startTime: string; what: string };
    }
  | { type: 'own'; services: OwnedService[] }
  | { type: 'release' };

/** Longest line the watchdog accepts (a stack of a few thousand services fits). */
export const MAX_MESSAGE_CHARS = 1_000_000;

const isName = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 256;

/** One line as a message, or undefined when it is not one (the watchdog ignores it). */
export function parseWatchdogMessage(line: string): WatchdogMessage | undefined {
  if (line.length > MAX_MESSAGE_CHARS) return undefined;
  let v: Record<string, unknown>;
  try {
    v = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (!v || typeof v !== 'object') return undefined;
  if (v.type === 'release') return { type: 'release' };
  if (v.type === 'own' && Array.isArray(v.services)) {
    const services: OwnedService[] = [];
    for (const s of v.services as Record<string, unknown>[]) {
      if (!s || !isName(s.service) || (s.kind !== 'process' && s.kind !== 'docker')) return undefined;
      const graceMs = Number(s.graceMs);
      services.push({
        service: s.service,
        kind: s.kind,
        graceMs: Number.isFinite(graceMs) ? Math.min(Math.max(graceMs, 0), 600_000) : 10_000,
      });
    }
    return { type: 'own', services };
  }
  if (v.type === 'init') {
    const sup = v.supervisor as Record<string, unknown> | undefined;
    if (!isName(v.stackId) || typeof v.project !== 'string' || !isName(v.stateDir) || !sup) return undefined;
    if (!Number.isSafeInteger(sup.pid) || (sup.pid as number) <= 1 || typeof sup.startTime !== 'string' || !/^\d+$/.test(sup.startTime))
      return undefined;
    return {
      type: 'init',
      stackId: v.stackId,
      project: v.project,
      stateDir: v.stateDir,
      ...(typeof v.runDir === 'string' && v.runDir.startsWith('/') && v.runDir.length <= 4096 ? { runDir: v.runDir } : {}),
      supervisor: {
        pid: sup.pid as number,
        startTime: sup.startTime,
        what: typeof sup.what === 'string' ? sup.what.slice(0, 200) : 'supervisor',
      },
    };
  }
  return undefined;
}
