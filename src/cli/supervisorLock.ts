import type { StackConfig } from '../core/config/model';
import { describeHolder, isTransient, stackLocks, type LockKind, type StackLock, type LockHolder } from '../infra/state/stackLock';
import type { Output } from './Output';

/**
 * Takes the stack's supervisor lock for `kind`. A holder that lets go by itself (`up --wait`
 * still starting, `down`) is waited for, up to `waitMs`; a lasting one (a foreground `up`, an
 * editor window) is returned as is for the caller to report.
 */
export async function takeSupervisorLock(
  config: StackConfig,
  kind: LockKind,
  out: Output,
  waitMs: number,
  signal?: AbortSignal,
): Promise<{ lock: StackLock } | { heldBy: LockHolder }> {
  const locks = stackLocks(config.root);
  let said = false;
  const end = Date.now() + waitMs;
  for (;;) {
    const got = await locks.acquire(kind);
    if ('lock' in got || !isTransient(got.heldBy) || Date.now() > end || signal?.aborted) return got;
    if (!said) out.line(out.paint('gray', `${config.name}: waiting for ${describeHolder(got.heldBy)} to finish`));
    said = true;
    await locks.waitUntilFree(Math.max(0, end - Date.now()), signal);
  }
}
