import type Dockerode from 'dockerode';
import { callDocker } from './callDocker';
import { containerSample, type ContainerSample, type RawStats } from './containerStats';

/**
 * Follows one container's `/stats` stream (the daemon pushes a reading every second; no polling
 * from here) and keeps the latest sample. Ends when the container does or on dispose().
 */
export class ContainerStatsStream {
  latest: (ContainerSample & { at: number }) | undefined;
  /** The stream is over (container ended, daemon gone, or disposed): open a new one to go on. */
  ended = false;
  private readonly ac = new AbortController();

  constructor(container: Dockerode.Container) {
    void this.follow(container).catch(() => {
      this.ended = true;
    });
  }

  dispose(): void {
    this.ended = true;
    this.ac.abort();
  }

  private async follow(container: Dockerode.Container): Promise<void> {
    // dockerode passes abortSignal through, though its typings for stats() do not list it.
    const stats = container.stats.bind(container) as unknown as (o: {
      stream: true;
      abortSignal: AbortSignal;
    }) => Promise<NodeJS.ReadableStream & { destroy(): void }>;
    const stream = await callDocker('stats', (abortSignal) => stats({ stream: true, abortSignal }), { signal: this.ac.signal });
    this.ac.signal.addEventListener('abort', () => stream.destroy(), { once: true });
    const end = () => {
      this.ended = true;
    };
    stream.once('end', end);
    stream.once('close', end);
    stream.once('error', end);
    let buf = '';
    stream.on('data', (b: Buffer) => {
      buf += b.toString('utf8');
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        try {
          this.latest = { ...containerSample(JSON.parse(line) as RawStats), at: Date.now() };
        } catch {
          // a partial or foreign line: skip
        }
      }
    });
  }
}
