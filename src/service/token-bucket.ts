// A token bucket with reservations (AWS's API throttles: burst, then a sustained rate). Each
// `take` reserves the next token and says when it is granted, so waiters are served in order.

export class TokenBucket {
  private tokens: number;
  private last = 0;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }

  /** Reserves one token; returns the time (≥ now) it is granted. */
  take(now: number): number {
    this.tokens = Math.min(this.burst, this.tokens + (now - this.last) * this.perSecond);
    this.last = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? now : now + -this.tokens / this.perSecond;
  }
}
