// Token buckets for the rate limiter, one per key (account/region and action or service). The clock
// is passed in so that the arithmetic is testable without waiting.
import type { RateLimit } from './types.js';

export const EC2_RATE_LIMIT: RateLimit = { burst: 100, refillPerSecond: 20 };
/** RDS throttles the whole service per account and region, not each action. */
export const RDS_RATE_LIMIT: RateLimit = { burst: 300, refillPerSecond: 12 };
/** Azure Resource Manager's read bucket, one per subscription. */
export const ARM_READ_RATE_LIMIT: RateLimit = { burst: 250, refillPerSecond: 25 };
/**
 * Compute Engine's read quota, one bucket per project for every read (list, aggregatedList,
 * getIamPolicy): Google documents 1,500 read requests per minute per project, counted in
 * one-minute windows, so a whole minute's worth may arrive at once.
 */
export const GCP_COMPUTE_READ_RATE_LIMIT: RateLimit = { burst: 1500, refillPerSecond: 25 };
/** Resource Manager v3 search: 4 requests per second, 240 per minute. */
export const GCP_PROJECT_SEARCH_RATE_LIMIT: RateLimit = { burst: 240, refillPerSecond: 4 };

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
