// The pure retry decisions: which failures are retried, which creates are verified first, and the
// backoff schedule. No I/O, no clock.

import {
  backoffDelay,
  classifyNetworkError,
  DEFAULT_RETRY_POLICY,
  parseRetryAfter,
  shouldRetry,
  type AttemptOutcome,
  type HttpMethod,
} from './index';

const status = (s: number, retryAfterSeconds?: number): AttemptOutcome => ({ kind: 'response', status: s, retryAfterSeconds });
const reset: AttemptOutcome = { kind: 'network', requestSent: true, transient: true };
const refused: AttemptOutcome = { kind: 'network', requestSent: false, transient: true };
const tlsFailure: AttemptOutcome = { kind: 'network', requestSent: false, transient: false };
const timeout: AttemptOutcome = { kind: 'timeout' };

describe('DEFAULT_RETRY_POLICY', () => {
  it('is plain, frozen data with the documented defaults', () => {
    expect(DEFAULT_RETRY_POLICY.maxRetries).toBe(5);
    expect(DEFAULT_RETRY_POLICY.retryStatuses).toEqual([429, 500, 502, 503, 504]);
    expect(DEFAULT_RETRY_POLICY.notProcessedStatuses).toEqual([429]);
    expect(Object.isFrozen(DEFAULT_RETRY_POLICY)).toBe(true);
  });
});

describe('shouldRetry', () => {
  const idempotent: HttpMethod[] = ['GET', 'PUT', 'DELETE'];

  it.each(idempotent)('%s: retries 429, 5xx, resets, refused connections and timeouts', (method) => {
    for (const outcome of [status(429), status(500), status(502), status(503), status(504), reset, refused, timeout]) {
      expect(shouldRetry(method, outcome, 1)).toBe('retry');
    }
  });

  it.each<HttpMethod>(['GET', 'PUT', 'DELETE', 'POST'])('%s: never retries other 4xx, 501 or a TLS failure', (method) => {
    for (const s of [400, 401, 403, 404, 405, 409, 413, 422, 501]) expect(shouldRetry(method, status(s), 1)).toBe('fail');
    expect(shouldRetry(method, tlsFailure, 1)).toBe('fail');
  });

  it('POST: resends at once what was certainly not processed (429, connection refused)', () => {
    expect(shouldRetry('POST', status(429), 1)).toBe('retry');
    expect(shouldRetry('POST', refused, 1)).toBe('retry');
  });

  it('POST: verifies before resending whatever may have been committed', () => {
    for (const outcome of [status(500), status(502), status(503), status(504), reset, timeout]) {
      expect(shouldRetry('POST', outcome, 1)).toBe('verify-then-retry');
    }
  });

  it('stops after maxRetries retries; a POST that may have been committed is still verified', () => {
    const max = DEFAULT_RETRY_POLICY.maxRetries;
    expect(shouldRetry('GET', status(503), max)).toBe('retry');
    expect(shouldRetry('GET', status(503), max + 1)).toBe('fail');
    expect(shouldRetry('POST', status(429), max + 1)).toBe('fail');
    expect(shouldRetry('POST', status(503), max + 1)).toBe('verify-then-fail');
    expect(shouldRetry('GET', timeout, 1, { ...DEFAULT_RETRY_POLICY, maxRetries: 0 })).toBe('fail');
  });

  it('does not wait for a Retry-After beyond maxRetryAfterMs', () => {
    const tooLong = DEFAULT_RETRY_POLICY.maxRetryAfterMs / 1000 + 1;
    expect(shouldRetry('GET', status(429, tooLong), 1)).toBe('fail');
    expect(shouldRetry('GET', status(429, 30), 1)).toBe('retry');
    // A 503 that may have committed is still verified, even when its Retry-After is too long.
    expect(shouldRetry('POST', status(503, tooLong), 1)).toBe('verify-then-fail');
  });
});

describe('backoffDelay', () => {
  const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 1000, maxDelayMs: 8000 };

  it('grows exponentially, with half of each step fixed and half random', () => {
    expect(backoffDelay(1, undefined, 0, policy)).toBe(500);
    expect(backoffDelay(1, undefined, 0.999999, policy)).toBe(1000);
    expect(backoffDelay(2, undefined, 0, policy)).toBe(1000);
    expect(backoffDelay(3, undefined, 0.5, policy)).toBe(3000);
  });

  it('is capped at maxDelayMs', () => {
    expect(backoffDelay(10, undefined, 0.999999, policy)).toBe(8000);
    expect(backoffDelay(1000, undefined, 0, policy)).toBe(4000);
  });

  it('waits Retry-After seconds plus a little jitter', () => {
    expect(backoffDelay(1, 7, 0, policy)).toBe(7000);
    expect(backoffDelay(4, 7, 1, policy)).toBe(7000 + policy.retryAfterJitterMs);
    expect(backoffDelay(1, 0, 0, policy)).toBe(0);
  });

  it('never exceeds maxRetryAfterMs for a Retry-After', () => {
    expect(backoffDelay(1, 1e9, 0, policy)).toBe(policy.maxRetryAfterMs);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  it('reads delay-seconds and HTTP dates', () => {
    expect(parseRetryAfter('17', now)).toBe(17);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:00:00 GMT', now)).toBe(0);
  });
  it('ignores what it cannot read', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
  });
});

describe('classifyNetworkError', () => {
  it('knows which failures happen before anything is sent', () => {
    expect(classifyNetworkError('ECONNREFUSED')).toEqual({ requestSent: false, transient: true });
    expect(classifyNetworkError('ENOTFOUND')).toEqual({ requestSent: false, transient: true });
  });
  it('assumes a reset or an unknown failure may have reached the server', () => {
    expect(classifyNetworkError('ECONNRESET')).toEqual({ requestSent: true, transient: true });
    expect(classifyNetworkError(undefined)).toEqual({ requestSent: true, transient: true });
  });
  it('does not retry certificate problems', () => {
    expect(classifyNetworkError('CERT_HAS_EXPIRED')).toEqual({ requestSent: false, transient: false });
  });
});
