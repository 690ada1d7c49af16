import { groupMembers } from './procStat';

/** Sends `signal` to every process of group `pgid`. False when the group is already gone. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  // kill(-1) is every process we may signal, kill(-0) our own group: never, whatever asked for it.
  if (!Number.isSafeInteger(pgid) || pgid <= 1) throw new Error(`refusing to signal process group ${String(pgid)}`);
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw err;
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * SIGTERM to the whole group, then SIGCONT (a member stopped by SIGSTOP or Ctrl-Z gets its SIGTERM
 * only once it runs again; without this a paused service sat out its whole grace period and died by
 * SIGKILL, without its shutdown: systemd and Docker do the same), up to `graceMs` for every member
 * to go, then SIGKILL to whoever is left. Resolves once the group has no live member (zombies count
 * as gone), or after a last short wait when even SIGKILL does not clear it. True when something was
 * signalled.
 */
export async function stopGroup(pgid: number, graceMs: number): Promise<boolean> {
  if (!signalGroup(pgid, 'SIGTERM')) return false;
  signalGroup(pgid, 'SIGCONT');
  const deadline = Date.now() + Math.max(0, graceMs);
  let delay = 20;
  while (Date.now() < deadline) {
    if ((await groupMembers(pgid)).length === 0) return true;
    await sleep(Math.min(delay, Math.max(1, deadline - Date.now())));
    delay = Math.min(delay * 2, 200);
  }
  signalGroup(pgid, 'SIGKILL');
  for (let i = 0; i < 50; i++) {
    if ((await groupMembers(pgid)).length === 0) break;
    await sleep(20);
  }
  return true;
}
