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

/**
 * A signal that fires on the caller's abort or after `timeoutMs`, and tells which one happened.
 * `restart()` starts the `timeoutMs` again from now: called when the request itself leaves, so
 * the service gets the whole time configured, measured from where its latency is (under load the
 * client's own set-up took 80 ms of a 200 ms timeout, and "timed out after 200 ms" was 120 ms of
 * the service's). Until then a backstop of `timeoutMs` + 1 s holds, should the set-up never end.
 */
export function probeSignal(
  signal: AbortSignal,
  timeoutMs: number,
): { signal: AbortSignal; timedOut(): boolean; restart(): void; dispose(): void } {
  const ctl = new AbortController();
  let timedOut = false;
  const arm = (ms: number) =>
    setTimeout(
      () => {
        timedOut = true;
        ctl.abort();
      },
      Math.max(1, ms),
    );
  let timer = arm(timeoutMs + 1000);
  const onAbort = () => ctl.abort();
  if (signal.aborted) ctl.abort();
  else signal.addEventListener('abort', onAbort, { once: true });
  return {
    signal: ctl.signal,
    timedOut: () => timedOut,
    restart: () => {
      if (timedOut || ctl.signal.aborted) return;
      clearTimeout(timer);
      timer = arm(timeoutMs);
    },
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
