// Retry policy as plain data, and the pure decisions made from it: whether a failed attempt may be
// sent again (and whether a create must be checked first), and how long to wait before it.
// Nothing here waits or does I/O; client.ts wires these decisions to the clock and the limiter.

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RetryPolicy {
  /** Retries after the first attempt; 0 disables retrying. */
  maxRetries: number;
  /** First backoff step; doubles with each retry. */
  baseDelayMs: number;
  /** Cap of one backoff step (before jitter). */
  maxDelayMs: number;
  /** A `Retry-After` longer than this is not waited for: the call fails with RateLimitError. */
  maxRetryAfterMs: number;
  /** Random extra wait added to a `Retry-After`, so concurrent callers do not return in lockstep. */
  retryAfterJitterMs: number;
  /** Statuses worth another attempt (a transient server or rate-limit condition). */
  retryStatuses: readonly number[];
  /** Of those, the ones that mean the request was not processed, so even a POST may be resent. */
  notProcessedStatuses: readonly number[];
  /** Methods that may be repeated without changing the outcome. */
  idempotentMethods: readonly HttpMethod[];
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maxRetries: 5,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 5 * 60_000,
  retryAfterJitterMs: 250,
  retryStatuses: Object.freeze([429, 500, 502, 503, 504]),
  notProcessedStatuses: Object.freeze([429]),
  idempotentMethods: Object.freeze(['GET', 'PUT', 'DELETE'] as HttpMethod[]),
});

/** How one attempt ended, reduced to what the decision needs. */
export type AttemptOutcome =
  | { kind: 'response'; status: number; retryAfterSeconds?: number }
  /** No HTTP answer. `requestSent`: the request may have reached the server (reset, hang up). */
  | { kind: 'network'; requestSent: boolean; transient: boolean }
  | { kind: 'timeout' };

/**
 * - `retry`: send it again (after a backoff).
 * - `verify-then-retry`: a non-idempotent request may have taken effect; find out, then resend if it did not.
 * - `verify-then-fail`: as above, but no retries are left: find out, then fail if it did not.
 * - `fail`: give up now.
 */
export type RetryDecision = 'retry' | 'verify-then-retry' | 'verify-then-fail' | 'fail';

/**
 * Decides what to do after attempt number `attempt` (1 = the first send) ended with `outcome`.
 * Only call it for failures (not for a 2xx).
 */
export function shouldRetry(
  method: HttpMethod,
  outcome: AttemptOutcome,
  attempt: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): RetryDecision {
  // Two questions: may it be sent again at all, and may the failed attempt have taken effect?
  let retryable: boolean;
  let mayHaveTakenEffect: boolean;
  switch (outcome.kind) {
    case 'response':
      // Other statuses (4xx) are answers about the request itself: sending it again changes nothing.
      if (!policy.retryStatuses.includes(outcome.status)) return 'fail';
      retryable =
        outcome.retryAfterSeconds === undefined || outcome.retryAfterSeconds * 1000 <= policy.maxRetryAfterMs;
      mayHaveTakenEffect = !policy.notProcessedStatuses.includes(outcome.status);
      break;
    case 'network':
      retryable = outcome.transient;
      mayHaveTakenEffect = outcome.requestSent;
      break;
    case 'timeout':
      retryable = true;
      mayHaveTakenEffect = true;
      break;
  }

  const again = retryable && attempt <= policy.maxRetries;
  if (policy.idempotentMethods.includes(method) || !mayHaveTakenEffect) return again ? 'retry' : 'fail';
  return again ? 'verify-then-retry' : 'verify-then-fail';
}

/**
 * Milliseconds to wait before the next attempt, after attempt number `attempt` (1-based) failed.
 * With a `Retry-After`, that many seconds plus a little jitter; otherwise exponential backoff
 * (base · 2^(attempt-1), capped at maxDelayMs) with "equal jitter": half fixed, half random, so
 * the wait never collapses to zero. `random` is a number in [0, 1), e.g. Math.random().
 */
export function backoffDelay(
  attempt: number,
  retryAfterSeconds: number | undefined,
  random: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): number {
  const r = Math.min(Math.max(random, 0), 1);
  if (retryAfterSeconds !== undefined && Number.isFinite(retryAfterSeconds) && retryAfterSeconds >= 0) {
    const wait = Math.min(retryAfterSeconds * 1000, policy.maxRetryAfterMs);
    return Math.round(wait + r * policy.retryAfterJitterMs);
  }
  const exponent = Math.max(0, Math.floor(attempt) - 1);
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(exponent, 30));
  return Math.round(step / 2 + (r * step) / 2);
}

/**
 * Parses a `Retry-After` header: delay-seconds or an HTTP date (relative to `nowMs`).
 * Returns whole seconds ≥ 0, or undefined when absent or unparseable.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+$/.test(text)) return Number(text);
  // An HTTP date always names a day or month; Date.parse alone would accept "-5" as a year.
  if (!/[a-z]{3}/i.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - nowMs) / 1000));
}

/** Error codes raised before any byte of the request could reach the server. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

/** Failures that another attempt will not fix: TLS and certificate problems, bad requests. */
const PERMANENT_CODES = new Set([
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'EPROTO',
  'ERR_INVALID_URL',
  'ERR_INVALID_CHAR',
  'ERR_FR_TOO_MANY_REDIRECTS',
  'ERR_BAD_OPTION_VALUE',
  'ERR_BAD_OPTION',
]);

/**
 * Classifies a socket-level failure by its code. Unknown codes (ECONNRESET, EPIPE, "socket hang
 * up", …) count as transient and possibly sent: the safe assumption for a create.
 */
export function classifyNetworkError(code: string | undefined): { requestSent: boolean; transient: boolean } {
  if (code !== undefined && PERMANENT_CODES.has(code)) return { requestSent: false, transient: false };
  if (code !== undefined && NOT_SENT_CODES.has(code)) return { requestSent: false, transient: true };
  return { requestSent: true, transient: true };
}
