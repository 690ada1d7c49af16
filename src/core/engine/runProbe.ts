import type { ProbeSpec } from '../config/model';
import type { Clock, ProbeResult, ProbeRunner, RunHandle } from '../ports';

/** Grace on top of the probe's own timeout before the engine gives up on a probe runner that hangs. */
const GUARD_MS = 250;
/** An exec in a container: the daemon's setup of the exec is not part of the check's timeout (as in Docker's own checks). */
const CONTAINER_EXEC_SETUP_MS = 10_000;

/**
 * One probe that always settles: errors become failed results, and a runner that ignores its
 * timeout is cut off by the engine's clock so a hung probe never stalls the health loop.
 */
export function runProbe(
  probes: ProbeRunner,
  clock: Clock,
  probe: ProbeSpec,
  opts: { service: string; timeoutMs: number; handle?: RunHandle; signal?: AbortSignal },
): Promise<ProbeResult> {
  const ac = new AbortController();
  const onAbort = () => ac.abort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const started = clock.now();
  const failed = (detail: string): ProbeResult => ({ ok: false, latencyMs: clock.now() - started, at: clock.now(), detail });
  return new Promise<ProbeResult>((resolve) => {
    const guard = clock.setTimeout(
      () => {
        ac.abort();
        resolve(failed(`probe timed out after ${opts.timeoutMs} ms`));
      },
      opts.timeoutMs + GUARD_MS + (probe.kind === 'exec' && probe.in === 'container' ? CONTAINER_EXEC_SETUP_MS : 0),
    );
    void probes
      .run(probe, { service: opts.service, timeoutMs: opts.timeoutMs, handle: opts.handle, signal: ac.signal })
      .then(
        (r) => resolve(r),
        (err: unknown) => resolve(failed(err instanceof Error ? err.message : String(err))),
      )
      .finally(() => {
        guard.dispose();
        opts.signal?.removeEventListener('abort', onAbort);
      });
  });
}
