import type { Reader } from '../config/Reader';
import { SEVERITIES } from './model';

import type { WebhookConfig, WebhookEvent } from './MonitorConfig';

export type { WebhookConfig, WebhookEvent, WebhookFormat } from './MonitorConfig';
export const WEBHOOK_EVENTS: readonly WebhookEvent[] = ['firing', 'resolved', 'escalated'];
export const WEBHOOK_KEYS = ['name', 'urlEnv', 'format', 'events', 'minSeverity', 'timeout', 'retries', 'backoff', 'rateLimit'] as const;
const RATE_KEYS = ['max', 'per'] as const;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `monitoring.webhooks`: a list of targets; every mistake is a located diagnostic and the target is dropped. */
export function parseWebhooks(r: Reader): WebhookConfig[] {
  const out: WebhookConfig[] = [];
  for (const item of r.list() ?? []) {
    const w = parseWebhook(item, out.length);
    if (!w) continue;
    if (out.some((o) => o.name === w.name)) {
      item.child('name').error('duplicate-webhook', `Webhook name \`${w.name}\` is already used.`);
      continue;
    }
    out.push(w);
  }
  return out;
}

function parseWebhook(r: Reader, i: number): WebhookConfig | undefined {
  if (!r.expectMap('a webhook: `{ urlEnv: SLACK_WEBHOOK_URL, format: slack }`')) return undefined;
  r.checkKeys([...WEBHOOK_KEYS, 'url'], `webhook \`${r.name}\``);
  if (r.has('url')) {
    r.child('url').error(
      'literal-webhook-url',
      "A webhook URL is a credential: keep it out of the stack file. Put it in an environment variable (or `.env`, or your secret manager's env export) and name the variable with `urlEnv: SLACK_WEBHOOK_URL`.",
      'key',
    );
    return undefined;
  }
  const urlEnv = r.child('urlEnv').str();
  if (!r.has('urlEnv'))
    r.error('bad-webhook', `Webhook \`${r.name}\` needs \`urlEnv\`: the name of the environment variable that holds its URL.`, 'key');
  else if (urlEnv !== undefined && !ENV_NAME.test(urlEnv)) {
    r.child('urlEnv').error(
      'wrong-value',
      `\`${r.name}.urlEnv\` is the name of an environment variable (like \`SLACK_WEBHOOK_URL\`), not \`${urlEnv.length > 12 ? `${urlEnv.slice(0, 8)}…` : urlEnv}\`.`,
    );
    return undefined;
  }
  const format = readOne(r.child('format'), ['slack', 'json'] as const) ?? 'json';
  const events = r.has('events') ? readMany(r.child('events'), WEBHOOK_EVENTS) : [...WEBHOOK_EVENTS];
  const minSeverity = readOne(r.child('minSeverity'), SEVERITIES) ?? 'info';
  const timeoutMs = durationAtLeast(r.child('timeout'), 100, '100ms: shorter, no request can get an answer') ?? 5000;
  const retries = r.child('retries').num({ integer: true, min: 0 }) ?? 3;
  const backoffMs = durationAtLeast(r.child('backoff'), 10, '10ms: shorter, retries hit a failing receiver back to back') ?? 500;
  const rl = r.child('rateLimit');
  let rateLimit = { max: 10, perMs: 60_000 };
  if (rl.value !== undefined && rl.expectMap('`{ max: 10, per: 1m }`')) {
    rl.checkKeys(RATE_KEYS, `\`${rl.name}\``);
    rateLimit = {
      max: rl.child('max').num({ integer: true, min: 1 }) ?? rateLimit.max,
      perMs: durationAtLeast(rl.child('per'), 1000, '1s: shorter, the limit limits nothing') ?? rateLimit.perMs,
    };
  }
  if (urlEnv === undefined || !events) return undefined;
  return {
    name: r.child('name').str() ?? `webhook-${i + 1}`,
    urlEnv,
    format,
    events,
    minSeverity,
    timeoutMs,
    retries,
    backoffMs,
    rateLimit,
  };
}

/** A duration with a floor (0s would break delivery); below it, a located error and the default. */
function durationAtLeast(r: Reader, minMs: number, why: string): number | undefined {
  const ms = r.duration();
  if (ms === undefined || ms >= minMs) return ms;
  r.error('wrong-value', `\`${r.name}\` must be at least ${why}; got \`${String(r.value)}\`.`);
  return undefined;
}

function readOne<T extends string>(r: Reader, allowed: readonly T[]): T | undefined {
  const s = r.str();
  if (s === undefined) return undefined;
  if ((allowed as readonly string[]).includes(s)) return s as T;
  r.error('wrong-value', `\`${r.name}\` must be one of ${allowed.map((a) => `\`${a}\``).join(', ')}; got \`${s}\`.`);
  return undefined;
}

function readMany<T extends string>(r: Reader, allowed: readonly T[]): T[] | undefined {
  const items = r.list(true);
  if (!items) return undefined;
  const got = items.map((x) => readOne(x, allowed));
  return got.every((g) => g !== undefined) ? (got as T[]) : undefined;
}

export const PROMETHEUS_KEYS = ['port'] as const;

/** `monitoring.prometheus`: `{ port: 9464 }` or just `9464`; the endpoint binds 127.0.0.1 only. */
export function parsePrometheus(r: Reader): { port: number } | undefined {
  if (r.value === undefined || r.value === null || r.value === false) return undefined;
  const portR = typeof r.value === 'number' ? r : r.expectMap('a port (`9464`) or `{ port: 9464 }`') ? r.child('port') : undefined;
  if (!portR) return undefined;
  if (r.isMap) r.checkKeys(PROMETHEUS_KEYS, `\`${r.name}\``);
  if (r.isMap && !r.has('port')) {
    r.error('wrong-value', `\`${r.name}\` needs a \`port\` (on 127.0.0.1), e.g. \`{ port: 9464 }\`.`, 'key');
    return undefined;
  }
  const port = portR.num({ integer: true, min: 0 });
  if (port === undefined) return undefined;
  if (port > 65535) {
    portR.error('wrong-value', `\`${portR.name}\` must be a TCP port (1-65535, or 0 for any free port), got ${port}.`);
    return undefined;
  }
  return { port };
}
