import type { ComposeWatchRule, StackConfig } from '../config/model';
import type { ServiceStatus } from '../engine/state';
import type { Logger } from '../ports';
import { isOff } from '../status/serviceStates';
import type { WatchTargetPort } from './WatchScheduler';

/** The part of the engine (or the editor's controller) file watching drives. */
export interface RestartableStack {
  status(): ServiceStatus[];
  restart(service: string, opts: { reason: string }): Promise<void>;
}

/** Copies files into a running container (compose `sync`): through the engine's API, never a shell. */
export interface ContainerSync {
  /** `files` relative to `rule.path` (a changed set), or undefined for everything under it. Returns how many were copied. */
  copy(containerId: string, rule: ComposeWatchRule, files: string[] | undefined): Promise<number>;
}

/** `api` or `web#2` (the third develop.watch rule of web). */
export function parseKey(key: string): { service: string; rule?: number } {
  const hash = key.lastIndexOf('#');
  return hash < 0 ? { service: key } : { service: key.slice(0, hash), rule: Number(key.slice(hash + 1)) };
}

/**
 * Watch actions over an engine: a service someone stopped (or never started) is not acted on; one
 * that crashed or failed is restarted, since the save may be the fix. Compose rules: `sync` copies
 * the changed files into the running container (no restart); `restart` and `rebuild` restart the
 * service (a start rebuilds a `build:` image whose inputs changed); `sync+restart` restarts and then
 * copies everything under `path` into the new container.
 */
export function engineWatchPort(stack: RestartableStack, config: StackConfig, sync?: ContainerSync, logger?: Logger): WatchTargetPort {
  const status = (service: string) => stack.status().find((x) => x.name === service);
  const ruleOf = (service: string, i: number | undefined): ComposeWatchRule | undefined => {
    const spec = config.services[service];
    return i !== undefined && spec?.kind === 'docker' ? spec.developWatch?.[i] : undefined;
  };
  const copy = async (service: string, rule: ComposeWatchRule, files: string[] | undefined) => {
    if (!sync) return;
    const id = status(service)?.instanceId;
    // Thrown, not skipped: the scheduler keeps the files and tries again once the container is there.
    if (!id) throw new Error(`no running container to sync ${rule.target ?? '/'} into`);
    const n = await sync.copy(id, rule, files);
    logger?.info(`${service}: synced ${n} file${n === 1 ? '' : 's'} into ${rule.target}`);
  };
  return {
    restart: async (key, reason, files) => {
      const { service, rule: i } = parseKey(key);
      const rule = ruleOf(service, i);
      if (!rule) return stack.restart(service, { reason });
      if (rule.action === 'sync') return copy(service, rule, files);
      await stack.restart(service, { reason });
      if (rule.action === 'sync+restart') await copy(service, rule, undefined);
    },
    isActive: (key) => {
      const s = status(parseKey(key).service);
      return s !== undefined && !isOff(s.state);
    },
    dependentsOf: (key) => {
      const { service, rule } = parseKey(key);
      if (ruleOf(service, rule)?.action === 'sync') return [];
      return Object.values(config.services)
        .filter((s) => s.restartWith?.some((r) => r.service === service))
        .map((s) => s.name);
    },
  };
}
