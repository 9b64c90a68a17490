// Client-side pacing. Clouds meter reads per account, region and API with token buckets; a scan
// that ignores them throttles itself and the account's own production traffic. Every call a
// provider makes first takes a token from a bucket keyed like the cloud's, and per-resource
// fan-out is bounded by a concurrency limit per key.
import pLimit, { type LimitFunction } from 'p-limit';

export interface Rate {
  /** Tokens available at once. */
  readonly burst: number;
  /** Tokens added per second. */
  readonly perSecond: number;
}

export interface PacerOptions {
  /** In-flight calls allowed per key. */
  readonly concurrency: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** After a throttling answer, the rate drops to this share and climbs back over `RECOVERY_MS`. */
const THROTTLE_SHARE = 0.5;
const RECOVERY_MS = 10_000;

class Bucket {
  private tokens: number;
  private last: number;
  private queue: Promise<void> = Promise.resolve();
  private throttledAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly rate: Rate,
    private readonly now: () => number,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {
    this.tokens = rate.burst;
    this.last = now();
  }

  /** The refill rate now: reduced right after a throttle, recovering linearly. */
  private currentRate(at: number): number {
    const since = at - this.throttledAt;
    if (since >= RECOVERY_MS) return this.rate.perSecond;
    const share = THROTTLE_SHARE + (1 - THROTTLE_SHARE) * (since / RECOVERY_MS);
    return this.rate.perSecond * share;
  }

  private refill(at: number): void {
    const elapsed = Math.max(0, at - this.last) / 1000;
    this.tokens = Math.min(this.rate.burst, this.tokens + elapsed * this.currentRate(at));
    this.last = at;
  }

  /** Resolves when a token is ours. Callers are served in arrival order. */
  take(): Promise<void> {
    const turn = this.queue.then(async () => {
      this.refill(this.now());
      while (this.tokens < 1) {
        const rate = this.currentRate(this.now());
        await this.sleep(Math.ceil(((1 - this.tokens) / rate) * 1000));
        this.refill(this.now());
      }
      this.tokens -= 1;
    });
    this.queue = turn;
    return turn;
  }

  throttled(): void {
    this.throttledAt = this.now();
    this.tokens = 0;
  }
}

export interface PacerStats {
  readonly calls: Readonly<Record<string, number>>;
  readonly throttled: Readonly<Record<string, number>>;
}

export class Pacer {
  private readonly buckets = new Map<string, Bucket>();
  private readonly limits = new Map<string, LimitFunction>();
  private readonly calls = new Map<string, number>();
  private readonly throttles = new Map<string, number>();
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: PacerOptions) {
    if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
      throw new RangeError(`concurrency must be a positive integer, got ${options.concurrency}`);
    }
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? defaultSleep;
  }

  private bucket(key: string, rate: Rate): Bucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new Bucket(rate, this.now, this.sleep);
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  /**
   * Waits for a token for one call (or one retry) against `key`, and counts it under `action`.
   * The bucket for a key is made on first use with `rate`.
   */
  async acquire(key: string, rate: Rate, action: string): Promise<void> {
    await this.bucket(key, rate).take();
    this.calls.set(action, (this.calls.get(action) ?? 0) + 1);
  }

  /** The cloud answered "slow down": back off on this key. */
  throttled(key: string, action: string): void {
    this.buckets.get(key)?.throttled();
    this.throttles.set(action, (this.throttles.get(action) ?? 0) + 1);
  }

  /** Runs `task` with at most `concurrency` others in flight for the same key. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    let limit = this.limits.get(key);
    if (!limit) {
      limit = pLimit(this.options.concurrency);
      this.limits.set(key, limit);
    }
    return limit(task);
  }

  stats(): PacerStats {
    return { calls: Object.fromEntries(this.calls), throttled: Object.fromEntries(this.throttles) };
  }
}
