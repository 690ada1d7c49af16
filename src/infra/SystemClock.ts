import type { Clock, Disposable } from '../core/ports';

/** The real clock: wall time and Node timers. */
export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }

  setTimeout(fn: () => void, ms: number): Disposable {
    const t = setTimeout(fn, ms);
    return { dispose: () => clearTimeout(t) };
  }
}
