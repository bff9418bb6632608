// Unit tests of the sliding-window rate limiter and its Retry-After arithmetic.

import { SlidingWindowRateLimiter, checkRequestsPerMinute } from './rate-limiter';

describe('SlidingWindowRateLimiter', () => {
  it('allows `limit` requests in a minute, then says when a slot frees', () => {
    const limiter = new SlidingWindowRateLimiter(3);
    expect(limiter.tryAcquire('t', 0)).toEqual({ allowed: true });
    expect(limiter.tryAcquire('t', 10_000)).toEqual({ allowed: true });
    expect(limiter.tryAcquire('t', 20_000)).toEqual({ allowed: true });
    expect(limiter.tryAcquire('t', 30_000)).toEqual({ allowed: false, retryAfterSeconds: 30 });
    // Refused requests do not count, so the answer does not move.
    expect(limiter.tryAcquire('t', 30_000)).toEqual({ allowed: false, retryAfterSeconds: 30 });
    // A request counts while its time is > now - 60 s: at exactly 60 s the first one has left.
    expect(limiter.tryAcquire('t', 59_999)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.tryAcquire('t', 60_000)).toEqual({ allowed: true });
    expect(limiter.tryAcquire('t', 60_000)).toEqual({ allowed: false, retryAfterSeconds: 10 });
  });

  it('rounds Retry-After up to whole seconds', () => {
    const limiter = new SlidingWindowRateLimiter(1);
    limiter.tryAcquire('t', 1_000);
    expect(limiter.tryAcquire('t', 1_500)).toEqual({ allowed: false, retryAfterSeconds: 60 });
    expect(limiter.tryAcquire('t', 60_001)).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('keeps one window per token', () => {
    const limiter = new SlidingWindowRateLimiter(1);
    expect(limiter.tryAcquire('a', 0).allowed).toBe(true);
    expect(limiter.tryAcquire('a', 0).allowed).toBe(false);
    expect(limiter.tryAcquire('b', 0).allowed).toBe(true);
  });

  it.each([0, Infinity])('treats %p as unlimited', (n) => {
    const limiter = new SlidingWindowRateLimiter(n);
    for (let i = 0; i < 1000; i++) expect(limiter.tryAcquire('t', 0).allowed).toBe(true);
  });

  it('applies a lowered limit to the last minute of traffic', () => {
    const limiter = new SlidingWindowRateLimiter(0);
    for (let i = 0; i < 5; i++) limiter.tryAcquire('t', i * 1000);
    limiter.setLimit(2);
    // Five in the window, two allowed: the fourth oldest (at 3 s) must leave, at 63 s.
    expect(limiter.tryAcquire('t', 5_000)).toEqual({ allowed: false, retryAfterSeconds: 58 });
    expect(limiter.tryAcquire('t', 63_000)).toEqual({ allowed: true });
  });

  it('deletes the windows of tokens idle for a minute, and keeps live ones', () => {
    const limiter = new SlidingWindowRateLimiter(0);
    for (let i = 0; i < 1000; i++) limiter.tryAcquire(`token-${i}`, 0);
    limiter.tryAcquire('a', 10_000);
    limiter.tryAcquire('b', 20_000);
    limiter.tryAcquire('a', 30_000);
    expect(limiter.trackedTokens).toBe(1002);
    // At 70 s requests at or before 10 s have left the window: the thousand idle tokens go.
    limiter.tryAcquire('c', 70_000);
    expect(limiter.trackedTokens).toBe(3);
    // At 80 s b's last request (20 s) has left the window; a's (30 s) has not. (a was used after
    // b, so b is swept first even though a appeared first.)
    limiter.tryAcquire('c', 80_000);
    expect(limiter.trackedTokens).toBe(2);
    limiter.tryAcquire('c', 200_000);
    expect(limiter.trackedTokens).toBe(1);
  });

  it('deletes idle windows with a limit too, and still refuses while a window is full', () => {
    const limiter = new SlidingWindowRateLimiter(1);
    expect(limiter.tryAcquire('a', 0).allowed).toBe(true);
    expect(limiter.tryAcquire('a', 1_000)).toEqual({ allowed: false, retryAfterSeconds: 59 });
    expect(limiter.trackedTokens).toBe(1);
    expect(limiter.tryAcquire('b', 60_000).allowed).toBe(true);
    expect(limiter.trackedTokens).toBe(1);
    expect(limiter.tryAcquire('a', 60_000).allowed).toBe(true);
  });

  it('forgets every window on reset', () => {
    const limiter = new SlidingWindowRateLimiter(1);
    limiter.tryAcquire('t', 0);
    limiter.reset();
    expect(limiter.tryAcquire('t', 0).allowed).toBe(true);
  });

  it.each([-1, 1.5, NaN, -Infinity])('refuses the limit %p', (n) => {
    expect(() => checkRequestsPerMinute(n)).toThrow(RangeError);
    expect(() => new SlidingWindowRateLimiter(n)).toThrow(/non-negative integer/);
  });
});
