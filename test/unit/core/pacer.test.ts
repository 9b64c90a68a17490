// The pacer with an injected clock: `sleep` advances fake time without waiting, so every
// assertion is about when (in fake milliseconds) a token was handed out, never about wall time.
import { describe, expect, it } from 'vitest';
import { Pacer, type Rate } from '../../../src/pacer.js';

const START = 1_700_000_000_000;

interface FakeClock {
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  /** Every sleep asked for, in order. */
  readonly sleeps: number[];
  advance(ms: number): void;
  /** Milliseconds since the clock started. */
  elapsed(): number;
}

function fakeClock(): FakeClock {
  let t = START;
  const sleeps: number[] = [];
  return {
    now: () => t,
    // Time moves on a later macrotask, so callers already served observe the time they were served at.
    sleep: (ms) =>
      new Promise((resolve) => {
        sleeps.push(ms);
        setImmediate(() => {
          t += ms;
          resolve();
        });
      }),
    sleeps,
    advance(ms) {
      t += ms;
    },
    elapsed: () => t - START,
  };
}

function pacerWith(clock: FakeClock, concurrency = 4): Pacer {
  return new Pacer({ concurrency, now: clock.now, sleep: clock.sleep });
}

/** Takes `n` tokens one after another and returns the fake time each was granted at. */
async function grantTimes(pacer: Pacer, clock: FakeClock, key: string, rate: Rate, n: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    await pacer.acquire(key, rate, 'DescribeSnapshots');
    times.push(clock.elapsed());
  }
  return times;
}

/** Lets p-limit start what it has queued (it schedules through microtasks). */
const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('Pacer.acquire', () => {
  it('serves the burst at once, then one call per 1/perSecond', async () => {
    const clock = fakeClock();
    const times = await grantTimes(pacerWith(clock), clock, 'acct/us-east-1/ec2', { burst: 3, perSecond: 10 }, 6);
    expect(times).toEqual([0, 0, 0, 100, 200, 300]);
  });

  it('spacing follows perSecond (4/s → 250 ms)', async () => {
    const clock = fakeClock();
    const times = await grantTimes(pacerWith(clock), clock, 'k', { burst: 1, perSecond: 4 }, 4);
    expect(times).toEqual([0, 250, 500, 750]);
  });

  it('refills while idle, but never beyond the burst', async () => {
    const clock = fakeClock();
    const pacer = pacerWith(clock);
    const rate: Rate = { burst: 2, perSecond: 10 };
    await grantTimes(pacer, clock, 'k', rate, 2);
    clock.advance(60_000);
    const base = clock.elapsed();
    const times = await grantTimes(pacer, clock, 'k', rate, 3);
    expect(times.map((t) => t - base)).toEqual([0, 0, 100]);
  });

  it('serves concurrent callers in arrival order', async () => {
    const clock = fakeClock();
    const pacer = pacerWith(clock);
    const order: number[] = [];
    const at: number[] = [];
    await Promise.all(
      [0, 1, 2, 3, 4, 5].map((i) =>
        pacer.acquire('k', { burst: 2, perSecond: 5 }, 'DescribeVolumes').then(() => {
          order.push(i);
          at.push(clock.elapsed());
        }),
      ),
    );
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    expect(at).toEqual([0, 0, 200, 400, 600, 800]);
  });

  it('keys have separate buckets', async () => {
    const clock = fakeClock();
    const pacer = pacerWith(clock);
    const rate: Rate = { burst: 1, perSecond: 1 };
    await pacer.acquire('acct/us-east-1/ec2', rate, 'DescribeSnapshots');
    await pacer.acquire('acct/eu-west-1/ec2', rate, 'DescribeSnapshots');
    expect(clock.elapsed()).toBe(0);
    await pacer.acquire('acct/us-east-1/ec2', rate, 'DescribeSnapshots');
    expect(clock.elapsed()).toBe(1000);
  });

  it('a bucket keeps the rate it was made with', async () => {
    const clock = fakeClock();
    const pacer = pacerWith(clock);
    await pacer.acquire('k', { burst: 1, perSecond: 10 }, 'a');
    await pacer.acquire('k', { burst: 100, perSecond: 1000 }, 'a');
    expect(clock.sleeps).toEqual([100]);
  });
});

describe('Pacer.throttled', () => {
  const rate: Rate = { burst: 1, perSecond: 10 };

  it('empties the bucket and halves the rate right after a throttle', async () => {
    const clock = fakeClock();
    const pacer = pacerWith(clock);
    await pacer.acquire('k', { burst: 5, perSecond: 10 }, 'a');
    pacer.throttled('k', 'a');
    await pacer.acquire('k', rate, 'a');
    // Without the throttle the next token was free (burst 5); now it waits 1 / (10 × 0.5) s.
    expect(clock.sleeps).toEqual([200]);
  });

  it('is halfway recovered after 5 s (rate × 0.75)', async () => {
    const clock = fakeClock();
    const pacer = pacerWith(clock);
    await pacer.acquire('k', rate, 'a');
    pacer.throttled('k', 'a');
    clock.advance(5_000);
    await pacer.acquire('k', rate, 'a');
    await pacer.acquire('k', rate, 'a');
    expect(clock.sleeps).toEqual([Math.ceil(1000 / 7.5)]);
  });

  it('is fully recovered after 10 s', async () => {
    const clock = fakeClock();
    const pacer = pacerWith(clock);
    await pacer.acquire('k', rate, 'a');
    pacer.throttled('k', 'a');
    clock.advance(10_000);
    await pacer.acquire('k', rate, 'a');
    await pacer.acquire('k', rate, 'a');
    expect(clock.sleeps).toEqual([100]);
  });

  it('spacing shrinks monotonically back towards 1/perSecond during recovery', async () => {
    const clock = fakeClock();
    const pacer = pacerWith(clock);
    await pacer.acquire('k', rate, 'a');
    pacer.throttled('k', 'a');
    const times = await grantTimes(pacer, clock, 'k', rate, 80);
    const gaps = times.map((t, i) => t - (i === 0 ? 0 : (times[i - 1] ?? 0)));
    expect(gaps[0]).toBe(200);
    for (let i = 1; i < gaps.length; i++) expect(gaps[i]).toBeLessThanOrEqual(gaps[i - 1] ?? Infinity);
    expect(gaps.at(-1)).toBe(100);
  });

  it('only slows the throttled key', async () => {
    const clock = fakeClock();
    const pacer = pacerWith(clock);
    await pacer.acquire('a', { burst: 2, perSecond: 10 }, 'x');
    await pacer.acquire('b', { burst: 2, perSecond: 10 }, 'x');
    pacer.throttled('a', 'x');
    await pacer.acquire('b', { burst: 2, perSecond: 10 }, 'x');
    expect(clock.sleeps).toEqual([]);
  });
});

