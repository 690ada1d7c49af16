import type { LiveStatus } from '../core/status/liveStatus';
import { isSameProcess } from '../infra/process/procStat';
import { liveStatusFile, readLiveStatus } from '../infra/state/liveStatusFile';
import { isTransient, type LockHolder } from '../infra/state/stackLock';

/**
 * The live status of a lasting supervisor (a foreground `up`, a window), which publishes it moments
 * after taking the lock: waited for briefly. A transient holder (`up --wait`, `down`) publishes none.
 */
export async function waitForLiveStatus(root: string, holder: LockHolder, env: NodeJS.ProcessEnv): Promise<LiveStatus | undefined> {
  const file = liveStatusFile(root, env);
  const end = Date.now() + (isTransient(holder) ? 0 : 3000);
  for (;;) {
    const live = readLiveStatus(file, holder);
    if (live || Date.now() >= end || !(await isSameProcess(holder.pid, holder.startTime))) return live;
    await new Promise((r) => setTimeout(r, 100));
  }
}
