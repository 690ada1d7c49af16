import type { StackConfig } from '../../core/config/model';
import { notApplicable } from '../../core/config/stackChanges';
import type { Logger } from '../../core/ports';
import type { StackEngine, UpResult } from '../../core/engine/StackEngine';

/**
 * Start on a running stack (the editor's Start Stack again, `up` asked of a live supervisor): the
 * stack file as it is now is applied first, as `docker compose up` recreates what changed: a
 * running service whose definition changed restarts with the new one, unchanged ones are left
 * alone; then what is not running is started.
 */
export async function upWithFile(
  engine: StackEngine,
  now: StackConfig,
  selected: string[],
  logger: Logger,
  opts: { signal?: AbortSignal } = {},
): Promise<UpResult> {
  const changes = await engine.applyFile(now);
  const left = notApplicable(changes);
  if (left.length) logger.warn(`not applied while the stack runs: ${left.join(', ')}; Stop and Start the stack to apply`);
  return engine.up(selected, opts);
}

/**
 * A Restart (the tree's, `stackpilot restart`, a watched file) uses the service's definition as the
 * stack file has it now, not the one the run started with: `docker compose restart` does not, and
 * that surprised users who had just edited it (the new command or environment only after Stop and
 * Start). `now` undefined (the file has errors now): restarted as it ran, and said so.
 */
export async function restartWithFile(
  engine: StackEngine,
  service: string,
  now: StackConfig | undefined,
  logger: Logger,
  opts: { reason?: string; env?: Record<string, string> | null; signal?: AbortSignal } = {},
): Promise<void> {
  let reason = opts.reason;
  if (!now) logger.warn(`the stack file cannot be read now: restarting ${service} with its definition as it ran`);
  else {
    const changes = await engine.applyFile(now, { only: [service], restartRunning: false });
    const left = notApplicable(changes);
    if (left.length) logger.warn(`not applied by a restart: ${left.join(', ')}; Stop and Start the stack to apply`);
    if (changes.redefined.includes(service)) {
      logger.info(`restarting ${service}: its definition changed`);
      reason = reason ? `its definition changed; ${reason}` : 'its definition changed';
    }
  }
  await engine.restart(service, { ...opts, ...(reason !== undefined ? { reason } : {}) });
}
