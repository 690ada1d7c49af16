import type { LogLine } from '../ports';

/** The last `capacity` lines of one service: a ring, so a chatty service costs bounded memory. */
export class LogBuffer {
  private readonly ring: LogLine[] = [];
  private next = 0;

  constructor(private readonly capacity = 1000) {}

  push(line: LogLine): void {
    if (this.ring.length < this.capacity) this.ring.push(line);
    else this.ring[this.next] = line;
    this.next = (this.next + 1) % this.capacity;
  }

  /** Oldest first. */
  lines(): LogLine[] {
    if (this.ring.length < this.capacity) return [...this.ring];
    return [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)];
  }
}
