// The path of every call through the knobs: latency, injected faults, the rate limiter, then the
// cloud's own answer; each answer is logged. Cloud-independent: the clouds only identify calls and
// word their answers. One pipeline serves every listener, so that the knobs and the call log span
// the clouds.
import { FaultInjector } from './faults.js';
import { EC2_RATE_LIMIT, TokenBuckets } from './token-bucket.js';
import type { Answer, EmulatedCloud, EmulatorRequest, EmulatorResponse, Knobs, RateLimit, ServedCall, ServiceCall } from './types.js';

const DEFAULT_TIMEOUT_DELAY_MS = 10_000;

/** Resolves after `ms`, or early when the signal aborts (the emulator is closing). */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

export class CallPipeline {
  #knobs: Knobs;
  #faults: FaultInjector;
  #buckets: TokenBuckets | undefined;
  #calls: ServedCall[] = [];
  readonly #clouds: readonly EmulatedCloud[];
  readonly #closing = new AbortController();

  constructor(clouds: readonly EmulatedCloud[], knobs: Knobs) {
    this.#clouds = clouds;
    this.#knobs = knobs;
    this.#faults = new FaultInjector(knobs.faults);
    this.#buckets = bucketsFor(knobs);
  }

  get knobs(): Knobs {
    return this.#knobs;
  }

  /** New knobs; fault counters and token buckets start afresh when those knobs change. */
  configure(knobs: Knobs): void {
    if (knobs.faults !== this.#knobs.faults) this.#faults = new FaultInjector(knobs.faults);
    if (knobs.rateLimit !== this.#knobs.rateLimit) this.#buckets = bucketsFor(knobs);
    this.#knobs = knobs;
  }

  calls(): readonly ServedCall[] {
    return [...this.#calls];
  }

  resetCalls(): void {
    this.#calls = [];
  }

  /** Releases every call still waiting on latency or a timeout fault. */
  abort(): void {
    this.#closing.abort();
  }

  #takeToken(buckets: TokenBuckets, cloud: string, call: ServiceCall): boolean {
    // `true` asks for each service's own limit; an explicit limit applies to every service.
    const own = ownLimit(call);
    const limit = this.#knobs.rateLimit === true ? (own ?? call.rateLimit?.defaults ?? EC2_RATE_LIMIT) : undefined;
    return buckets.take(bucketKey(cloud, call), performance.now(), limit);
  }

  /** `cloudIds`: the clouds the listener that read the request serves; all of them when absent. */
  async handle(request: EmulatorRequest, cloudIds?: readonly string[]): Promise<EmulatorResponse> {
    const cloud = this.#clouds.find((c) => (cloudIds === undefined || cloudIds.includes(c.id)) && c.accepts(request));
    if (cloud === undefined) {
      return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'no emulated cloud serves this request\n' };
    }
    const call = cloud.identify(request, { pageCap: this.#knobs.pageCap });
    const signal = this.#closing.signal;
    await sleep(this.#knobs.latencyMs, signal);

    const log = (answer: Answer): EmulatorResponse => {
      this.#calls.push({
        service: call.service,
        action: call.action,
        account: call.account,
        region: call.region,
        status: answer.response.status,
        ...(answer.errorCode === undefined ? {} : { errorCode: answer.errorCode }),
        params: call.params,
      });
      return answer.response;
    };

    if (!call.authenticated) return log(call.serve());
    const fault = this.#faults.take(call);
    if (fault !== undefined) {
      if (fault.kind !== 'timeout') return log(call.fail(fault.kind, fault));
      // Logged when decided, so that a test sees the call even after its client gave up.
      const response = log(call.fail('server-error'));
      await sleep(fault.delayMs ?? DEFAULT_TIMEOUT_DELAY_MS, signal);
      return response;
    }
    const buckets = call.rateLimited === false ? undefined : this.#buckets;
    if (buckets !== undefined && !this.#takeToken(buckets, cloud.id, call)) return log(call.fail('throttle'));
    return log(call.serve());
  }
}

/** The limit of an action metered apart from its service, if it is one. */
function ownLimit(call: ServiceCall): RateLimit | undefined {
  const actions = call.rateLimit?.actions;
  return actions !== undefined && Object.hasOwn(actions, call.action) ? actions[call.action] : undefined;
}

function bucketKey(cloud: string, call: ServiceCall): string {
  const own = ownLimit(call) !== undefined;
  if (call.rateLimit?.scope === 'account' && !own) return `${cloud}|${call.account ?? ''}`;
  const scope = call.rateLimit?.scope === 'service' && !own ? '*' : call.action;
  return `${cloud}|${call.service}|${call.account ?? ''}|${call.region}|${scope}`;
}

function bucketsFor(knobs: Knobs): TokenBuckets | undefined {
  if (knobs.rateLimit === false) return undefined;
  return new TokenBuckets(knobs.rateLimit === true ? EC2_RATE_LIMIT : knobs.rateLimit);
}
