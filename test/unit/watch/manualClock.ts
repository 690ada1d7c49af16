import type { Clock, Disposable } from '../../../src/core/ports';

/** A clock the test moves by hand (pure scheduling logic only; real timing is the integration tests'). */
export class ManualClock implements Clock {
  private t = 0;
  private timers: { at: number; fn: () => void; live: boolean }[] = [];

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): Disposable {
    const timer = { at: this.t + ms, fn, live: true };
    this.timers.push(timer);
    return { dispose: () => void (timer.live = false) };
  }

  /** Moves time forward, firing due timers in order, letting promises settle between them. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      await flush();
      const due = this.timers.filter((x) => x.live && x.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.t = due.at;
      due.live = false;
      due.fn();
    }
    this.t = end;
    await flush();
  }
}

export async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}
