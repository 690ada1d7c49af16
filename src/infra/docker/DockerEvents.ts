import type Dockerode from 'dockerode';
import type { Disposable, Logger } from '../../core/ports';
import { callDocker } from './callDocker';

/** The part of a Docker container event the runner uses. */
export interface ContainerEvent {
  /** die, oom, start, stop, destroy, "health_status: healthy" ... */
  action: string;
  id: string;
  attributes: Record<string, string>;
  /** Unix seconds, as the daemon stamps it. */
  time: number;
  /** Unix milliseconds from the daemon's timeNano, when it sends it. */
  timeMs?: number;
}

const BACKOFF_MIN_MS = 250;
// Low enough that a daemon back from a restart is followed again within ~2 s; pinging a missing socket costs nothing.
const BACKOFF_MAX_MS = 2000;

/**
 * One `/events` stream (type=container) shared by every watched container, open only while someone
 * subscribes. When it breaks (daemon restart) it reconnects with exponential backoff, asking for
 * events `since` the last one seen, so nothing that happened in between is missed.
 */
export class DockerEvents {
  private readonly subs = new Map<string, Set<(e: ContainerEvent) => void>>();
  private running: AbortController | undefined;
  private since = 0;

  constructor(
    private readonly connect: (signal: AbortSignal) => Promise<Dockerode>,
    private readonly logger?: Logger,
  ) {}

  subscribe(id: string, fn: (e: ContainerEvent) => void): Disposable {
    let set = this.subs.get(id);
    if (!set) this.subs.set(id, (set = new Set()));
    set.add(fn);
    if (!this.running) {
      // Replay the last seconds: an event between `start` and the stream opening still arrives.
      this.since = Math.floor(Date.now() / 1000) - 2;
      const ac = (this.running = new AbortController());
      void this.run(ac.signal);
    }
    return {
      dispose: () => {
        set.delete(fn);
        if (set.size === 0) this.subs.delete(id);
        if (this.subs.size === 0) {
          this.running?.abort();
          this.running = undefined;
        }
      },
    };
  }

  private async run(signal: AbortSignal): Promise<void> {
    let backoff = BACKOFF_MIN_MS;
    while (!signal.aborted) {
      try {
        const docker = await this.connect(signal);
        const stream = await callDocker(
          'events',
          (abortSignal) =>
            docker.getEvents({ since: this.since, filters: { type: ['container'] }, abortSignal } as Dockerode.GetEventsOptions),
          { signal },
        );
        backoff = BACKOFF_MIN_MS;
        await this.consume(stream as NodeJS.ReadableStream & { destroy(): void }, signal);
      } catch (err) {
        if (signal.aborted) return;
        this.logger?.debug(`docker events: ${(err as Error).message}; reconnecting in ${backoff} ms`);
      }
      if (signal.aborted) return;
      await new Promise((r) => setTimeout(r, backoff));
      backoff = Math.min(backoff * 2, BACKOFF_MAX_MS);
    }
  }

  private consume(stream: NodeJS.ReadableStream & { destroy(): void }, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      let buf = '';
      const onAbort = () => stream.destroy();
      signal.addEventListener('abort', onAbort, { once: true });
      const done = () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
      stream.on('data', (b: Buffer) => {
        buf += b.toString('utf8');
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          this.dispatch(buf.slice(0, nl));
          buf = buf.slice(nl + 1);
        }
      });
      stream.once('end', done);
      stream.once('close', done);
      stream.once('error', done);
    });
  }

  private dispatch(line: string): void {
    if (!line.trim()) return;
    let raw: {
      Action?: string;
      status?: string;
      id?: string;
      time?: number;
      timeNano?: number;
      Actor?: { ID?: string; Attributes?: Record<string, string> };
    };
    try {
      raw = JSON.parse(line) as typeof raw;
    } catch {
      return;
    }
    const id = raw.Actor?.ID ?? raw.id;
    if (!id) return;
    if (raw.time) this.since = Math.max(this.since, raw.time);
    const e: ContainerEvent = {
      action: raw.Action ?? raw.status ?? '',
      id,
      attributes: raw.Actor?.Attributes ?? {},
      time: raw.time ?? 0,
      ...(typeof raw.timeNano === 'number' ? { timeMs: Math.floor(raw.timeNano / 1e6) } : {}),
    };
    for (const fn of this.subs.get(id) ?? []) fn(e);
  }
}