describe('Pacer.run', () => {
  interface Gate {
    readonly key: string;
    readonly open: () => void;
  }

  function harness(pacer: Pacer) {
    const inFlight = new Map<string, number>();
    const peak = new Map<string, number>();
    const gates: Gate[] = [];
    const start = (key: string, value: number): Promise<number> =>
      pacer.run(key, () => {
        const n = (inFlight.get(key) ?? 0) + 1;
        inFlight.set(key, n);
        peak.set(key, Math.max(peak.get(key) ?? 0, n));
        return new Promise<number>((resolve) => {
          gates.push({
            key,
            open: () => {
              inFlight.set(key, (inFlight.get(key) ?? 1) - 1);
              resolve(value);
            },
          });
        });
      });
    const openNext = (key: string): void => {
      const index = gates.findIndex((g) => g.key === key);
      const [gate] = gates.splice(index, 1);
      if (index < 0 || !gate) throw new Error(`no task of ${key} is waiting`);
      gate.open();
    };
    return { inFlight, peak, gates, start, openNext };
  }

  it('never has more than `concurrency` tasks in flight for a key, and runs them all', async () => {
    const h = harness(new Pacer({ concurrency: 2 }));
    const results = [1, 2, 3, 4, 5].map((v) => h.start('acct/us-east-1', v));
    await flush();
    expect(h.inFlight.get('acct/us-east-1')).toBe(2);
    for (let i = 0; i < 5; i++) {
      h.openNext('acct/us-east-1');
      await flush();
      expect(h.inFlight.get('acct/us-east-1')).toBeLessThanOrEqual(2);
    }
    expect(await Promise.all(results)).toEqual([1, 2, 3, 4, 5]);
    expect(h.peak.get('acct/us-east-1')).toBe(2);
  });

  it('a saturated key does not hold back another key', async () => {
    const h = harness(new Pacer({ concurrency: 1 }));
    const a = [h.start('a', 1), h.start('a', 2)];
    const b = h.start('b', 3);
    await flush();
    expect(h.inFlight.get('a')).toBe(1);
    expect(h.inFlight.get('b')).toBe(1);
    h.openNext('b');
    expect(await b).toBe(3);
    h.openNext('a');
    await flush();
    h.openNext('a');
    expect(await Promise.all(a)).toEqual([1, 2]);
    expect(h.peak.get('a')).toBe(1);
  });

  it('passes a rejection through and frees the slot', async () => {
    const pacer = new Pacer({ concurrency: 1 });
    await expect(pacer.run('k', () => Promise.reject(new Error('AccessDenied')))).rejects.toThrow('AccessDenied');
    await expect(pacer.run('k', () => Promise.resolve('next'))).resolves.toBe('next');
  });
});

describe('Pacer.stats', () => {
  it('starts empty', () => {
    expect(new Pacer({ concurrency: 1 }).stats()).toEqual({ calls: {}, throttled: {} });
  });

  it('counts calls and throttles per action, across keys', async () => {
    const clock = fakeClock();
    const pacer = pacerWith(clock);
    const rate: Rate = { burst: 10, perSecond: 10 };
    await pacer.acquire('us-east-1', rate, 'DescribeSnapshots');
    await pacer.acquire('us-east-1', rate, 'DescribeSnapshots');
    await pacer.acquire('eu-west-1', rate, 'DescribeSnapshots');
    await pacer.acquire('us-east-1', rate, 'DescribeImages');
    pacer.throttled('us-east-1', 'DescribeSnapshots');
    pacer.throttled('eu-west-1', 'DescribeSnapshots');
    pacer.throttled('never-used', 'DescribeSnapshotAttribute');
    expect(pacer.stats()).toEqual({
      calls: { DescribeSnapshots: 3, DescribeImages: 1 },
      throttled: { DescribeSnapshots: 2, DescribeSnapshotAttribute: 1 },
    });
  });
});

describe('new Pacer', () => {
  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects concurrency %s with a RangeError', (concurrency) => {
    expect(() => new Pacer({ concurrency })).toThrow(RangeError);
    expect(() => new Pacer({ concurrency })).toThrow(/concurrency must be a positive integer/);
  });

  it('accepts 1', () => {
    expect(() => new Pacer({ concurrency: 1 })).not.toThrow();
  });
});
