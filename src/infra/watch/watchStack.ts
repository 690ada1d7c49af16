import type { StackConfig } from '../../core/config/model';
import type { Logger } from '../../core/ports';
import { engineWatchPort, type ContainerSync, type RestartableStack } from '../../core/watch/engineWatchPort';
import { WatchRules } from '../../core/watch/WatchRules';
import { WatchScheduler } from '../../core/watch/WatchScheduler';
import { SystemClock } from '../SystemClock';
import { DockerContainerSync } from './DockerContainerSync';
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
export async function watchStack(
  stack: RestartableStack,
  config: StackConfig,
  selected: readonly string[],
  logger: Logger,
  opts: { debounceMs?: number; sync?: ContainerSync } = {},
): Promise<StackWatch | undefined> {
  const rules = WatchRules.of(config, selected);
  if (rules.isEmpty) return undefined;
  const sync = opts.sync ?? new DockerContainerSync();
  const scheduler = new WatchScheduler(engineWatchPort(stack, config, sync, logger), new SystemClock(), logger, opts.debounceMs);
  const tree = new TreeWatcher(
    rules,
    (abs) => {
      for (const hit of rules.match(abs)) scheduler.changed(hit.key, hit.file);
    },
    logger,
  );
  await tree.start();
  await initialSync(stack, config, selected, sync, logger);
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

/** Compose `initial_sync: true`: everything under the rule's path goes into the running container once watching begins. */
export async function initialSync(
  stack: RestartableStack,
  config: StackConfig,
  selected: readonly string[],
  sync: ContainerSync,
  logger: Logger,
): Promise<void> {
  for (const name of selected) {
    const spec = config.services[name];
    const id = stack.status().find((s) => s.name === name)?.instanceId;
    if (spec?.kind !== 'docker' || !id) continue;
    for (const rule of spec.developWatch ?? []) {
      if (!rule.initialSync || !rule.target) continue;
      try {
        const n = await sync.copy(id, rule, undefined);
        logger.info(`${name}: initial sync of ${n} files into ${rule.target}`);
      } catch (err) {
        logger.warn(`${name}: initial sync into ${rule.target} failed: ${(err as Error).message}`);
      }
    }
  }
}
