// How one HTTP attempt of the transport ended (a RawOutcome), and what that means: the outcome the
// retry policy decides on, its words for a message, and the typed, secret-free WorkatoError.

import {
  CancelledError,
  ForbiddenError,
  NetworkError,
  NotFoundError,
  RateLimitError,
  redactDeep,
  ServerError,
  TimeoutError,
  UnauthorizedError,
  UnexpectedResponseError,
  ValidationError,
  type Redactor,
  type WorkatoError,
  type WorkatoErrorInit,
} from './errors';
import { parseJson, toFieldErrors } from './response';
import { classifyNetworkError, parseRetryAfter, type AttemptOutcome } from './retry';

/** How one attempt ended, with what error messages and retries need. */
export type RawOutcome =
  | {
      kind: 'response';
      status: number;
      statusText: string;
      body: string;
      correlationId?: string;
      retryAfter?: string;
      date?: string;
      receivedAt: number;
    }
  | { kind: 'network'; code?: string; detail: string }
  | { kind: 'timeout' }
  /** `sent`: the request had gone out (a GET aborted in flight); false: nothing was sent. */
  | { kind: 'cancelled'; sent: boolean };

/** The outcome the retry policy decides on (see retry.ts). */
export function toAttemptOutcome(raw: Exclude<RawOutcome, { kind: 'cancelled' }>, nowMs: number): AttemptOutcome {
  switch (raw.kind) {
    case 'response':
      return { kind: 'response', status: raw.status, retryAfterSeconds: parseRetryAfter(raw.retryAfter, nowMs) };
    case 'network':
      return { kind: 'network', ...classifyNetworkError(raw.code) };
    case 'timeout':
      return { kind: 'timeout' };
  }
}

/** Whether the server may have acted on the attempt: a 5xx, a connection lost after sending, a timeout. */
export function outcomeMayHaveTakenEffect(outcome: AttemptOutcome): boolean {
  switch (outcome.kind) {
    case 'response':
      return outcome.status >= 500;
    case 'network':
      return outcome.requestSent;
    case 'timeout':
      return true;
  }
}

/** How a failed attempt ended, in words, for a message. */
export function describeOutcome(raw: RawOutcome, timeoutMs: number): string {
  switch (raw.kind) {
    case 'response':
      return `${raw.status}${raw.statusText ? ` ${raw.statusText}` : ''}`;
    case 'network':
      return `a network error${raw.code ? ` (${raw.code})` : ''}`;
    case 'timeout':
      return `no answer within ${timeoutMs / 1000} s`;
    case 'cancelled':
      return 'cancellation';
  }
}

/** Where a call went, for errors: method, API path and full URL. */
export interface CallPlace {
  method: string;
  path: string;
  url: string;
}

/** An error's fields for an attempt: where, how many attempts, and the answer's status, Workato's message, field errors and correlation id, scrubbed with `redact`. */
export function errorInit(raw: RawOutcome, where: CallPlace, attempts: number, redact: Redactor): WorkatoErrorInit {
  const init: WorkatoErrorInit = { ...where, attempts };
  if (raw.kind !== 'response') return init;
  init.status = raw.status;
  init.statusText = raw.statusText;
  if (raw.correlationId) init.correlationId = redact(raw.correlationId);
  const json = parseJson(raw.body);
  if (json !== null && typeof json === 'object' && !Array.isArray(json)) {
    const body = json as Record<string, unknown>;
    const message = typeof body.message === 'string' ? body.message : typeof body.error === 'string' ? body.error : undefined;
    if (message) init.workatoMessage = redact(message);
    const fieldErrors = toFieldErrors(body.errors);
    if (fieldErrors) init.fieldErrors = redactDeep(fieldErrors, redact);
  }
  return init;
}

/** What the typed error of a failed attempt depends on besides the attempt itself. */
export interface ErrorContext {
  /** What a 404 means for the call (see Call.notFound). */
  notFound?: 'missing' | 'misrouted';
  /** The transport's per-attempt timeout, for TimeoutError's message. */
  requestTimeoutMs: number;
  /** The clock's time, for a Retry-After given as a date. */
  now(): number;
}

/** The typed error of a failed attempt, with `init` (see errorInit). */
export function toError(raw: RawOutcome, init: WorkatoErrorInit, context: ErrorContext): WorkatoError {
  switch (raw.kind) {
    case 'cancelled':
      return new CancelledError(init);
    case 'timeout':
      return new TimeoutError(init, context.requestTimeoutMs);
    case 'network':
      return new NetworkError({ ...init, detail: raw.code && !raw.detail.includes(raw.code) ? `${raw.code}: ${raw.detail}` : raw.detail }, raw.code);
    case 'response':
      break;
  }
  const status = raw.status;
  if (status === 400 || status === 422) return new ValidationError(init);
  if (status === 401) return new UnauthorizedError(init);
  if (status === 403) return new ForbiddenError(init);
  // A collection always exists: a 404 there means the requests go to the wrong place.
  if (status === 404 && context.notFound === 'misrouted') return new UnexpectedResponseError(init, 'misrouted');
  if (status === 404) return new NotFoundError(init);
  if (status === 429) return new RateLimitError(init, parseRetryAfter(raw.retryAfter, context.now()));
  if (status >= 500) return new ServerError(init);
  if (status >= 300 && status < 400) return new UnexpectedResponseError(init, 'redirect');
  return new UnexpectedResponseError(init, 'status');
}
