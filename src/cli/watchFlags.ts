import type { StackConfig } from '../core/config/model';
import type { Logger } from '../core/ports';
import type { RestartableStack } from '../core/watch/engineWatchPort';
import { watchStack, type StackWatch } from '../infra/watch/watchStack';
import { UsageError } from './args';
import type { Output } from './Output';

export const watchFlags = ['watch', 'no-watch'];

/**
 * Watching is on by default while `up` supervises (it only acts for services that declare
 * `watch:`); `--no-watch` turns it off. `up --wait` exits, so there is nothing to watch with.
 */
export function wantsWatch(flags: Map<string, string | true>, wait: boolean): boolean {
  if (flags.has('watch') && flags.has('no-watch')) throw new UsageError('--watch and --no-watch contradict each other: keep one');
  if (wait && flags.has('watch'))
    throw new UsageError('--watch needs a supervising `up` (without --wait): the watcher lives as long as the supervisor');
  return !wait && !flags.has('no-watch');
}

/** Starts watching the selected services' `watch:` folders and says so. */
export async function startWatching(
  stack: RestartableStack,
  config: StackConfig,
  selected: readonly string[],
  logger: Logger,
  out: Output,
): Promise<StackWatch | undefined> {
  try {
    const w = await watchStack(stack, config, selected, logger);
    if (w) out.line(out.paint('gray', `watching ${w.watchedDirs} folders: a change restarts ${w.services.join(', ')}`));
    return w;
  } catch (err) {
    logger.warn(`file watching is off: ${(err as Error).message}`);
    return undefined;
  }
}
