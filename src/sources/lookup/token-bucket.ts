/**
 * A token bucket: `ratePerSecond` tokens a second, holding at most `capacity`. `take()` resolves when a token
 * is available; callers are served in order. With capacity 1 and rate 2, calls start at least 500 ms apart,
 * so no window of one second sees more than 2 of them (LookupEvents' limit per account and region).
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private queue: Promise<void> = Promise.resolve();
  private readonly intervalMs: number;

  constructor(
    readonly ratePerSecond: number,
    private readonly capacity = 1,
    /** Extra milliseconds per token, so signing and network jitter cannot squeeze two calls closer than the limit. */
    private readonly slackMs = 0,
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {
    if (!(ratePerSecond > 0) || !(capacity >= 1)) throw new RangeError('a token bucket needs a positive rate and a capacity of at least 1');
    this.intervalMs = 1000 / ratePerSecond + slackMs;
    this.tokens = capacity;
    this.last = now();
  }

  /** Waits for a token and takes it. */
  take(): Promise<void> {
    const next = this.queue.then(() => this.takeOne());
    this.queue = next.catch(() => undefined);
    return next;
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + (now - this.last) / this.intervalMs);
    this.last = now;
  }

  private async takeOne(): Promise<void> {
    this.refill();
    while (this.tokens < 1) {
      // setTimeout may fire a millisecond early: round up and check again.
      await this.sleep(Math.ceil((1 - this.tokens) * this.intervalMs) + 1);
      this.refill();
    }
    this.tokens -= 1;
  }
}
