// Token buckets for the rate limiter, one per key (account/region and action or service). The clock
// is passed in so that the arithmetic is testable without waiting.
import type { RateLimit } from './types.js';

export const EC2_RATE_LIMIT: RateLimit = { burst: 100, refillPerSecond: 20 };
/** RDS throttles the whole service per account and region, not each action. */
export const RDS_RATE_LIMIT: RateLimit = { burst: 300, refillPerSecond: 12 };
/** Azure Resource Manager's read bucket, one per subscription. */
export const ARM_READ_RATE_LIMIT: RateLimit = { burst: 250, refillPerSecond: 25 };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class TokenBuckets {
  readonly #limit: RateLimit;
  readonly #buckets = new Map<string, Bucket>();

  constructor(limit: RateLimit) {
    this.#limit = limit;
  }

  /** Takes one token from the key's bucket (of `limit`, else the default); false when it is empty. */
  take(key: string, nowMs: number, limit: RateLimit = this.#limit): boolean {
    const { burst, refillPerSecond } = limit;
    const bucket = this.#buckets.get(key) ?? { tokens: burst, updatedAt: nowMs };
    const elapsed = Math.max(0, nowMs - bucket.updatedAt) / 1000;
    bucket.tokens = Math.min(burst, bucket.tokens + elapsed * refillPerSecond);
    bucket.updatedAt = nowMs;
    this.#buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
