import type { LiveStatus } from '../../core/status/liveStatus';
import { liveFreshness, type Freshness } from '../../core/status/liveFreshness';
import { readProcStat } from '../process/procStat';
import { liveStatusFile, readLiveStatus } from './liveStatusFile';
import { stackLocks, type LockHolder } from './stackLock';

/** What another process can know of a stack's live supervisor: who holds the lock, its published view, and whether that view is current. */
export interface SupervisorView {
  holder: LockHolder | undefined;
  /** The holder's published view (only when the verified live holder wrote it). */
  live: LiveStatus | undefined;
  freshness: Freshness;
}

/** The supervisor is stopped (SIGSTOP, a debugger, Ctrl-Z): it cannot answer, whatever its file says. */
export async function isPaused(pid: number): Promise<boolean> {
  const st = await readProcStat(pid).catch(() => undefined);
  return st?.state === 'T' || st?.state === 't';
}

/** Freshness of `live`, published by `holder`, now. */
export async function freshnessOf(live: LiveStatus, holder: LockHolder, now = Date.now()): Promise<Freshness> {
  return liveFreshness(live, now, await isPaused(holder.pid));
}

/** Reads the lock holder and its view once (bounded: the file is size-capped and validated). */
export async function readSupervisorView(root: string, env: NodeJS.ProcessEnv = process.env): Promise<SupervisorView> {
  const holder = await stackLocks(root, env)
    .holder()
    .catch(() => undefined);
  const live = holder ? readLiveStatus(liveStatusFile(root, env), holder) : undefined;
  return { holder, live, freshness: live && holder ? await freshnessOf(live, holder) : { stale: false } };
}
