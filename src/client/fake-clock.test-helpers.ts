// A Clock for tests: time moves only when the test (or, in auto mode, the clock itself) advances
// it, so pacing, backoff and settle waits take no real time and never race real timers.

import type { Clock } from './clock';

interface Timer {
  at: number;
  seq: number;
  ms: number;
  resolve(): void;
}

export interface FakeClockOptions {
  /** Start time in ms since the epoch. @default 2026-01-01T00:00:00Z */
  start?: number;
  /**
   * Auto mode: whenever a sleep is pending and a real macrotask has passed, jump to the earliest
   * deadline and fire it. Waits then cost nothing, in deadline order; I/O in flight meanwhile
   * sees time jump, as it would see a slow network. Manual mode: only `advance` moves time.
   * @default true
   */
  auto?: boolean;
}

export class FakeClock implements Clock {
  #now: number;
  #seq = 0;
  readonly #timers: Timer[] = [];
  readonly #auto: boolean;
  #ticking = false;
  readonly #sleepWaiters: Array<() => void> = [];

  constructor(options: FakeClockOptions = {}) {
    this.#now = options.start ?? Date.parse('2026-01-01T00:00:00Z');
    this.#auto = options.auto ?? true;
  }

  now(): number {
    return this.#now;
  }

  /** How many sleeps are pending, and their lengths in ms (in deadline order). */
  get pendingSleeps(): number[] {
    return this.#sorted().map((t) => t.ms);
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const timer: Timer = {
        at: this.#now + Math.max(0, ms),
        seq: this.#seq++,
        ms,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        const i = this.#timers.indexOf(timer);
        if (i >= 0) this.#timers.splice(i, 1);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#timers.push(timer);
      for (const wake of this.#sleepWaiters.splice(0)) wake();
      if (this.#auto) this.#scheduleTick();
    });
  }

  /** Resolves once a sleep of at least `minMs` is pending (at once if one is). */
  async sleeping(minMs = 0): Promise<void> {
    while (!this.#timers.some((t) => t.ms >= minMs)) {
      await new Promise<void>((resolve) => this.#sleepWaiters.push(resolve));
    }
  }

  /** Moves time forward by `ms`, firing every sleep that ends by then, in deadline order. */
  async advance(ms: number): Promise<void> {
    const until = this.#now + ms;
    for (;;) {
      const next = this.#sorted()[0];
      if (next === undefined || next.at > until) break;
      this.#fire(next);
      await flushMicrotasks();
    }
    this.#now = Math.max(this.#now, until);
  }

  #sorted(): Timer[] {
    return [...this.#timers].sort((a, b) => a.at - b.at || a.seq - b.seq);
  }

  #fire(timer: Timer): void {
    this.#timers.splice(this.#timers.indexOf(timer), 1);
    this.#now = Math.max(this.#now, timer.at);
    timer.resolve();
  }

  #scheduleTick(): void {
    if (this.#ticking) return;
    this.#ticking = true;
    setImmediate(() => {
      this.#ticking = false;
      const next = this.#sorted()[0];
      if (next === undefined) return;
      this.#fire(next);
      if (this.#timers.length > 0) this.#scheduleTick();
    });
  }
}

async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}
