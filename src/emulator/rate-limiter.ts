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
  /**
   * Times (ms) of the requests each token was allowed, oldest first. A token moves to the end of
   * the map on each allowed request, so the map is ordered by last use and idle tokens are at the
   * front, where `sweep` removes them once their window is empty.
   */
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

  /** How many tokens have a window (one with a request in the last 60 s, at the last sweep). */
  get trackedTokens(): number {
    return this.windows.size;
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
    this.sweep(nowMs);
    const times = this.prune(token, nowMs);
    const unlimited = this.currentLimit === 0 || this.currentLimit === Infinity;
    if (unlimited || times.length < this.currentLimit) {
      times.push(nowMs);
      // Re-inserted to move it to the end: the map stays ordered by last allowed request.
      this.windows.delete(token);
      this.windows.set(token, times);
      return { allowed: true };
    }
    // Refused, so times.length >= limit >= 1: the window is not empty and stays in the map.
    // A slot frees when enough of the oldest requests have left the window for the count to drop
    // below the limit: that is when times[length - limit] leaves it.
    const freesAt = times[times.length - this.currentLimit] + WINDOW_MS;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((freesAt - nowMs) / 1000)) };
  }

  reset(): void {
    this.windows.clear();
  }

  /** This token's window without its expired requests (a new, unstored array for a new token). */
  private prune(token: string, nowMs: number): number[] {
    const times = this.windows.get(token) ?? [];
    const cutoff = nowMs - WINDOW_MS;
    let expired = 0;
    while (expired < times.length && times[expired] <= cutoff) expired++;
    if (expired > 0) times.splice(0, expired);
    return times;
  }

  /**
   * Deletes the windows whose newest request has expired, from the least recently used on, and
   * stops at the first live one: amortised O(1) per request. (Should the injected clock go back,
   * the order is only approximate and some idle windows wait for a later sweep; none is deleted
   * while it still holds a live request.)
   */
  private sweep(nowMs: number): void {
    const cutoff = nowMs - WINDOW_MS;
    for (const [token, times] of this.windows) {
      if (times.length > 0 && times[times.length - 1] > cutoff) return;
      this.windows.delete(token);
    }
  }
}
