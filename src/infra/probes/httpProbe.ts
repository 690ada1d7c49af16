import type { AxiosStatic } from 'axios';
import type * as http from 'node:http';

let axiosLib: AxiosStatic | undefined;
/**
 * axios is loaded at the first http probe, not with the bundle: evaluating it costs ~80 ms, which
 * activation would otherwise pay in a workspace that may never start anything.
 */
function axios(): AxiosStatic {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (axiosLib ??= require('axios') as AxiosStatic);
}

/**
 * Loads the HTTP client before any probe is timed (the loading blocks the event loop for 80-300 ms
 * on a loaded machine, under every probe then in flight). Yields once so that the caller's timers
 * start on a free loop.
 */
export async function loadHttpClient(): Promise<void> {
  axios();
  await new Promise((r) => setImmediate(r));
}
import type { ProbeSpec } from '../../core/config/model';
import { probeLabel } from '../../core/config/probeLabel';
import type { ProbeContext, ProbeResult } from '../../core/ports';
import { errorCode, probeSignal, probeTimer } from './probeTimer';

type HttpProbe = Extract<ProbeSpec, { kind: 'http' }>;

/**
 * Every probe opens its own connection and closes it, as Docker's and Kubernetes' checks do. Node's
 * global agent keeps connections alive: a probe then asked whoever held the pooled connection — an
 * old process that had stopped listening, a squatter gone from the port — and a probe every second
 * never let it idle out (bench:truth saw a port's squatter answer for 18 minutes).
 */
let agents: { httpAgent: import('node:http').Agent; httpsAgent: import('node:https').Agent } | undefined;
function noKeepAlive(): NonNullable<typeof agents> {
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded with axios, at the first http probe (tls is not free) */
  return (agents ??= {
    httpAgent: new (require('node:http') as typeof import('node:http')).Agent({ keepAlive: false }),
    httpsAgent: new (require('node:https') as typeof import('node:https')).Agent({ keepAlive: false }),
  });
  /* eslint-enable @typescript-eslint/no-require-imports */
}

/** GET (or `method`) the URL; ok when the status is in range and the body matches. Never throws. */
export async function httpProbe(probe: HttpProbe, ctx: ProbeContext): Promise<ProbeResult> {
  const lib = axios();
  const timer = probeTimer();
  const method = (probe.method ?? 'GET').toUpperCase();
  // Built by the loader from the URL as written: no userinfo, no query string, `${VAR}` unexpanded.
  const label = probeLabel({ ...probe, method });
  try {
    new URL(probe.url);
  } catch {
    return timer.result(false, `${label}: not a valid URL`);
  }
  const sig = probeSignal(ctx.signal, ctx.timeoutMs);
  try {
    const res = await lib.request<string>({
      url: probe.url,
      method,
      headers: probe.headers,
      // One deadline for connect, headers and body: the signal (axios' own timeout would race it).
      signal: sig.signal,
      validateStatus: () => true,
      responseType: 'text',
      transformResponse: (d: unknown) => d,
      maxRedirects: 0,
      maxContentLength: 1024 * 1024,
      // A health check of a local service must not go through HTTP(S)_PROXY.
      proxy: false,
      ...noKeepAlive(),
      // Timed from the request leaving to the response's headers (as curl's time_starttransfer):
      // not axios' set-up before, nor its parsing after, which are ours, not the service's.
      transport: timedTransport({ start: () => (timer.start(), sig.restart()), stop: timer.stop }),
    });
    const head = `${label} -> ${res.status} after ${timer.ms()} ms`;
    const [lo, hi] = probe.expectStatus;
    if (res.status < lo || res.status > hi) return timer.result(false, `${head} (expected ${lo === hi ? lo : `${lo}-${hi}`})`);
    const body = typeof res.data === 'string' ? res.data : String(res.data ?? '');
    if (probe.bodyContains !== undefined && !body.includes(probe.bodyContains))
      return timer.result(false, `${head}, body does not contain ${JSON.stringify(probe.bodyContains)}`);
    if (probe.bodyRegex !== undefined && !safeRegex(probe.bodyRegex)?.test(body))
      return timer.result(false, `${head}, body does not match /${probe.bodyRegex}/`);
    return timer.result(true, head);
  } catch (err) {
    const why = sig.timedOut()
      ? `timed out after ${ctx.timeoutMs} ms`
      : ctx.signal.aborted
        ? 'cancelled'
        : `${errorCode(err)} after ${timer.ms()} ms`;
    return timer.result(false, `${label} -> ${why}`);
  } finally {
    sig.dispose();
  }
}

function timedTransport(timer: { start(): void; stop(): void }) {
  return {
    request(options: http.RequestOptions, onResponse: (res: http.IncomingMessage) => void): http.ClientRequest {
      // Required here, as the agents are: node:https (with tls) is not loaded with the bundle.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const lib = require(options.protocol === 'https:' ? 'node:https' : 'node:http') as typeof import('node:http');
      timer.start();
      const req = lib.request(options, (res) => {
        timer.stop();
        onResponse(res);
      });
      return req;
    },
  };
}

function safeRegex(source: string): RegExp | undefined {
  try {
    return new RegExp(source);
  } catch {
    return undefined;
  }
}
