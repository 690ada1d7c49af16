import type Dockerode from 'dockerode';
import type { ExitInfo, RunHandle, StartContext } from '../../core/ports';
import { callDocker } from './callDocker';
import { containerExec, type ExecResult } from './containerExec';
import { DemuxLines } from './DemuxLines';

const STOP_SLACK_MS = 10_000;

/** Which logs to follow: `since` (unix seconds) for an adopted container, all of them for a new one. */
export interface LogFollow {
  service: string;
  since?: number;
  tty: boolean;
}

/**
 * A container this runner created or adopted. `exited` comes from a long-poll `wait` (re-issued
 * with backoff if the connection drops, e.g. a daemon restart), logs from a followed `logs` stream.
 * `owned` containers are removed after they are stopped; foreign ones (started by docker compose)
 * are only stopped. Aborting the StartContext detaches: the container keeps running, unwatched.
 */
export class DockerHandle implements RunHandle {
  readonly exited: Promise<ExitInfo>;
  private readonly detach = new AbortController();
  private stopping = false;
  private logsEnded: Promise<void> = Promise.resolve();

  constructor(private readonly container: Dockerode.Container, readonly adopted: boolean, private readonly owned: boolean, ctx: StartContext, follow: LogFollow) {
    const stop = () => this.detach.abort();
    if (ctx.signal.aborted) stop();
    else ctx.signal.addEventListener('abort', stop, { once: true });
    this.exited = this.waitExit();
    this.logsEnded = this.followLogs(ctx, follow).catch(() => undefined);
  }

  get id(): string {
    return this.container.id;
  }

  async stop(graceMs: number): Promise<ExitInfo> {
    this.stopping = true;
    const t = Math.ceil(graceMs / 1000);
    try {
      await callDocker('stop', (abortSignal) => this.container.stop({ t, abortSignal }), { timeoutMs: graceMs + STOP_SLACK_MS });
    } catch (err) {
      const code = (err as { statusCode?: number }).statusCode;
      if (code !== 304 && code !== 404) throw err; // 304: already stopped, 404: already gone
    }
    const info = await this.exitOf();
    this.detach.abort();
    if (this.owned) await removeContainer(this.container);
    return info;
  }

  /** Runs a command inside the container (exec health probes `in: container`). */
  exec(cmd: string[] | string, timeoutMs: number, signal: AbortSignal): Promise<ExecResult> {
    return containerExec(this.container, cmd, timeoutMs, signal);
  }

  private async waitExit(): Promise<ExitInfo> {
    for (let delay = 250; ; delay = Math.min(delay * 2, 5000)) {
      try {
        await callDocker('wait', (abortSignal) => this.container.wait({ abortSignal }), { timeoutMs: Infinity, signal: this.detach.signal });
        const info = await this.exitOf();
        if (!this.stopping && this.owned) void this.removeAfterExit();
        return info;
      } catch (err) {
        if (this.detach.signal.aborted) return new Promise<never>(() => undefined); // nobody watches any more
        if ((err as { statusCode?: number }).statusCode === 404) return { code: null, signal: null, at: Date.now() };
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }

  /**
   * Like `docker run --rm`: a container that ended on its own is removed once its exit code is read
   * and its last log lines arrived (they stay in Stackpilot's log buffer), so nothing is left behind
   * whether or not `down` runs later.
   */
  private async removeAfterExit(): Promise<void> {
    await Promise.race([this.logsEnded, new Promise((r) => setTimeout(r, 1000))]);
    this.detach.abort();
    await removeContainer(this.container).catch(() => undefined);
  }

  private async exitOf(): Promise<ExitInfo> {
    try {
      const s = (await callDocker('inspect', (abortSignal) => this.container.inspect({ abortSignal }))).State;
      return { code: s.ExitCode, signal: null, ...(s.OOMKilled ? { oomKilled: true } : {}), at: Date.parse(s.FinishedAt) || Date.now() };
    } catch {
      return { code: null, signal: null, at: Date.now() };
    }
  }

  private async followLogs(ctx: StartContext, follow: LogFollow): Promise<void> {
    const { service } = follow;
    const opts = { follow: true as const, stdout: true, stderr: true, ...(follow.since !== undefined ? { since: follow.since } : {}), abortSignal: this.detach.signal };
    const stream = (await callDocker('logs', () => this.container.logs(opts), { signal: this.detach.signal })) as NodeJS.ReadableStream & { destroy(): void };
    const lines = new DemuxLines((s, text) => ctx.onLog({ service, stream: s, text, at: Date.now() }), follow.tty);
    this.detach.signal.addEventListener('abort', () => stream.destroy(), { once: true });
    stream.on('data', (b: Buffer) => lines.push(b));
    await new Promise<void>((resolve) => {
      stream.once('end', resolve);
      stream.once('close', resolve);
      stream.once('error', () => resolve());
    });
    lines.end();
  }

}

export async function removeContainer(c: Dockerode.Container): Promise<void> {
  try {
    await callDocker('rm', (abortSignal) => c.remove({ force: true, abortSignal }));
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode !== 404 && (err as { statusCode?: number }).statusCode !== 409) throw err;
  }
}
