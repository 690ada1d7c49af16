/** Default deadline of one Docker API call; long-running calls (wait, logs, events, pull) pass their own. */
export const DOCKER_CALL_TIMEOUT_MS = 15_000;

export interface CallOptions {
  /** Milliseconds, or `Infinity` for calls that last as long as the container (wait, follow). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** A Docker call that did not answer in time, or was cancelled. */
export class DockerCallError extends Error {
  constructor(
    message: string,
    readonly reason: 'timeout' | 'aborted',
  ) {
    super(message);
  }
}

/** Told the duration of every Docker call that settles (`bench:docker` prints where the time goes); none by default. */
let observer: ((what: string, ms: number, ok: boolean) => void) | undefined;

export function observeDockerCalls(fn: ((what: string, ms: number, ok: boolean) => void) | undefined): void {
  observer = fn;
}

/**
 * Every dockerode call goes through here: it gets an AbortSignal (pass it as dockerode's
 * `abortSignal` so the HTTP request is really cancelled) that fires on the caller's signal or after
 * the timeout, and the promise settles then even if dockerode never does. vscode-docker added the
 * same wrapper (callDockerode) after hangs on a stuck daemon.
 */
export function callDocker<T>(what: string, fn: (signal: AbortSignal) => Promise<T>, opts: CallOptions = {}): Promise<T> {
  const timeoutMs = opts.timeoutMs ?? DOCKER_CALL_TIMEOUT_MS;
  const ac = new AbortController();
  return new Promise<T>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const fail = (err: DockerCallError) => {
      cleanup();
      ac.abort(err);
      reject(err);
    };
    const onAbort = () => fail(new DockerCallError(`docker ${what}: cancelled`, 'aborted'));
    const cleanup = () => {
      if (timer) clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
    };
    if (opts.signal?.aborted) return onAbort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    if (Number.isFinite(timeoutMs))
      timer = setTimeout(
        () => fail(new DockerCallError(`docker ${what}: no answer from the Docker engine within ${timeoutMs} ms`, 'timeout')),
        timeoutMs,
      );
    let p: Promise<T>;
    if (observer) {
      const seen = observer;
      const t0 = performance.now();
      const done = (ok: boolean) => seen(what, performance.now() - t0, ok);
      const inner = fn;
      fn = (signal) => {
        const q = inner(signal);
        q.then(
          () => done(true),
          () => done(false),
        );
        return q;
      };
    }
    try {
      p = fn(ac.signal);
    } catch (err) {
      cleanup();
      return reject(err as Error);
    }
    p.then(
      (v) => {
        cleanup();
        resolve(v);
      },
      (err: unknown) => {
        cleanup();
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}
