/**
 * Events per minute over the last 60 s, in 60 one-second slots (fixed memory). Used for the
 * error-log rate: lines matching a service's error pattern.
 */
export class RateCounter {
  private readonly seconds = new Float64Array(60).fill(-1);
  private readonly counts = new Uint32Array(60);
  total = 0;

  add(at: number, n = 1): void {
    const s = Math.floor(at / 1000);
    const i = s % 60;
    if (this.seconds[i] !== s) {
      this.seconds[i] = s;
      this.counts[i] = 0;
    }
    this.counts[i] += n;
    this.total += n;
  }

  /** Events in the 60 s ending at `now` (the current second included). */
  perMinute(now: number): number {
    const s = Math.floor(now / 1000);
    let sum = 0;
    for (let i = 0; i < 60; i++) if (this.seconds[i] > s - 60 && this.seconds[i] <= s) sum += this.counts[i];
    return sum;
  }
}
