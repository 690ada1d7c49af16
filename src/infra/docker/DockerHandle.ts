import type Dockerode from 'dockerode';
import type { Disposable, EngineHealth, ExitInfo, RunHandle, StartContext } from '../../core/ports';
import { callDocker } from './callDocker';
import { containerExec, type ExecResult } from './containerExec';
import type { ContainerEvent, DockerEvents } from './DockerEvents';
import { followContainerLogs } from './followContainerLogs';

/** How long removal of an ended container waits for its last log lines. */
const LAST_LOGS_MS = 3000;

const STOP_SLACK_MS = 10_000;

/** What to watch: logs `since` (unix seconds) for an adopted container, all of them for a new one. */
export interface Watch {
  service: string;
  since?: number;
  tty: boolean;
  events?: DockerEvents;
  /** Resolves once the engine answers again (DockerClient.whenAvailable): a removal the daemon's shutdown interrupted is retried then. */
  whenAvailable?: (signal: AbortSignal) => Promise<void>;
  /** The container has a HEALTHCHECK (compose's or its image's): its verdicts are offered through onEngineHealth. */
  healthcheck?: boolean;
}

/** How long a container that ended during a daemon outage waits for the daemon to come back to be removed. */
const REMOVE_RETRY_MS = 10 * 60_000;

/**
 * A container this runner created or adopted. It ends on the `/events` stream's `die` (exit code
 * and OOM read by one inspect); a long-poll `wait`, re-issued with backoff when the connection
 * drops, backs it up. `owned` containers are removed after they end; foreign ones (started by
 * docker compose) are only stopped. Aborting the StartContext detaches: the container keeps running.
 */
export class DockerHandle implements RunHandle {
  readonly exited: Promise<ExitInfo>;
  private readonly detach = new AbortController();
  private readonly waiting = new AbortController();
  private resolveExit!: (info: ExitInfo) => void;
  private ended = false;
  private stopping = false;
  private readonly logsEnded: Promise<void>;
  private readonly events: Disposable | undefined;
  private health: string | undefined;
  private oomKilled = false;
  /** Frozen by `docker pause`: read once, then followed on the pause/unpause events (no inspect per poll). */
  private frozen: boolean | undefined;
  private readonly healthListeners = new Set<(h: EngineHealth) => void>();
  readonly onEngineHealth?: (listener: (h: EngineHealth) => void) => Disposable;

  constructor(
    private readonly container: Dockerode.Container,
    readonly adopted: boolean,
    private readonly owned: boolean,
    private readonly ctx: StartContext,
    private readonly watch: Watch,
  ) {
    this.exited = new Promise((r) => (this.resolveExit = r));
    const detach = () => {
      this.waiting.abort();
      this.events?.dispose();
      // An ended container's last lines may still be on their way: a restart begins on the `die` event
      // itself, and its new context ends this one. They are read first, within bounds.
      if (this.ended)
        void Promise.race([this.logsEnded, new Promise((r) => setTimeout(r, LAST_LOGS_MS).unref())]).then(() => this.detach.abort());
      else this.detach.abort();
    };
    this.events = watch.events?.subscribe(container.id, (e) => this.onEvent(e));
    if (ctx.signal.aborted) detach();
    else ctx.signal.addEventListener('abort', detach, { once: true });
    if (watch.healthcheck) this.onEngineHealth = (l) => this.followHealth(l);
    void this.waitExit();
    this.logsEnded = this.followLogs().catch(() => undefined);
  }

  get id(): string {
    return this.container.id;
  }

  async stop(graceMs: number): Promise<ExitInfo> {
    this.stopping = true;
    try {
      await callDocker('stop', (abortSignal) => this.container.stop({ t: Math.ceil(graceMs / 1000), abortSignal }), {
        timeoutMs: graceMs + STOP_SLACK_MS,
      });
    } catch (err) {
      const code = (err as { statusCode?: number }).statusCode;
      if (code !== 304 && code !== 404) throw err; // 304: already stopped, 404: already gone
    }
    const info = await this.exitOf();
    this.finish(info);
    this.detach.abort();
    if (this.owned) await removeContainer(this.container);
    return info;
  }

  /** Runs a command inside the container (exec health probes `in: container`). */
  exec(cmd: string[] | string, timeoutMs: number, signal: AbortSignal): Promise<ExecResult> {
    return containerExec(this.container, cmd, timeoutMs, signal);
  }

  /** `docker pause` (the cgroup freezer): its processes do not run, whatever a probe of a published port says. */
  async paused(): Promise<boolean> {
    if (this.ended) return false;
    if (this.frozen !== undefined && this.events) return this.frozen;
    try {
      const s = (await callDocker('inspect', (abortSignal) => this.container.inspect({ abortSignal }))).State;
      // An event that arrived meanwhile is newer than this answer.
      if (this.frozen === undefined || !this.events) this.frozen = s.Paused === true;
    } catch {
      return this.frozen ?? false;
    }
    return this.frozen;
  }

  private onEvent(e: ContainerEvent): void {
    // The daemon sends `oom` before the `die` of a container the kernel's OOM killer ended.
    if (e.action === 'oom') this.oomKilled = true;
    else if (e.action === 'pause') this.frozen = true;
    else if (e.action === 'unpause') this.frozen = false;
    // The die event carries the exit code and the time: the state changes now, without an inspect round trip.
    else if (e.action === 'die') this.finish(this.dieInfo(e));
    else if (e.action.startsWith('health_status')) {
      const status = e.action.split(':')[1]?.trim();
      if (status && status !== this.health)
        this.ctx.onLog({ service: this.watch.service, stream: 'system', text: `docker reports the container ${status}`, at: Date.now() });
      this.health = status;
      if (this.healthListeners.size > 0) void this.readHealth().then((h) => h && this.emitHealth(h));
    }
  }

