/**
 * The Docker engine's state for the dashboard's header, read from the engine itself (a ping and
 * /version through DockerClient) — only while the dashboard is visible and the stack has docker
 * services. Read when it becomes visible, when a docker service's status changes (a daemon that
 * goes away kills containers and fails starts; one that comes back resumes them), and otherwise
 * every 15 s: never the 1 s daemon polling vscode-docker regretted. No vscode here.
 */
import type { DockerEngineState } from '../../shared/protocol';

export type ReadEngine = (signal: AbortSignal) => Promise<DockerEngineState>;

export const ENGINE_READ_INTERVAL_MS = 15_000;

export class DockerEngineWatch {
  private current: DockerEngineState | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private reading: AbortController | undefined;
  private again = false;

  constructor(
    private readonly read: ReadEngine,
    private readonly onChange: () => void,
    private readonly intervalMs = ENGINE_READ_INTERVAL_MS,
  ) {}

  /** The last answer (undefined until the first read ends). */
  get state(): DockerEngineState | undefined {
    return this.current;
  }

  /** Reads now and every interval while active; nothing while inactive. */
  setActive(active: boolean): void {
    if (active && !this.timer) {
      this.timer = setInterval(() => this.refresh(), this.intervalMs);
      this.refresh();
    }
    if (!active && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
      this.reading?.abort();
    }
  }

  /** Reads again now (once more after the read in flight, when one is). */
  refresh(): void {
    if (!this.timer) return;
    if (this.reading) {
      this.again = true;
      return;
    }
    const ac = (this.reading = new AbortController());
    void this.read(ac.signal)
      .catch((err: unknown): DockerEngineState => ({ running: false, problem: 'no-answer', reason: (err as Error).message ?? String(err) }))
      .then((next) => {
        this.reading = undefined;
        if (ac.signal.aborted) return;
        if (JSON.stringify(next) !== JSON.stringify(this.current)) {
          this.current = next;
          this.onChange();
        }
        if (this.again) {
          this.again = false;
          this.refresh();
        }
      });
  }

  dispose(): void {
    this.setActive(false);
  }
}
