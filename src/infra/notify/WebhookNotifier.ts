import type { AxiosStatic } from 'axios';
import type { AlertEvent, AlertSeverity } from '../../core/alerts/model';
import { jsonPayload, slackPayload } from '../../core/alerts/notificationPayload';
import type { WebhookConfig, WebhookEvent } from '../../core/alerts/parseWebhooks';
import type { Clock, Disposable, Logger } from '../../core/ports';
import { SystemClock } from '../SystemClock';
import { maskUrl, scrub } from './maskUrl';
import { RateLimiter } from './RateLimiter';

let axiosLib: AxiosStatic | undefined;
/** Loaded at the first notification, like the http probe does: most stacks never send one. */
function axios(): AxiosStatic {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (axiosLib ??= require('axios') as AxiosStatic);
}

const RANK: Record<AlertSeverity, number> = { info: 0, warning: 1, critical: 2 };
const MAX_BACKOFF_MS = 60_000;

export interface WebhookStats {
  /** Notifications delivered (2xx). */
  sent: number;
  /** Notifications given up on after the last retry, or refused with a 4xx. */
  failed: number;
  /** Notifications not sent because of the rate limit. */
  dropped: number;
  /** HTTP requests made, retries included. */
  attempts: number;
}

type Attempt = { ok: true } | { ok: false; retry: boolean; reason: string; retryAfterMs?: number };

/**
 * Posts alert events to one webhook: Slack-compatible or generic JSON, a timeout per request,
 * retries with exponential backoff on network errors, timeouts, 408/429/5xx (honouring a short
 * Retry-After), and a sliding-window rate limit. The URL is a credential: only its scheme and host
 * ever reach the log.
 */
export class WebhookNotifier implements Disposable {
  readonly stats: WebhookStats = { sent: 0, failed: 0, dropped: 0, attempts: 0 };
  private readonly limiter: RateLimiter;
  private readonly inflight = new Set<Promise<void>>();
  private readonly abort = new AbortController();
  private readonly masked: string;
  private readonly loopback: boolean;

  constructor(
    private readonly target: WebhookConfig & { url: string },
    private readonly stack: string,
    private readonly logger?: Logger,
    private readonly clock: Clock = new SystemClock(),
  ) {
    this.limiter = new RateLimiter(target.rateLimit.max, target.rateLimit.perMs);
    this.masked = maskUrl(target.url);
    this.loopback = /^(127\.|\[::1\]$|localhost$)/.test(new URL(target.url).hostname);
  }

  get name(): string {
    return this.target.name;
  }

  notify(e: AlertEvent): void {
    const t = this.target;
    if (this.abort.signal.aborted || !t.events.includes(e.kind as WebhookEvent) || RANK[e.alert.severity] < RANK[t.minSeverity]) return;
    if (!this.limiter.take(this.clock.now())) {
      this.stats.dropped++;
      // Once, then every tenth: a flapping stack must not turn the log into the flood the limit prevents.
      if (this.stats.dropped === 1 || this.stats.dropped % 10 === 0) {
        this.logger?.warn(
          `webhook ${t.name} (${this.masked}): rate limit of ${t.rateLimit.max} per ${t.rateLimit.perMs / 1000} s reached; ${e.kind} ${e.alert.key} not sent (${this.stats.dropped} dropped so far)`,
        );
      }
      return;
    }
    const p: Promise<void> = this.deliver(e).finally(() => this.inflight.delete(p));
    this.inflight.add(p);
  }

  /** Notifications accepted and not yet delivered or given up (retries included). */
  get pending(): number {
    return this.inflight.size;
  }

  /** Resolves once every notification accepted so far is delivered or given up. */
  async drain(): Promise<void> {
    while (this.inflight.size > 0) await Promise.all([...this.inflight]);
  }

  /** Cancels requests in flight and pending retries. */
  dispose(): void {
    this.abort.abort();
  }

  private async deliver(e: AlertEvent): Promise<void> {
    const t = this.target;
    const body = t.format === 'slack' ? slackPayload(e, this.stack) : jsonPayload(e, this.stack);
    for (let attempt = 0; ; attempt++) {
      const r = await this.post(body);
      if (r.ok) {
        this.stats.sent++;
        this.logger?.debug(
          `webhook ${t.name} (${this.masked}): ${e.kind} ${e.alert.key} delivered${attempt > 0 ? ` on attempt ${attempt + 1}` : ''}`,
        );
        return;
      }
      if (this.abort.signal.aborted) return;
      if (!r.retry || attempt >= t.retries) {
        this.stats.failed++;
        this.logger?.warn(
          `webhook ${t.name} (${this.masked}): ${e.kind} ${e.alert.key} not delivered after ${attempt + 1} attempt${attempt ? 's' : ''}: ${r.reason}`,
        );
        return;
      }
      const delay = Math.min(MAX_BACKOFF_MS, r.retryAfterMs ?? t.backoffMs * 2 ** attempt);
      this.logger?.debug(`webhook ${t.name} (${this.masked}): ${r.reason}; retrying in ${delay} ms`);
      if (!(await this.sleep(delay))) return;
    }
  }

  private async post(body: unknown): Promise<Attempt> {
    this.stats.attempts++;
    const { timeoutMs } = this.target;
    const timeout = AbortSignal.timeout(timeoutMs);
    try {
      const res = await axios().post<string>(this.target.url, body, {
        signal: AbortSignal.any([this.abort.signal, timeout]),
        headers: { 'Content-Type': 'application/json', 'User-Agent': 'stackpilot' },
        validateStatus: () => true,
        responseType: 'text',
        transformResponse: (d: unknown) => d,
        maxRedirects: 0,
        maxContentLength: 64 * 1024,
        // A receiver on this machine must not be sent through HTTP(S)_PROXY; a remote one may need it.
        ...(this.loopback ? { proxy: false as const } : {}),
      });
      if (res.status >= 200 && res.status < 300) return { ok: true };
      const retry = res.status === 408 || res.status === 429 || res.status >= 500;
      const after = Number(res.headers['retry-after']);
      return {
        ok: false,
        retry,
        reason: `HTTP ${res.status}`,
        ...(Number.isFinite(after) && after >= 0 ? { retryAfterMs: after * 1000 } : {}),
      };
    } catch (err) {
      if (this.abort.signal.aborted) return { ok: false, retry: false, reason: 'cancelled' };
      if (timeout.aborted) return { ok: false, retry: true, reason: `no answer within ${timeoutMs} ms` };
      const code = (err as { code?: string }).code;
      return {
        ok: false,
        retry: true,
        reason: scrub(
          code && !(err as Error).message.includes(code) ? `${code}: ${(err as Error).message}` : (err as Error).message,
          this.target.url,
        ),
      };
    }
  }

  private sleep(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const onAbort = () => {
        timer.dispose();
        resolve(false);
      };
      const timer = this.clock.setTimeout(() => {
        this.abort.signal.removeEventListener('abort', onAbort);
        resolve(true);
      }, ms);
      this.abort.signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}
