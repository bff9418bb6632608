// Typed errors of the Workato API client, and the redaction that keeps secrets out of them.
// Every message says what failed (method, URL, status, Workato's message, field errors, correlation
// id); advice on what to do is its user's to give (the provider's is in src/provider/api-diagnostics.ts).
// Errors carry only plain, scrubbed data: never an axios error, config or headers.

/** Field errors as Workato returns them with a 400: `{"name": ["can't be blank"]}`. */
export type FieldErrors = Record<string, string[]>;

/** What a failed request is described by. Every string is already scrubbed of secrets. */
export interface WorkatoErrorInit {
  method: string;
  path: string;
  /**
   * The full request URL (base URL, path and the page query; never credentials or secrets), shown
   * in the message in place of the path so that a 404 says where the request went.
   */
  url?: string;
  status?: number;
  statusText?: string;
  /** The `x-correlation-id` response header: Workato support can trace the request with it. */
  correlationId?: string;
  /** `message` from Workato's JSON error body. */
  workatoMessage?: string;
  fieldErrors?: FieldErrors;
  /** How many times the request was sent (retries included). */
  attempts?: number;
  /** Low-level detail, e.g. a socket error code and text. */
  detail?: string;
  /** A sentence appended to the message, e.g. what a failed create may have left behind. */
  note?: string;
}

/** The setting a ConfigError is about, named as the provider configuration names it. */
export type ConfigSetting =
  | 'api_token'
  | 'data_center'
  | 'base_url'
  | 'requests_per_minute'
  | 'max_retries'
  | 'request_timeout_seconds'
  | 'user_agent';

/** Problems with the client's configuration (token, data center, base URL, limits). */
export class ConfigError extends Error {
  override readonly name: string = 'ConfigError';
  /** Which setting is wrong, so a caller can point at it (e.g. a Terraform attribute path). */
  declare readonly setting?: ConfigSetting;

  constructor(message: string, setting?: ConfigSetting) {
    super(message);
    if (setting !== undefined) this.setting = setting;
  }
}

/** The base of every error about a request to the Workato API. */
export class WorkatoError extends Error {
  override readonly name: string = 'WorkatoError';
  readonly method: string;
  readonly path: string;
  declare readonly url?: string;
  declare readonly status?: number;
  declare readonly correlationId?: string;
  declare readonly workatoMessage?: string;
  declare readonly fieldErrors?: FieldErrors;
  declare readonly attempts?: number;

  /** `fact`: a sentence of what else is known, appended to the message (before `init.note`). */
  constructor(init: WorkatoErrorInit, summary?: string, fact?: string) {
    super(composeMessage(init, summary, fact));
    this.method = init.method;
    this.path = init.path;
    if (init.url !== undefined) this.url = init.url;
    // Absent members stay absent, so JSON.stringify and util.inspect show only what is known.
    if (init.status !== undefined) this.status = init.status;
    if (init.correlationId !== undefined) this.correlationId = init.correlationId;
    if (init.workatoMessage !== undefined) this.workatoMessage = init.workatoMessage;
    if (init.fieldErrors !== undefined) this.fieldErrors = init.fieldErrors;
    if (init.attempts !== undefined) this.attempts = init.attempts;
  }
}

/** 404: the record does not exist. */
export class NotFoundError extends WorkatoError {
  override readonly name: string = 'NotFoundError';
  constructor(init: WorkatoErrorInit) {
    super(init);
  }
}

/** 401: bad token, or the API client's role lacks this resource family. */
export class UnauthorizedError extends WorkatoError {
  override readonly name: string = 'UnauthorizedError';
  constructor(init: WorkatoErrorInit) {
    super(init);
  }
}

/** 403: the feature is not enabled for the account, or the role lacks this action. */
export class ForbiddenError extends WorkatoError {
  override readonly name: string = 'ForbiddenError';
  constructor(init: WorkatoErrorInit) {
    super(init);
  }
}

/** 400 / 422: Workato refused the payload; `fieldErrors` says which fields and why. */
export class ValidationError extends WorkatoError {
  override readonly name: string = 'ValidationError';
  constructor(init: WorkatoErrorInit) {
    super(init);
  }
}

