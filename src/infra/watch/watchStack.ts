import type { StackConfig } from '../../core/config/model';
import type { Logger } from '../../core/ports';
import { engineWatchPort, type RestartableStack } from '../../core/watch/engineWatchPort';
import { WatchRules } from '../../core/watch/WatchRules';
import { WatchScheduler } from '../../core/watch/WatchScheduler';
import { SystemClock } from '../SystemClock';
import { TreeWatcher } from './TreeWatcher';

export interface StackWatch {
  /** Services that restart on file changes. */
  readonly services: string[];
  readonly watchedDirs: number;
  /** Settles once no restart is pending or running. */
  idle(): Promise<void>;
  dispose(): void;
}

/**
 * The CLI's file watching for a running stack: one TreeWatcher over the `watch:` folders of the
 * selected services, feeding one WatchScheduler that restarts them through the engine. Undefined
 * when no selected service declares `watch:`.
 */
export async function watchStack(stack: RestartableStack, config: StackConfig, selected: readonly string[], logger: Logger, opts: { debounceMs?: number } = {}): Promise<StackWatch | undefined> {
  const rules = WatchRules.of(config, selected);
  if (rules.isEmpty) return undefined;
  const scheduler = new WatchScheduler(engineWatchPort(stack, config), new SystemClock(), logger, opts.debounceMs);
  const tree = new TreeWatcher(rules, (abs) => {
    for (const hit of rules.match(abs)) scheduler.changed(hit.service, hit.file);
  }, logger);
  await tree.start();
  return {
    services: rules.services,
    get watchedDirs() {
      return tree.watchedDirs;
    },
    idle: () => scheduler.idle(),
    dispose: () => {
      tree.dispose();
      scheduler.dispose();
    },
  };
}
