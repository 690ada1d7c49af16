import * as fs from 'node:fs';
import { join } from 'node:path';
import type { ServiceStatus } from '../../core/engine/state';
import type { AlertView, Silence } from '../../core/alerts/model';
import { LIVE_STATUS_HEARTBEAT_MS } from '../../core/status/liveFreshness';
import { liveStatusOf, MAX_LIVE_STATUS_BYTES, parseLiveStatus, type LiveRun, type LiveStatus } from '../../core/status/liveStatus';
import { readProcStat } from '../process/procStat';
import { stackIdOf } from '../process/processMarkers';
import type { LockHolder } from './stackLock';
import { stackStateDir } from './stateHome';
import { writeFileAtomicSync } from './writeFileAtomicSync';

/** `<state dir of the stack>/status.json`: beside the lock, in the user's state folder (never the repository). */
export function liveStatusFile(root: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(stackStateDir(stackIdOf(root), env), 'status.json');
}

export interface StatusSource {
  onEvent(fn: (e: { type: string }) => void): { dispose(): void };
  status(): ServiceStatus[];
  /**
   * False until the engine has looked at what runs (records loaded, earlier instances adopted):
   * before that every service reads `stopped`, which may be untrue. Nothing is published until then.
   */
  looked?(): boolean;
}

export interface AlertSource {
  snapshot(): { alerts: AlertView[]; silences?: Silence[] };
  onTransition(fn: () => void): { dispose(): void };
}

/** At most one write per this many ms for state changes and alert transitions; the first after a quiet spell at once. */
export const LIVE_STATUS_MIN_GAP_MS = 50;
/**
 * A probe result that changed nothing else is on disk within this long: a healthy stack of 20
 * services probed every second otherwise rewrote the file ~20 times a second, the largest share
 * of an idle supervisor's own work, for a latency figure nobody reads faster.
 */
const PROBE_DELAY_MS = 1000;

/**
 * Publishes the supervisor's view to `file` (atomically, 0600) now and after every state change
 * and alert transition (the first after a quiet spell at once — on the next turn of the event loop,
 * so a burst in one turn is one write — then at most one write every 50 ms) and probe result
 * (coalesced over 1 s), and at least every `heartbeatMs` though nothing changed; `dispose` removes it if it is still this process's (a reader then falls
 * back to observing).
 */
export async function publishLiveStatus(
  file: string,
  stack: string,
  engine: StatusSource,
  monitor: AlertSource | undefined,
  warn: (m: string) => void,
  heartbeatMs = LIVE_STATUS_HEARTBEAT_MS,
  /** The run's profile and selection as they are now (a window's Start with another profile changes them). */
  run: () => LiveRun | undefined = () => undefined,
): Promise<{ dispose(): void; flush(): void }> {
  const startTime = (await readProcStat(process.pid))?.startTime ?? '0';
  let failed = false;
  let lastWrite = 0;
  let started = false;
  let startTimer: ReturnType<typeof setTimeout> | undefined;
  const write = () => {
    if (!started) return;
    lastWrite = Date.now();
    try {
      const alerts = monitor?.snapshot();
      const s = liveStatusOf(
        stack,
        { pid: process.pid, startTime },
        engine.status(),
        alerts?.alerts ?? [],
        Date.now(),
        heartbeatMs,
        alerts?.silences,
        run(),
      );
      writeFileAtomicSync(file, JSON.stringify(s) + '\n'); // 0600, as everything it writes
      failed = false;
    } catch (err) {
      if (!failed) warn(`could not publish the live status to ${file}: ${(err as Error).message}`);
      failed = true;
    }
  };
  let pending: ReturnType<typeof setTimeout> | undefined;
  let dueAt = Infinity;
  // A crash used to wait out a fixed 50 ms before anyone could see it (bench:truth).
  const changeDelay = () => Math.max(0, lastWrite + LIVE_STATUS_MIN_GAP_MS - Date.now());
  const schedule = (delay: number) => {
    const at = Date.now() + delay;
    if (pending && dueAt <= at) return;
    if (pending) clearTimeout(pending);
    dueAt = at;
    pending = setTimeout(() => {
      pending = undefined;
      dueAt = Infinity;
      write();
    }, delay);
  };
  const subs = [
    engine.onEvent((e) => e.type !== 'log' && schedule(e.type === 'probe' ? PROBE_DELAY_MS : changeDelay())),
    ...(monitor ? [monitor.onTransition(() => schedule(changeDelay()))] : []),
  ];
  // Readers wait briefly for the first file (then fall back to observing): better than a file that says stopped for what runs.
  const begin = () => {
    if (engine.looked?.() === false) {
      startTimer = setTimeout(begin, 25);
      return;
    }
    started = true;
    write();
  };
  begin();
  // The heartbeat: rewritten at least this often though nothing changed, so a reader can tell a
  // quiet supervisor from one that stopped answering (paused, hung). One small write per 2 s.
  const heartbeat = setInterval(() => {
    if (Date.now() - lastWrite >= heartbeatMs / 2) write();
  }, heartbeatMs);
  heartbeat.unref();
  return {
    /** Writes now (an acknowledge or silence asked by another process: on disk before its reply). */
    flush: () => {
      if (pending) clearTimeout(pending);
      pending = undefined;
      dueAt = Infinity;
      write();
    },
    dispose: () => {
      clearInterval(heartbeat);
      if (startTimer) clearTimeout(startTimer);
      if (pending) clearTimeout(pending);
      subs.forEach((s) => s.dispose());
      try {
        const mine = parseLiveStatus(fs.readFileSync(file, 'utf8'));
        if (mine && mine.supervisor.pid === process.pid && mine.supervisor.startTime === startTime) fs.rmSync(file, { force: true });
      } catch {
        // already gone
      }
    },
  };
}

/** The status published by `holder` (the lock's live, verified holder), or undefined when it published none. */
export function readLiveStatus(file: string, holder: LockHolder): LiveStatus | undefined {
  try {
    const st = fs.lstatSync(file);
    if (!st.isFile() || st.size > MAX_LIVE_STATUS_BYTES) return undefined;
    const s = parseLiveStatus(fs.readFileSync(file, 'utf8'));
    return s && s.supervisor.pid === holder.pid && s.supervisor.startTime === holder.startTime ? s : undefined;
  } catch {
    return undefined;
  }
}