/** 429 after every retry (or a Retry-After too long to wait for). */
export class RateLimitError extends WorkatoError {
  override readonly name: string = 'RateLimitError';
  /** The last `Retry-After` the server sent, in seconds. */
  declare readonly retryAfterSeconds?: number;
  constructor(init: WorkatoErrorInit, retryAfterSeconds?: number) {
    super(init, 'rate limit exceeded', retryAfterSeconds !== undefined ? `Workato asked to wait ${retryAfterSeconds} s.` : undefined);
    if (retryAfterSeconds !== undefined) this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** 5xx after every retry. */
export class ServerError extends WorkatoError {
  override readonly name: string = 'ServerError';
  constructor(init: WorkatoErrorInit) {
    super(init, 'Workato server error');
  }
}

/** No HTTP answer: connection refused or reset, DNS failure, TLS failure. */
export class NetworkError extends WorkatoError {
  override readonly name: string = 'NetworkError';
  /** The socket error code, e.g. ECONNREFUSED. */
  declare readonly code?: string;
  constructor(init: WorkatoErrorInit, code?: string) {
    super(init, 'could not get an answer from Workato');
    if (code !== undefined) this.code = code;
  }
}

/** No answer within the request timeout. */
export class TimeoutError extends WorkatoError {
  override readonly name: string = 'TimeoutError';
  readonly timeoutMs: number;
  constructor(init: WorkatoErrorInit, timeoutMs: number) {
    super(init, `no answer within ${formatSeconds(timeoutMs)}`);
    this.timeoutMs = timeoutMs;
  }
}

/** The caller's AbortSignal fired: during the request, a pacing wait or a retry backoff. */
export class CancelledError extends WorkatoError {
  override readonly name: string = 'CancelledError';
  constructor(init: WorkatoErrorInit) {
    super(init, 'cancelled', undefined);
  }
}

/** Why an answer was not what the API documents. */
export type UnexpectedReason =
  /** A 404 on a collection, which always exists: the requests go to the wrong place. */
  | 'misrouted'
  /** A 3xx: redirects are not followed (they could carry the token elsewhere). */
  | 'redirect'
  /** A 2xx whose JSON lacks what the API documents. */
  | 'malformed'
  /** A list whose pages repeat: the server ignores `page`. */
  | 'no-pagination'
  /** A list that does not end: more pages than an account can hold, or past the listing's deadline. */
  | 'endless-list'
  /** An answer about another record than the one asked for (GET or PUT by id). */
  | 'wrong-id'
  /** Any other status the API does not document. */
  | 'status';

const UNEXPECTED_SUMMARY: Record<UnexpectedReason, string> = {
  misrouted: 'not found',
  redirect: 'unexpected redirect',
  malformed: 'unexpected answer',
  'no-pagination': 'pagination not supported',
  'endless-list': 'the list does not end',
  'wrong-id': 'the answer is about another record',
  status: 'unexpected answer',
};

/** An answer that is not what the Workato API documents: usually a wrong base URL. */
export class UnexpectedResponseError extends WorkatoError {
  override readonly name: string = 'UnexpectedResponseError';
  readonly reason: UnexpectedReason;
  constructor(init: WorkatoErrorInit, reason: UnexpectedReason, what?: string) {
    super(init, what ? `${UNEXPECTED_SUMMARY[reason]}: ${what}` : reason === 'misrouted' ? undefined : UNEXPECTED_SUMMARY[reason]);
    this.reason = reason;
  }
}

/** An UnexpectedResponseError ('malformed') that keeps what was wrong, for a write's partial answer. */
export class MalformedAnswerError extends UnexpectedResponseError {
  override readonly name: string = 'UnexpectedResponseError';
  /** What was wrong with the answer, e.g. "not a JSON object with a \"result\"". */
  readonly problem: string;
  constructor(init: WorkatoErrorInit, problem: string) {
    super(init, 'malformed', problem);
    this.problem = problem;
  }
}

/**
 * A 2xx answer to a write (POST) that does not say which record it made: the write took effect,
 * so the caller must find the record (by listing), not send the write again.
 */
export class UnreadableWriteAnswerError extends MalformedAnswerError {
  override readonly name: string = 'UnreadableWriteAnswerError';
}

/**
 * A create failed without a clear answer, and afterwards more than one record it may have
 * created (identical to its payload, new since it was sent, not claimed by another create of this
 * client) exists: the client does not guess which is the one, and does not resend.
 */
export class AmbiguousCreateError extends WorkatoError {
  override readonly name: string = 'AmbiguousCreateError';
  /** The records that may be the one this create made, lowest id first. */
  readonly candidateIds: number[];
  constructor(init: WorkatoErrorInit, candidateIds: number[]) {
    const ids = [...candidateIds].sort((a, b) => a - b);
    super(
      init,
      `the create may have been committed, but which record it made is ambiguous, these ids may be yours: ${ids.join(', ')}`,
      'Several identical records were created while it was in flight, by this or another client, and Workato does not ' +
        'say which one this request made. It was not sent again.',
    );
    this.candidateIds = ids;
  }
}

function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

function composeMessage(init: WorkatoErrorInit, summary: string | undefined, fact: string | undefined): string {
  let text = `Workato API ${init.method} ${init.url ?? init.path} failed`;
  if (init.status !== undefined) text += ` with ${init.status}${init.statusText ? ` ${init.statusText}` : ''}`;
  if (summary !== undefined) text += `: ${summary}`;
  if (init.detail) text += ` (${clip(init.detail, 300)})`;
  if (init.workatoMessage) text += `. Workato says: ${JSON.stringify(init.workatoMessage)}`;
  if (init.fieldErrors && Object.keys(init.fieldErrors).length > 0) {
    const fields = Object.entries(init.fieldErrors).map(([field, msgs]) => `${field} ${msgs.join(', ')}`);
    text += `. Field errors: ${fields.join('; ')}`;
  }
  if (init.attempts !== undefined && init.attempts > 1) text += ` (after ${init.attempts} attempts)`;
  if (init.correlationId) text += ` [x-correlation-id: ${init.correlationId}]`;
  text += '.';
  if (fact) text += ` ${fact}`;
  if (init.note) text += ` ${init.note}`;
  return text;
}

/** A function that replaces every occurrence of any secret with a placeholder. */
export type Redactor = (text: string) => string;

export const REDACTED = '[REDACTED]';

/** Below this length a secret is replaced only where it stands alone, not inside other words. */
const MIN_EMBEDDED_SECRET_LENGTH = 8;

/**
 * The forms a secret may take in text a server echoes: itself, URL-encoded (once and twice), and
 * base64 (standard and URL-safe alphabet) at each of the three byte alignments it can have inside
 * a longer encoded text (e.g. `user:token` in a Basic header): for each, the characters that
 * depend on the secret's bytes alone. Forms shorter than MIN_EMBEDDED_SECRET_LENGTH are left out
 * (they would match unrelated text), except the secret itself.
 */
export function secretForms(secret: string): string[] {
  const forms = new Set<string>([secret]);
  const add = (form: string) => {
    if (form.length >= MIN_EMBEDDED_SECRET_LENGTH) forms.add(form);
  };
  add(encodeURIComponent(secret));
  add(encodeURIComponent(encodeURIComponent(secret)));
  add(encodeURIComponent(secret).replace(/%20/g, '+'));
  const bytes = Buffer.from(secret, 'utf8');
  for (let shift = 0; shift < 3; shift++) {
    // `shift` unknown bytes before the secret: the first 4-character group mixes them in (unless
    // shift is 0); each later full group of 3 bytes is the secret's alone.
    const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64');
    const start = shift === 0 ? 0 : 4;
    const fullGroups = Math.floor((shift + bytes.length) / 3);
    const core = encoded.slice(start, fullGroups * 4);
    add(core);
    add(core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  add(bytes.toString('hex'));
  return [...forms];
}

/** Cuts text a server sent to `max` characters, saying how much was left out. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters)`;
}

/**
 * Builds a redactor for these secrets and their encoded forms (see secretForms). Longest first,
 * so a secret that contains another is replaced whole. Empty values are ignored. A very short
 * secret (say "s", in a test) is replaced only where it is not part of a longer word, or it would
 * shred every message; real secrets are long and are replaced wherever they appear.
 */
export function createRedactor(secrets: ReadonlyArray<string | undefined>): Redactor {
  const list = [
    ...new Set(secrets.filter((s): s is string => typeof s === 'string' && s.length > 0).flatMap((s) => secretForms(s))),
  ].sort((a, b) => b.length - a.length);
  const patterns = list.map((secret) => {
    const escaped = secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return new RegExp(secret.length >= MIN_EMBEDDED_SECRET_LENGTH ? escaped : `(?<![A-Za-z0-9])${escaped}(?![A-Za-z0-9])`, 'g');
  });
  return (text: string) => patterns.reduce((out, pattern) => out.replace(pattern, REDACTED), text);
}

/** Applies a redactor to every string inside plain data (log fields, field errors). */
export function redactDeep<T>(value: T, redact: Redactor): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, redact)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[redact(k)] = redactDeep(v, redact);
    return out as T;
  }
  return value;
}
