// Types shared by the emulator core and the per-cloud modules.

/** An HTTP request as the cloud modules see it: the body already read. */
export interface EmulatorRequest {
  readonly method: string;
  /** Path and query, e.g. `/?Action=DescribeRegions`. */
  readonly url: string;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: string;
}

export interface EmulatorResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** What the emulator answered, with the cloud's error code when it was an error. */
export interface Answer {
  readonly response: EmulatorResponse;
  readonly errorCode?: string;
}

/**
 * The errors the knobs inject; each cloud answers them in its own words. `server-error` is a 500,
 * `unavailable` a 503 (which some SDKs retry and others do not).
 */
export type InjectedError = 'throttle' | 'server-error' | 'unavailable' | 'access-denied';

/** One identified API call, ready to be served or failed by the knobs. */
export interface ServiceCall {
  readonly service: string;
  readonly action: string;
  /** The caller's account; undefined when the credentials are unknown. */
  readonly account: string | undefined;
  readonly region: string;
  /** Request parameters as sent, without credentials. */
  readonly params: Readonly<Record<string, string>>;
  /** False when the call is refused before it reaches the API (unknown key, no signature). */
  readonly authenticated: boolean;
  /** How the service shares token buckets; absent: one bucket per action with EC2's defaults. */
  readonly rateLimit?: RateLimitPolicy;
  /** False when no rate limit applies (an identity endpoint rather than the API); true when absent. */
  readonly rateLimited?: boolean;
  serve(): Answer;
  /** `fault` is the injected fault that decided it; absent when the rate limiter refused the call. */
  fail(error: InjectedError, fault?: Fault): Answer;
}

/** What a call may depend on besides the request: the knobs that shape answers. */
export interface CallContext {
  readonly pageCap: number | undefined;
}

/** A cloud served by the emulator: recognises its requests and identifies the call. */
export interface EmulatedCloud {
  readonly id: string;
  accepts(request: EmulatorRequest): boolean;
  identify(request: EmulatorRequest, context: CallContext): ServiceCall;
}

/** An entry of the call log. Never holds credentials or the Authorization header. */
export interface ServedCall {
  readonly service: string;
  readonly action: string;
  readonly account: string | undefined;
  readonly region: string;
  readonly status: number;
  readonly errorCode?: string;
  readonly params: Readonly<Record<string, string>>;
}

export type FaultKind = InjectedError | 'timeout';

export interface Fault {
  readonly service?: string;
  readonly action?: string;
  readonly region?: string;
  readonly account?: string;
  /** Request parameters that must all be equal, e.g. `{ SnapshotId: 'snap-0abc' }`. */
  readonly params?: Readonly<Record<string, string>>;
  readonly kind: FaultKind;
  /** Only the first N matching calls fail; every matching call when absent. */
  readonly times?: number;
  /** For `timeout`: how long to hang before answering a server error. Default 10 000 ms. */
  readonly delayMs?: number;
  /**
   * For `throttle` on Azure: the `Retry-After` header to send, in seconds; none when absent (the
   * Azure SDK retries a 429 only when it carries one). AWS throttling answers carry no such header.
   */
  readonly retryAfterSeconds?: number;
}

export interface RateLimit {
  readonly burst: number;
  readonly refillPerSecond: number;
}

/**
 * A service's rate limiting: per action (EC2), one bucket for the whole service (RDS), or one for
 * every call an account makes to the cloud, whatever the service and region (ARM's per-subscription
 * read bucket, Compute Engine's per-project read quota).
 */
export interface RateLimitPolicy {
  readonly scope: 'action' | 'service' | 'account';
  /** The limit when the knob is `true`. */
  readonly defaults: RateLimit;
  /**
   * Actions metered on a bucket of their own (per account and region), with their limit when the
   * knob is `true` (CloudTrail's LookupEvents: 2 per second, apart from its other reads).
   */
  readonly actions?: Readonly<Record<string, RateLimit>>;
}

/** The knobs, all changeable while the emulator runs. */
export interface Knobs {
  /** Added to every call. */
  readonly latencyMs: number;
  /**
   * Token buckets per account/region and action (or whole service, for RDS; or per subscription,
   * for ARM; or per project, for Compute Engine); `true` means each service's defaults (EC2 100
   * burst, 20/s per action; RDS 300 burst, 12/s for the service; ARM reads 250 burst, 25/s per
   * subscription; Compute reads 1500 burst, 25/s per project; Resource Manager project search 240
   * burst, 4/s; CloudTrail LookupEvents 2 burst, 2/s per account and region; Logging entries.list
   * 60 burst, 1/s per project).
   */
  readonly rateLimit: false | true | RateLimit;
  readonly faults: readonly Fault[];
  /** No page holds more items than this, whatever MaxResults asks for. */
  readonly pageCap: number | undefined;
}
