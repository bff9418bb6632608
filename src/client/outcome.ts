// How one HTTP attempt of the transport ended (a RawOutcome), and what that means: the outcome the
// retry policy decides on, its words for a message, and the typed, secret-free WorkatoError.

import {
  CancelledError,
  ForbiddenError,
  NetworkError,
  NotFoundError,
  RateLimitError,
  clip,
  redactDeep,
  ServerError,
  TimeoutError,
  UnauthorizedError,
  UnexpectedResponseError,
  ValidationError,
  type FieldErrors,
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
  // Everything the server wrote is redacted, then cut (see TEXT_LIMITS): a diagnostic stays short.
  if (raw.statusText !== undefined) init.statusText = clip(redact(raw.statusText), TEXT_LIMITS.statusText);
  if (raw.correlationId) init.correlationId = clip(redact(raw.correlationId), TEXT_LIMITS.correlationId);
  const json = parseJson(raw.body);
  if (json !== null && typeof json === 'object' && !Array.isArray(json)) {
    const body = json as Record<string, unknown>;
    const message = typeof body.message === 'string' ? body.message : typeof body.error === 'string' ? body.error : undefined;
    if (message) init.workatoMessage = clip(redact(message), TEXT_LIMITS.message);
    const fieldErrors = toFieldErrors(body.errors);
    if (fieldErrors) init.fieldErrors = clipFieldErrors(redactDeep(fieldErrors, redact));
  }
  return init;
}

/** How much of the server's text an error keeps (a 5 MB message must not become a 5 MB diagnostic). */
export const TEXT_LIMITS = { message: 300, statusText: 60, correlationId: 100, fields: 10, fieldName: 60, messagesPerField: 3, fieldMessage: 120 } as const;

/** At most TEXT_LIMITS.fields fields, each with at most messagesPerField short messages. */
function clipFieldErrors(errors: FieldErrors): FieldErrors {
  const entries = Object.entries(errors);
  const out: FieldErrors = {};
  for (const [field, messages] of entries.slice(0, TEXT_LIMITS.fields)) {
    const kept = messages.slice(0, TEXT_LIMITS.messagesPerField).map((m) => clip(m, TEXT_LIMITS.fieldMessage));
    if (messages.length > TEXT_LIMITS.messagesPerField) kept.push(`and ${messages.length - TEXT_LIMITS.messagesPerField} more`);
    out[clip(field, TEXT_LIMITS.fieldName)] = kept;
  }
  if (entries.length > TEXT_LIMITS.fields) out['…'] = [`${entries.length - TEXT_LIMITS.fields} more fields`];
  return out;
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
