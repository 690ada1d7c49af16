import type { StackEngine } from '../../core/engine/StackEngine';
import type { Logger } from '../../core/ports';

/** What the monitor and its collectors need of the engine. */
export type MonitoredEngine = Pick<StackEngine, 'onEvent' | 'status'>;

export interface Collector {
  name: string;
  collect(now: number): Promise<void>;
}

/**
 * Starts every collector on each tick without waiting for any of them: a collector still busy from
 * the previous tick is skipped and reported as slow (a data point), never a stall for the others.
 */
export class CollectorLoop {
  private readonly busy = new Set<string>();

  constructor(
    private readonly collectors: readonly Collector[],
    private readonly onSlow: (name: string) => void,
    private readonly logger?: Logger,
  ) {}

  tick(now: number): void {
    for (const c of this.collectors) {
      if (this.busy.has(c.name)) {
        this.onSlow(c.name);
        continue;
      }
      this.busy.add(c.name);
      void c
        .collect(now)
        .catch((e: Error) => this.logger?.debug(`collector ${c.name}: ${e.message}`))
        .finally(() => this.busy.delete(c.name));
    }
  }

  get running(): string[] {
    return [...this.busy];
  }
}
