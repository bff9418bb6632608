// The sliding-window limiter on a manual clock: bursts up to the limit, waits for the window,
// counts in-flight requests, serves FIFO, honours aborts and pauses, and never lets a server that
// counts arrivals over the window see more than the limit.

import type { Clock } from './clock';
import { LimiterWaitAborted, SlidingWindowLimiter, type Permit } from './limiter';

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A clock that moves only when told to, firing due sleeps in order. */
class ManualClock implements Clock {
  private t = 0;
  private timers: { at: number; fire: () => void }[] = [];

  now(): number {
    return this.t;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = {
        at: this.t + Math.max(0, ms),
        fire: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        this.timers = this.timers.filter((x) => x !== timer);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.timers.push(timer);
    });
  }

  async advance(ms: number): Promise<void> {
    const target = this.t + ms;
    for (;;) {
      await flush();
      const due = this.timers.filter((x) => x.at <= target).sort((a, b) => a.at - b.at)[0];
      if (due === undefined) break;
      this.timers = this.timers.filter((x) => x !== due);
      this.t = Math.max(this.t, due.at);
      due.fire();
    }
    this.t = target;
    await flush();
  }
}

/** Tracks whether a promise has settled, without awaiting it. */
function track<T>(promise: Promise<T>): { settled: () => boolean; value: () => T | undefined; error: () => unknown } {
  let settled = false;
  let value: T | undefined;
  let error: unknown;
  promise.then(
    (v) => {
      settled = true;
      value = v;
    },
    (e) => {
      settled = true;
      error = e;
    },
  );
  return { settled: () => settled, value: () => value, error: () => error };
}

describe('SlidingWindowLimiter', () => {
  it('allows a burst up to the limit, then waits until the oldest request left the window', async () => {
    const clock = new ManualClock();
    const limiter = new SlidingWindowLimiter({ limit: 3, windowMs: 1000, clock });
    const permits = await Promise.all([limiter.acquire(), limiter.acquire(), limiter.acquire()]);
    await clock.advance(10);
    permits.forEach((p) => p.release()); // finished at t=10

    const fourth = track(limiter.acquire());
    await clock.advance(999); // t=1009: the first three still count
    expect(fourth.settled()).toBe(false);
    expect(limiter.delayBeforeNextSend()).toBe(1);
    await clock.advance(1); // t=1010
    expect(fourth.settled()).toBe(true);
  });

  it('counts a request in flight however long it takes', async () => {
    const clock = new ManualClock();
    const limiter = new SlidingWindowLimiter({ limit: 2, windowMs: 1000, clock });
    const a = await limiter.acquire();
    await limiter.acquire();
    const third = track(limiter.acquire());
    await clock.advance(10_000);
    expect(third.settled()).toBe(false);
    expect(limiter.delayBeforeNextSend()).toBe(Infinity);
    a.release(); // finished at t=10000: counts until t=11000
    await clock.advance(999);
    expect(third.settled()).toBe(false);
    await clock.advance(1);
    expect(third.settled()).toBe(true);
  });

  it('serves waiters first come, first served', async () => {
    const clock = new ManualClock();
    const limiter = new SlidingWindowLimiter({ limit: 1, windowMs: 100, clock });
    const order: number[] = [];
    (await limiter.acquire()).release();
    const waiting = [1, 2, 3].map((n) =>
      limiter.acquire().then((p) => {
        order.push(n);
        p.release();
      }),
    );
    await clock.advance(1000);
    await Promise.all(waiting);
    expect(order).toEqual([1, 2, 3]);
  });

  it('rejects a waiter whose signal aborts, promptly, and gives its turn to the next', async () => {
    const clock = new ManualClock();
    const limiter = new SlidingWindowLimiter({ limit: 1, windowMs: 1000, clock });
    (await limiter.acquire()).release();
    const controller = new AbortController();
    const first = track(limiter.acquire(controller.signal));
    const second = track(limiter.acquire());
    await clock.advance(500);
    controller.abort();
    await flush();
    expect(first.error()).toBeInstanceOf(LimiterWaitAborted);
    expect(second.settled()).toBe(false);
    await clock.advance(500);
    expect(second.settled()).toBe(true);
    await expect(limiter.acquire(AbortSignal.abort())).rejects.toBeInstanceOf(LimiterWaitAborted);
  });

  it('holds every send during a pause (after a 429)', async () => {
    const clock = new ManualClock();
    const limiter = new SlidingWindowLimiter({ limit: 100, windowMs: 1000, clock });
    limiter.pauseUntil(5000);
    const waiting = track(limiter.acquire());
    await clock.advance(4999);
    expect(waiting.settled()).toBe(false);
    await clock.advance(1);
    expect(waiting.settled()).toBe(true);
  });

  it('keeps any window of a server counting arrivals at or under the limit, whatever the latency', async () => {
    // Requests arrive at the server at a random point between send and finish, with latencies
    // from 1 ms to 20 s: a log of send times alone would let the server see more than the limit.
    const clock = new ManualClock();
    const limit = 10;
    const windowMs = 60_000;
    const limiter = new SlidingWindowLimiter({ limit, windowMs, clock });
    let seed = 42;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const arrivals: number[] = [];
    let done = 0;
    const calls = 60;
    const one = async (): Promise<void> => {
      const permit: Permit = await limiter.acquire();
      const sentAt = clock.now();
      const latency = random() < 0.3 ? 1 + random() * 20_000 : 1 + random() * 50;
      arrivals.push(sentAt + random() * latency);
      await clock.sleep(latency);
      permit.release();
      done++;
    };
    const all = Array.from({ length: calls }, () => one());
    while (done < calls) await clock.advance(250);
    await Promise.all(all);

    arrivals.sort((a, b) => a - b);
    for (const t of arrivals) {
      const inWindow = arrivals.filter((a) => a > t - windowMs && a <= t).length;
      expect(inWindow).toBeLessThanOrEqual(limit);
    }
    // And it is not needlessly slow: 60 calls at 10 per minute take about 5-6 windows.
    expect(clock.now()).toBeLessThan(7 * windowMs);
  });
});
