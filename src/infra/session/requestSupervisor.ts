import type { ControlArgs, ControlOp, ControlReply } from '../../core/control/controlRequest';
import { isSameProcess } from '../process/procStat';
import { describeHolder, isTransient, stackLocks, type LockHolder } from '../state/stackLock';
import { controlDir, sendControl } from './controlChannel';

export type SupervisorAnswer =
  /** No live supervisor holds the stack (none, or a stale lock): the caller acts itself, under the lock. */
  | { kind: 'none' }
  /** The supervisor did it (or refused, with its reason). */
  | { kind: 'replied'; holder: LockHolder; reply: ControlReply }
  /** A live supervisor holds the stack but did not answer: nobody else may act. */
  | { kind: 'unreachable'; holder: LockHolder; why: string };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Asks the stack's live supervisor to do `op` (the editor's Stop/Restart in a window that does not
 * hold the lock, `stackpilot down|stop|restart`). A holder that only starts or stops things and
 * then lets go (`up --wait`, `down`) is waited for. A holder that does not take the request within
 * `answerMs` is checked by pid + start time: dead means the lock is stale (`none`: act yourself,
 * taking the lock over); alive means it is `unreachable` and nothing is done.
 */
export async function requestSupervisor(
  root: string,
  op: ControlOp,
  services: readonly string[],
  opts: {
    from: string;
    env?: NodeJS.ProcessEnv;
    answerMs?: number;
    replyMs?: number;
    waitMs?: number;
    onWait?: (h: LockHolder) => void;
    /** The operands of acknowledge, silence and metrics. */
    args?: ControlArgs;
  },
): Promise<SupervisorAnswer> {
  const locks = stackLocks(root, opts.env);
  const dir = controlDir(root, opts.env);
  const waitUntil = Date.now() + (opts.waitMs ?? 120_000);
  for (;;) {
    const holder = await locks.holder();
    if (!holder) return { kind: 'none' };
    if (holder.pid === process.pid) return { kind: 'none' };
    if (isTransient(holder)) {
      if (Date.now() > waitUntil) return { kind: 'unreachable', holder, why: 'it is still busy' };
      opts.onWait?.(holder);
      await locks.waitUntilFree(Math.max(0, waitUntil - Date.now()));
      continue;
    }
    // A supervisor that just took the lock opens its channel moments later: try for `answerMs`.
    const end = Date.now() + (opts.answerMs ?? 5000);
    for (;;) {
      const r = await sendControl(dir, holder, op, services, {
        from: opts.from,
        acceptMs: Math.max(500, end - Date.now()),
        ...(opts.replyMs ? { replyMs: opts.replyMs } : {}),
        ...(opts.args ? { args: opts.args } : {}),
      });
      if (r.status === 'replied') return { kind: 'replied', holder, reply: r.reply };
      if (r.status === 'timed-out') return { kind: 'unreachable', holder, why: `${describeHolder(holder)} took the request but ${r.why}` };
      if (!(await isSameProcess(holder.pid, holder.startTime))) break;
      if (r.status === 'no-answer' || Date.now() > end) return { kind: 'unreachable', holder, why: r.why };
      await sleep(100);
    }
    // Verifiably dead: its lock is stale; the next look finds no holder (or a new one).
  }
}
