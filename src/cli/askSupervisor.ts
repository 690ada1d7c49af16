import type { ControlArgs, ControlOp, ControlReply } from '../core/control/controlRequest';
import { requestSupervisor } from '../infra/session/requestSupervisor';
import { describeHolder, type LockHolder } from '../infra/state/stackLock';
import type { Output } from './Output';

/**
 * `down`, `stop` and `restart` while a live supervisor holds the stack: it acts, not this process
 * (it would restart what we stop). Prints what it did. `none`: nothing supervises the stack (or
 * the lock was stale): act yourself; `failed`: it refused or did not answer (said why; exit 1).
 */
export async function askSupervisor(
  stack: { name: string; root: string },
  op: ControlOp,
  services: readonly string[],
  command: string,
  out: Output,
  env: NodeJS.ProcessEnv,
  args?: ControlArgs,
): Promise<{ kind: 'none' } | { kind: 'done'; holder: LockHolder; reply: Extract<ControlReply, { ok: true }> } | { kind: 'failed' }> {
  let said = false;
  const asked = await requestSupervisor(stack.root, op, services, {
    from: `stackpilot ${command} (pid ${process.pid})`,
    env,
    ...(args ? { args } : {}),
    onWait: (h) => {
      if (!said) out.line(out.paint('gray', `${stack.name}: waiting for ${describeHolder(h)} to finish`));
      said = true;
    },
  });
  if (asked.kind === 'none') return asked;
  const who = describeHolder(asked.holder);
  if (asked.kind === 'unreachable') {
    out.error(
      `${stack.name} is supervised by ${who}, which does not answer (${asked.why}): nothing was done. ` +
        `Stop it there (Ctrl-C), or end that process and run \`stackpilot ${command}\` again`,
    );
    return { kind: 'failed' };
  }
  if (!asked.reply.ok) {
    out.error(`${who} refused: ${asked.reply.error}`);
    return { kind: 'failed' };
  }
  out.line(`${stack.name} is supervised by ${who}: it ${asked.reply.message}`);
  return { kind: 'done', holder: asked.holder, reply: asked.reply };
}
