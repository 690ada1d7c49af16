import type { AlertEvent } from '../../core/alerts/model';
import type { WebhookConfig } from '../../core/alerts/parseWebhooks';
import type { Clock, Disposable, Logger } from '../../core/ports';
import { WebhookNotifier } from './WebhookNotifier';

export interface Notifiers extends Disposable {
  readonly webhooks: readonly WebhookNotifier[];
  notify(e: AlertEvent): void;
  /** Resolves once everything accepted so far is delivered or given up (e.g. before the CLI exits). */
  drain(): Promise<void>;
}

/**
 * One WebhookNotifier per configured target whose URL variable is set. A missing or malformed
 * variable turns that target off with a warning naming the variable, never showing its value.
 */
export function createNotifiers(
  configs: readonly WebhookConfig[],
  env: Record<string, string | undefined>,
  stack: string,
  logger?: Logger,
  clock?: Clock,
): Notifiers {
  const webhooks: WebhookNotifier[] = [];
  for (const c of configs) {
    const url = env[c.urlEnv]?.trim();
    if (!url) {
      logger?.warn(`webhook ${c.name}: environment variable ${c.urlEnv} is not set; its notifications are off`);
      continue;
    }
    let ok = false;
    try {
      ok = ['http:', 'https:'].includes(new URL(url).protocol);
    } catch {
      ok = false;
    }
    if (!ok) {
      logger?.warn(`webhook ${c.name}: ${c.urlEnv} does not hold an http(s) URL; its notifications are off`);
      continue;
    }
    webhooks.push(new WebhookNotifier({ ...c, url }, stack, logger, clock));
  }
  return {
    webhooks,
    notify: (e) => {
      for (const w of webhooks) w.notify(e);
    },
    drain: async () => {
      await Promise.all(webhooks.map((w) => w.drain()));
    },
    dispose: () => {
      for (const w of webhooks) w.dispose();
    },
  };
}