  /** The current State.Health at once (an adopted container may be healthy already), then each health_status event. */
  private followHealth(listener: (h: EngineHealth) => void): Disposable {
    this.healthListeners.add(listener);
    void this.readHealth().then((h) => h && this.healthListeners.has(listener) && listener(h));
    return { dispose: () => this.healthListeners.delete(listener) };
  }

  private emitHealth(h: EngineHealth): void {
    for (const l of this.healthListeners) l(h);
  }

  /** State.Health with the last check's output (docker keeps the last five). */
  private async readHealth(): Promise<EngineHealth | undefined> {
    try {
      const h = (await callDocker('inspect', (abortSignal) => this.container.inspect({ abortSignal }))).State.Health as
        { Status?: string; Log?: { ExitCode?: number; Output?: string; End?: string }[] } | undefined;
      const status = h?.Status;
      if (status !== 'starting' && status !== 'healthy' && status !== 'unhealthy') return undefined;
      const last = h?.Log?.at(-1);
      const out = last?.Output?.trim().split('\n')[0]?.slice(0, 200);
      const detail = last ? `exit ${last.ExitCode ?? '?'}${out ? `: ${out}` : ''}` : '';
      return { status, detail, at: (last?.End && Date.parse(last.End)) || Date.now() };
    } catch {
      return undefined;
    }
  }

  private finish(info: ExitInfo): void {
    if (this.ended) return;
    this.ended = true;
    this.waiting.abort();
    this.events?.dispose();
    this.resolveExit(info);
    if (!this.stopping && this.owned) void this.removeAfterExit();
  }

  private async waitExit(): Promise<void> {
    for (let delay = 250; !this.waiting.signal.aborted; delay = Math.min(delay * 2, 2000)) {
      try {
        await callDocker('wait', (abortSignal) => this.container.wait({ abortSignal }), {
          timeoutMs: Infinity,
          signal: this.waiting.signal,
        });
        return this.finish(await this.exitOf());
      } catch (err) {
        if (this.waiting.signal.aborted) return; // ended, or nobody watches any more
        if ((err as { statusCode?: number }).statusCode === 404) return this.finish({ code: null, signal: null, at: Date.now() });
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }

  /**
   * Like `docker run --rm`: a container that ended on its own is removed once its exit code is read
   * and its last log lines arrived (they stay in Stackpilot's log buffer), so nothing is left behind.
   */
  private async removeAfterExit(): Promise<void> {
    // The log stream normally ends with the container; the bound only guards a stream that hangs.
    // 1 s was too short under load (CI once lost a crashing container's last stderr line).
    await Promise.race([this.logsEnded, new Promise((r) => setTimeout(r, LAST_LOGS_MS))]);
    this.detach.abort();
    try {
      await removeContainer(this.container);
    } catch {
      // The daemon stopped it on its way down and is gone now: remove it once the daemon is back.
      if (!this.watch.whenAvailable) return;
      const ok = await this.watch.whenAvailable(AbortSignal.timeout(REMOVE_RETRY_MS)).then(
        () => true,
        () => false,
      );
      if (ok) await removeContainer(this.container).catch(() => undefined);
    }
  }

  /** What a `die` event says: exit code and time (timeNano), OOM from an earlier `oom` event. */
  private dieInfo(e: ContainerEvent): ExitInfo {
    return {
      code: dieCode(e),
      signal: null,
      ...(this.oomKilled ? { oomKilled: true } : {}),
      at: e.timeMs ?? (e.time ? e.time * 1000 : Date.now()),
    };
  }

  /** Exit code and OOM from an inspect; `fallback` (the die event's exitCode) when the daemon no longer answers (it is shutting down). */
  private async exitOf(fallback: number | null = null): Promise<ExitInfo> {
    try {
      const s = (await callDocker('inspect', (abortSignal) => this.container.inspect({ abortSignal }))).State;
      return { code: s.ExitCode, signal: null, ...(s.OOMKilled ? { oomKilled: true } : {}), at: Date.parse(s.FinishedAt) || Date.now() };
    } catch {
      return { code: fallback, signal: null, at: Date.now() };
    }
  }

  private followLogs(): Promise<void> {
    const { service, since, tty, whenAvailable } = this.watch;
    return followContainerLogs(this.container, {
      service,
      since,
      tty,
      onLog: (l) => this.ctx.onLog(l),
      signal: this.detach.signal,
      isOver: () => this.ended,
      ...(whenAvailable ? { whenAvailable } : {}),
    });
  }
}

function dieCode(e: ContainerEvent): number | null {
  const n = Number.parseInt(e.attributes.exitCode ?? '', 10);
  return Number.isNaN(n) ? null : n;
}

export async function removeContainer(c: Dockerode.Container): Promise<void> {
  try {
    await callDocker('rm', (abortSignal) => c.remove({ force: true, abortSignal }));
  } catch (err) {
    const code = (err as { statusCode?: number }).statusCode;
    if (code !== 404 && code !== 409) throw err;
  }
}
