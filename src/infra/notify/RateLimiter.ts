/** At most `max` events per sliding window of `perMs`; `take` says whether one more may go now. */
export class RateLimiter {
  private readonly sent: number[] = [];

  constructor(
    private readonly max: number,
    private readonly perMs: number,
  ) {}

  take(now: number): boolean {
    while (this.sent.length > 0 && this.sent[0] <= now - this.perMs) this.sent.shift();
    if (this.sent.length >= this.max) return false;
    this.sent.push(now);
    return true;
  }
}
