import type Dockerode from 'dockerode';
import { callDocker } from './callDocker';
import { connectDocker, currentEndpoint } from './connectDocker';
import { describeDaemonError, DockerUnavailableError } from './describeDaemonError';
import { DockerConfigError, type DockerEndpoint } from './resolveDockerEndpoint';

const PING_TIMEOUT_MS = 5000;
const RESUME_MIN_MS = 250;
const RESUME_MAX_MS = 2000;

/**
 * One connection to the engine the environment points at, checked with a ping. When a call fails
 * the engine is pinged again, so "daemon gone" is reported as such (not as ECONNREFUSED) and a
 * daemon that comes back is used again without a restart of Stackpilot.
 */
export class DockerClient {
  private ready: Promise<Dockerode> | undefined;

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  async use<T>(signal: AbortSignal | undefined, fn: (docker: Dockerode) => Promise<T>): Promise<T> {
    const docker = await this.connect(signal);
    try {
      return await fn(docker);
    } catch (err) {
      if (signal?.aborted) throw err;
      this.ready = undefined;
      await this.connect(signal); // throws the classified reason when the daemon is the problem
      throw err;
    }
  }

  /** The client once the engine answered a ping (DockerUnavailableError otherwise). */
  connected(signal?: AbortSignal): Promise<Dockerode> {
    return this.connect(signal);
  }

  /**
   * Resolves once the engine answers a ping again: pinged with backoff (250 ms doubling to 2 s) only
   * while it is away, so a daemon that restarts is used again within ~2 s of answering.
   * `keepProcessAlive: false` for housekeeping that must not hold a finished CLI open.
   */
  async whenAvailable(signal: AbortSignal, keepProcessAlive = true): Promise<void> {
    for (let delay = RESUME_MIN_MS; ; delay = Math.min(delay * 2, RESUME_MAX_MS)) {
      signal.throwIfAborted();
      // A ping of its own, never the cached one from before the daemon went away.
      if (delay === RESUME_MIN_MS) this.ready = undefined;
      try {
        await this.connect(signal);
        return;
      } catch (err) {
        if (signal.aborted) throw err;
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(done, delay);
        if (!keepProcessAlive) t.unref();
        function done(): void {
          clearTimeout(t);
          signal.removeEventListener('abort', done);
          resolve();
        }
        signal.addEventListener('abort', done, { once: true });
      });
    }
  }

  private connect(signal: AbortSignal | undefined): Promise<Dockerode> {
    const attempt = (this.ready ??= this.ping(signal));
    attempt.catch(() => {
      if (this.ready === attempt) this.ready = undefined;
    });
    return attempt;
  }

  private async ping(signal: AbortSignal | undefined): Promise<Dockerode> {
    let ep: DockerEndpoint;
    try {
      ep = currentEndpoint(this.env);
    } catch (err) {
      if (err instanceof DockerConfigError) throw new DockerUnavailableError('bad-config', err.message);
      throw err;
    }
    const docker = connectDocker(ep);
    try {
      // On a connection of its own: a kept-alive one still reaches a daemon that is shutting down.
      const pinger = connectDocker(ep, true);
      // dockerode's ping takes { abortSignal } though its typings do not say so.
      const ping = pinger.ping.bind(pinger) as unknown as (o: { abortSignal: AbortSignal }) => Promise<unknown>;
      await callDocker('ping', (abortSignal) => ping({ abortSignal }), { timeoutMs: PING_TIMEOUT_MS, signal });
    } catch (err) {
      throw describeDaemonError(err, ep);
    }
    return docker;
  }
}
