/**
 * The Docker engine `bench:truth` runs its containers on. By default a private dockerd the bench
 * starts itself (own socket, data-root, exec-root, pidfile under /tmp; the images copied from the
 * shared engine by docker save | load, offline), so that restarting the engine is a fault it may
 * inject: stopped by its pid (SIGTERM: dockerd stops its containers as a real restart does, no
 * live-restore) and started again. The shared engine other engineers use is never restarted: when
 * no private daemon can start (not root, no dockerd) the bench runs on the shared engine without
 * that fault.
 */
import * as fs from 'node:fs';
import { PrivateDockerd } from '../../test/integration/dockerDaemon';

export const BENCH_IMAGES = ['stackpilot-test/redis:1', 'stackpilot-test/node:1', 'stackpilot-test/busybox:1'];

export interface EngineRestart {
  /** When the bench asked dockerd to stop (SIGTERM). */
  stopAt: number;
  /** When dockerd had exited (its containers stopped). */
  stoppedAt: number;
  /** When the new dockerd answered. */
  backAt: number;
}

export class BenchEngine {
  /** True from the stop of a restart until the daemon answers again. */
  down = false;

  private constructor(
    private readonly daemon: PrivateDockerd | undefined,
    /** Why the shared engine is used, when it is. */
    readonly why: string,
  ) {}

  /** `private`: start a private dockerd (falls back to the shared engine, saying why); `main`: the shared engine. */
  static async open(want: 'private' | 'main'): Promise<BenchEngine> {
    if (want === 'main') return new BenchEngine(undefined, 'asked for (--engine main)');
    if (!PrivateDockerd.possible()) return new BenchEngine(undefined, 'a private dockerd needs root and the dockerd binary');
    // A short path: dockerd's and containerd's sockets live under it.
    const daemon = new PrivateDockerd(fs.mkdtempSync('/tmp/spt-'));
    try {
      await daemon.start();
      daemon.loadImages(BENCH_IMAGES);
      return new BenchEngine(daemon, '');
    } catch (err) {
      await daemon.remove().catch(() => undefined);
      return new BenchEngine(undefined, `the private dockerd did not start: ${(err as Error).message.split('\n')[0]}`);
    }
  }

  get private(): boolean {
    return this.daemon !== undefined;
  }

  /** DOCKER_HOST for the supervisors and the bench's own API calls (undefined: the shared engine as configured). */
  get host(): string | undefined {
    return this.daemon?.host;
  }

  get pid(): number | undefined {
    return this.daemon?.pid;
  }

  /** Stops the private dockerd by its pid, waits `downMs`, starts it again and waits until it answers. */
  async restart(downMs: number): Promise<EngineRestart> {
    if (!this.daemon) throw new Error('the shared Docker engine is never restarted by the bench');
    this.down = true;
    const stopAt = Date.now();
    try {
      await this.daemon.stop();
      const stoppedAt = Date.now();
      await new Promise((r) => setTimeout(r, downMs));
      await this.daemon.start();
      return { stopAt, stoppedAt, backAt: Date.now() };
    } finally {
      this.down = false;
    }
  }

  /** Removes every container of the private daemon, stops it, unmounts and deletes its folder. */
  async close(): Promise<void> {
    await this.daemon?.remove();
  }
}
