import { performance } from 'node:perf_hooks';
import type { ProbeResult } from '../../core/ports';

/**
 * Starts timing a probe; `result` stamps latency and time. The first `ms()` (the figure written
 * into the detail, `connected in 4 ms`) stops the clock: the result's latency is that same
 * measurement, so the words and the number shown beside them never disagree. `start()` moves the
 * start to the moment the request itself leaves (after the client's own set-up) and `stop()` stops
 * the clock where the answer arrived (before the client's own parsing): only the service is timed.
 */
export function probeTimer(): { start(): void; stop(): void; ms(): number; result(ok: boolean, detail: string): ProbeResult } {
  let t0 = performance.now();
  let measured: number | undefined;
  const elapsed = () => (measured ??= performance.now() - t0);
  return {
    start: () => {
      if (measured === undefined) t0 = performance.now();
    },
    stop: () => void elapsed(),
    ms: () => Math.round(elapsed()),
    result: (ok, detail) => ({ ok, detail, latencyMs: elapsed(), at: Date.now() }),
  };
}

/** A signal that fires on the caller's abort or after `timeoutMs`, and tells which one happened. */
export function probeSignal(signal: AbortSignal, timeoutMs: number): { signal: AbortSignal; timedOut(): boolean; dispose(): void } {
  const ctl = new AbortController();
  let timedOut = false;
  const timer = setTimeout(
    () => {
      timedOut = true;
      ctl.abort();
    },
    Math.max(1, timeoutMs),
  );
  const onAbort = () => ctl.abort();
  if (signal.aborted) ctl.abort();
  else signal.addEventListener('abort', onAbort, { once: true });
  return {
    signal: ctl.signal,
    timedOut: () => timedOut,
    dispose: () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    },
  };
}

/** The short code of a Node network error (ECONNREFUSED, ENOTFOUND, ...) or its message. */
export function errorCode(err: unknown): string {
  const e = err as { code?: string; cause?: { code?: string }; message?: string };
  return e.cause?.code ?? (e.code && e.code !== 'ERR_CANCELED' ? e.code : undefined) ?? e.message ?? String(err);
}
