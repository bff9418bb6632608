// Client-side pacing: a sliding-window log shared by every call of one client, so that no window
// of `windowMs` ever sees more than `limit` requests arrive at the server.
//
// Why it is safe against a server that counts arrivals in the last 60 s: a request is logged from
// the moment it is sent and, once finished, at the time it finished — never earlier than the
// server saw it. In-flight requests always count. So if a new send is allowed because the oldest
// logged request finished ≥ windowMs ago, that request also *arrived* ≥ windowMs ago, whatever
// the network latency or its jitter. The extra margin only absorbs clock-rate differences.

import type { Clock } from './clock';

export interface SlidingWindowLimiterOptions {
  /** Sends allowed in any window. */
  limit: number;
  /** Window length in ms (the server's 60 s plus a safety margin). */
  windowMs: number;
  clock: Clock;
}

/** A granted send; call `release()` once the request has finished (answered or failed). */
export interface Permit {
  release(): void;
}

/** Raised by `acquire` when the caller's signal aborts while it waits. */
export class LimiterWaitAborted extends Error {
  override readonly name = 'LimiterWaitAborted';
}

interface Slot {
  /** When the request finished; undefined while it is in flight. */
  finishedAt?: number;
}

interface Waiter {
  grant(permit: Permit): void;
  detach(): void;
}

export class SlidingWindowLimiter {
  private readonly slots: Slot[] = [];
  /** Callers waiting for a slot, served first come, first served. */
  private readonly waiters: Waiter[] = [];
  private pausedUntil = 0;
  private pumping = false;
  /** Aborted to wake the pump early: a slot was released, a waiter left, a pause changed. */
  private wake?: AbortController;

  constructor(private readonly options: SlidingWindowLimiterOptions) {
    if (!(Number.isInteger(options.limit) && options.limit >= 1)) throw new RangeError(`limit must be a positive integer, got ${options.limit}`);
    if (!(options.windowMs > 0)) throw new RangeError(`windowMs must be > 0, got ${options.windowMs}`);
  }

  /** Waits (FIFO) until a send is allowed. Rejects with LimiterWaitAborted when `signal` aborts. */
  acquire(signal?: AbortSignal): Promise<Permit> {
    if (signal?.aborted) return Promise.reject(new LimiterWaitAborted('aborted before a send slot was free'));
    return new Promise<Permit>((resolve, reject) => {
      const onAbort = (): void => {
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) this.waiters.splice(index, 1);
        reject(new LimiterWaitAborted('aborted while waiting for a send slot'));
        this.poke();
      };
      const waiter: Waiter = {
        grant: resolve,
        detach: () => signal?.removeEventListener('abort', onAbort),
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
      void this.pump();
    });
  }

  /** Holds every send until `untilMs` (e.g. after the server answered 429 with Retry-After). */
  pauseUntil(untilMs: number): void {
    if (untilMs > this.pausedUntil) {
      this.pausedUntil = untilMs;
      this.poke();
    }
  }

  /** How long a send would have to wait now (0 = at once); Infinity while every slot is in flight. */
  delayBeforeNextSend(): number {
    const now = this.options.clock.now();
    this.prune(now);
    if (this.pausedUntil > now) return this.pausedUntil - now;
    if (this.slots.length < this.options.limit) return 0;
    let oldestFinish = Infinity;
    for (const slot of this.slots) {
      if (slot.finishedAt !== undefined && slot.finishedAt < oldestFinish) oldestFinish = slot.finishedAt;
    }
    return oldestFinish === Infinity ? Infinity : oldestFinish + this.options.windowMs - now;
  }

  private prune(now: number): void {
    const cutoff = now - this.options.windowMs;
    for (let i = this.slots.length - 1; i >= 0; i--) {
      const finishedAt = this.slots[i].finishedAt;
      if (finishedAt !== undefined && finishedAt <= cutoff) this.slots.splice(i, 1);
    }
  }

  private poke(): void {
    this.wake?.abort();
  }

  /** One loop serves the queue; it sleeps on the clock until the next slot frees or it is poked. */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.waiters.length > 0) {
        const delay = this.delayBeforeNextSend();
        if (delay <= 0) {
          this.grantNext();
          continue;
        }
        const wake = new AbortController();
        this.wake = wake;
        await this.sleepOrWake(delay, wake.signal);
        if (this.wake === wake) this.wake = undefined;
      }
    } finally {
      this.pumping = false;
    }
  }

  private grantNext(): void {
    const waiter = this.waiters.shift();
    if (waiter === undefined) return;
    waiter.detach();
    const slot: Slot = {};
    this.slots.push(slot);
    waiter.grant({
      release: () => {
        if (slot.finishedAt !== undefined) return;
        slot.finishedAt = this.options.clock.now();
        this.poke();
      },
    });
  }

  private async sleepOrWake(delay: number, wake: AbortSignal): Promise<void> {
    if (wake.aborted) return;
    if (delay === Infinity) {
      // Every slot is in flight: only a release (or a new pause / abort) can change anything.
      await new Promise<void>((resolve) => wake.addEventListener('abort', () => resolve(), { once: true }));
      return;
    }
    try {
      await this.options.clock.sleep(delay, wake);
    } catch {
      // Woken early on purpose; the loop recomputes the delay.
    }
  }
}
