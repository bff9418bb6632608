// The per-token rate limit: a sliding window over the last 60 s, with the Retry-After that a
// refused request should wait. Pure: the caller passes the time.

export const WINDOW_MS = 60_000;

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Checks a requests-per-minute value: a non-negative integer, or Infinity; 0 means unlimited. */
export function checkRequestsPerMinute(n: number): void {
  if (!(n === Infinity || (Number.isInteger(n) && n >= 0))) {
    throw new RangeError(`requestsPerMinute must be a non-negative integer or Infinity (0 = unlimited), got ${n}`);
  }
}

export class SlidingWindowRateLimiter {
  /** Times (ms) of the requests each token was allowed, oldest first. */
  private readonly windows = new Map<string, number[]>();
  private currentLimit: number;

  constructor(requestsPerMinute: number) {
    checkRequestsPerMinute(requestsPerMinute);
    this.currentLimit = requestsPerMinute;
  }

  /** Requests per minute per token; 0 or Infinity means unlimited. */
  get limit(): number {
    return this.currentLimit;
  }

  setLimit(requestsPerMinute: number): void {
    checkRequestsPerMinute(requestsPerMinute);
    this.currentLimit = requestsPerMinute;
  }

  /**
   * Allows a request and counts it, or refuses it without counting it. A request counts while
   * its time is > now - 60 s. Allowed requests are counted even when unlimited, so lowering the
   * limit later applies to the last minute's real traffic.
   */
  tryAcquire(token: string, nowMs: number): RateDecision {
    const times = this.prune(token, nowMs);
    const unlimited = this.currentLimit === 0 || this.currentLimit === Infinity;
    if (unlimited || times.length < this.currentLimit) {
      times.push(nowMs);
      return { allowed: true };
    }
    // A slot frees when enough of the oldest requests have left the window for the count to drop
    // below the limit: that is when times[length - limit] leaves it.
    const freesAt = times[times.length - this.currentLimit] + WINDOW_MS;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((freesAt - nowMs) / 1000)) };
  }

  reset(): void {
    this.windows.clear();
  }

  private prune(token: string, nowMs: number): number[] {
    let times = this.windows.get(token);
    if (times === undefined) {
      times = [];
      this.windows.set(token, times);
    }
    const cutoff = nowMs - WINDOW_MS;
    let expired = 0;
    while (expired < times.length && times[expired] <= cutoff) expired++;
    if (expired > 0) times.splice(0, expired);
    return times;
  }
}
