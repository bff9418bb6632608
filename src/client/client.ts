// WorkatoClient: the five custom OAuth profile endpoints over axios, with client-side pacing,
// retries, safe creates (a POST is never resent blindly) and typed, secret-free errors.

import axios, { type AxiosInstance } from 'axios';
import { STATUS_CODES } from 'node:http';
import { systemClock, type Clock } from './clock';
import { isLoopbackHost, resolveBaseUrl } from './config';
import {
  AmbiguousCreateError,
  CancelledError,
  ConfigError,
  createRedactor,
  ForbiddenError,
  NetworkError,
  NotFoundError,
  RateLimitError,
  redactDeep,
  ServerError,
  TimeoutError,
  UnauthorizedError,
  ValidationError,
  WorkatoError,
  type FieldErrors,
  type Redactor,
  type WorkatoErrorInit,
} from './errors';
import { LimiterWaitAborted, SlidingWindowLimiter } from './limiter';
import { SignalFanout } from './signals';
import {
  backoffDelay,
  classifyNetworkError,
  DEFAULT_RETRY_POLICY,
  parseRetryAfter,
  shouldRetry,
  type AttemptOutcome,
  type HttpMethod,
  type RetryDecision,
  type RetryPolicy,
} from './retry';

/** A custom OAuth profile as Workato returns it (secrets are never returned). */
export interface Profile {
  id: number;
  user_id: number;
  name: string;
  provider: string;
  data: { client_id: string };
  shared_accounts_count: number;
  oem_customers_count: number;
  created_at: string;
  updated_at: string;
}

/** The body of a create or an update (PUT replaces the whole profile). */
export interface ProfilePayload {
  name: string;
  provider: string;
  data: { client_id: string; client_secret: string; token?: string };
}

export interface ClientLogger {
  debug(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

export interface RequestOptions {
  /**
   * Aborting it cancels pacing and backoff waits and any request not yet sent, with CancelledError,
   * and aborts a GET in flight. A write already on the wire is let finish (bounded by the request
   * timeout): its result is returned if it succeeded, since Workato has committed it; a create that
   * failed without a clear answer gets one quick check (see `cancelCheckTimeoutMs`). No new request
   * is sent after the abort, except that check.
   */
  signal?: AbortSignal;
}

export interface WorkatoClientOptions {
  /** The API client's token (sent as `Authorization: Bearer …`). */
  apiToken: string;
  /** us (default) | eu | jp | sg | au | il | trial. */
  dataCenter?: string;
  /**
   * Overrides `dataCenter`: the host root, e.g. https://www.workato.com (a trailing /api is
   * accepted; a path containing /api/ or ending in custom_oauth_profiles is refused).
   */
  baseUrl?: string;
  /** Client-side pacing over any 60 s window, shared by all calls of this client. @default 60 */
  requestsPerMinute?: number;
  /** Retries after the first attempt, for 429, 5xx and network faults. @default 5 */
  maxRetries?: number;
  /** Per-attempt timeout. @default 60000 */
  requestTimeoutMs?: number;
  userAgent?: string;
  logger?: ClientLogger;
  /** Time for pacing and backoff waits; tests inject one. @default the system clock */
  clock?: Clock;
  /** Overrides parts of the retry policy (maxRetries above wins over `retryPolicy.maxRetries`). */
  retryPolicy?: Partial<RetryPolicy>;
  /** Source of jitter in [0, 1). @default Math.random */
  random?: () => number;
  /**
   * How long after sending a create Workato may still commit it: its 40 s server timeout plus a
   * margin. A create that failed in a way that may have taken effect (timeout, 5xx, connection
   * lost after sending) is not sent again, nor reported as not created, before a check made after
   * this time found nothing. Measured on `clock`. @default 42000
   */
  createSettleMs?: number;
  /**
   * Once the caller's signal has aborted, how long (real time) the one check of a create that
   * failed without a clear answer may take. @default 10000
   */
  cancelCheckTimeoutMs?: number;
}

export const DEFAULT_REQUESTS_PER_MINUTE = 60;
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
export const DEFAULT_USER_AGENT = 'cdktf-provider-workato-client';
/** Largest page Workato serves, and the size asked for when walking the list. */
export const MAX_PER_PAGE = 100;

const PROFILES_PATH = '/api/custom_oauth_profiles';
/** Workato's window is 60 s; the margin only covers clock-rate differences (see limiter.ts). */
const PACING_WINDOW_MS = 60_000 + 500;
/** Workato abandons every Developer API request after 40 s on its side... */
const SERVER_TIMEOUT_MS = 40_000;
/** ...and a create it was still working on is committed (or not) by this much later. */
const SERVER_SETTLE_MARGIN_MS = 2_000;
export const DEFAULT_CREATE_SETTLE_MS = SERVER_TIMEOUT_MS + SERVER_SETTLE_MARGIN_MS;
export const DEFAULT_CANCEL_CHECK_TIMEOUT_MS = 10_000;
/** A check of a create lists again while identical creates keep going out meanwhile, at most this often. */
const MAX_CHECK_ROUNDS = 5;
/**
 * Slack when comparing `created_at` with the server time a create was sent at. That time is a
 * lower bound already (see #verifyCreate); this covers clock differences between Workato's nodes.
 */
const CREATED_AT_TOLERANCE_MS = 1_000;
/** Without a Date header the local clock stands in for the server's: allow for skew. */
const UNSYNCED_CLOCK_TOLERANCE_MS = 60_000;
const MAX_RESPONSE_BYTES = 50 * 1024 * 1024;

/** How one attempt ended, with what error messages and retries need. */
type RawOutcome =
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

interface ResponseMeta {
  /** Server time from the `Date` header, in ms, when present and valid. */
  serverDate?: number;
  /** Local clock time when the answer arrived. */
  receivedAt: number;
}

interface Call<T> {
  method: HttpMethod;
  path: string;
  query?: Record<string, number>;
  body?: ProfilePayload;
  signal?: AbortSignal;
  redact: Redactor;
  /** Turns the JSON of a 2xx answer into the result; throws WorkatoError on an unexpected shape. */
  parse(json: unknown, meta: ResponseMeta, init: WorkatoErrorInit): T;
  /** For a non-idempotent call: finds out whether a failed attempt took effect (its result, or undefined). */
  verify?(firstSentAt: number, signal: AbortSignal | undefined): Promise<T | undefined>;
  /** Called as an attempt goes out; what it returns is called once the attempt's answer has been handled. */
  onAttempt?(): () => void;
  /** Describes what a failed `verify` leaves uncertain, for the error message. */
  uncertainty?: string;
  /** The result when a retry answers 404 after an earlier attempt may have done the job (DELETE). */
  doneWhenGone?: () => T;
}

export class WorkatoClient {
  readonly baseUrl: string;
  readonly requestsPerMinute: number;
  readonly maxRetries: number;
  readonly requestTimeoutMs: number;

  // Private fields (#) are invisible to util.inspect and JSON.stringify: the token stays out of dumps.
  readonly #apiToken: string;
  readonly #userAgent: string;
  readonly #http: AxiosInstance;
  readonly #limiter: SlidingWindowLimiter;
  readonly #clock: Clock;
  readonly #logger?: ClientLogger;
  readonly #policy: RetryPolicy;
  readonly #random: () => number;
  readonly #redactToken: Redactor;
  readonly #signals = new SignalFanout();
  readonly #createSettleMs: number;
  readonly #cancelCheckTimeoutMs: number;
  /** Ids this client's creates have returned: another create never takes one of them for its own. */
  readonly #claimedIds = new Set<number>();
  /** Creates in progress, by payload key (name, provider, client_id). */
  readonly #creates = new Map<string, CreateGroup>();

  constructor(options: WorkatoClientOptions) {
    this.#apiToken = checkApiToken(options.apiToken);
    this.baseUrl = resolveBaseUrl({ dataCenter: options.dataCenter, baseUrl: options.baseUrl });
    this.requestsPerMinute = checkInteger('requests_per_minute', options.requestsPerMinute ?? DEFAULT_REQUESTS_PER_MINUTE, 1, 1_000_000);
    this.maxRetries = checkInteger('max_retries', options.maxRetries ?? options.retryPolicy?.maxRetries ?? DEFAULT_RETRY_POLICY.maxRetries, 0, 100);
    this.requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    if (!(Number.isFinite(this.requestTimeoutMs) && this.requestTimeoutMs > 0 && this.requestTimeoutMs <= 2 ** 31 - 1)) {
      throw new ConfigError(`request_timeout_seconds must be a positive number, got ${options.requestTimeoutMs} ms`, 'request_timeout_seconds');
    }
    this.#userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
    if (/[\u0000-\u001f\u007f]/.test(this.#userAgent)) throw new ConfigError('user agent must not contain control characters', 'user_agent');

    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger;
    this.#policy = { ...DEFAULT_RETRY_POLICY, ...options.retryPolicy, maxRetries: this.maxRetries };
    this.#random = options.random ?? Math.random;
    this.#createSettleMs = checkDuration('createSettleMs', options.createSettleMs ?? DEFAULT_CREATE_SETTLE_MS);
    this.#cancelCheckTimeoutMs = checkDuration('cancelCheckTimeoutMs', options.cancelCheckTimeoutMs ?? DEFAULT_CANCEL_CHECK_TIMEOUT_MS);
    this.#redactToken = createRedactor([this.#apiToken]);
    this.#limiter = new SlidingWindowLimiter({ limit: this.requestsPerMinute, windowMs: PACING_WINDOW_MS, clock: this.#clock });

    this.#http = axios.create({
      baseURL: this.baseUrl,
      // Statuses, bodies and JSON are handled here, so axios raises only for transport failures.
      validateStatus: () => true,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      // A redirect is a misconfigured base_url; following it could carry the token elsewhere.
      maxRedirects: 0,
      maxContentLength: MAX_RESPONSE_BYTES,
      // Proxy variables apply to real hosts; a loopback emulator is reached directly (as Go does).
      ...(isLoopbackHost(new URL(this.baseUrl).hostname) ? { proxy: false as const } : {}),
    });
  }

  /** One page of profiles (page ≥ 1, 1 ≤ perPage ≤ 100). */
  async listProfilesPage(page: number, perPage: number = MAX_PER_PAGE, opts: RequestOptions = {}): Promise<Profile[]> {
    checkPositiveInteger('page', page);
    checkPositiveInteger('perPage', perPage);
    if (perPage > MAX_PER_PAGE) throw new RangeError(`perPage must be at most ${MAX_PER_PAGE}, got ${perPage}`);
    return (await this.#listPage(page, perPage, opts.signal)).profiles;
  }

  /**
   * Every profile: walks the pages (asking for 100 each) until an empty page or one shorter than
   * the longest served, so a server that serves fewer per page is walked to the end too.
   */
  async listProfiles(opts: RequestOptions = {}): Promise<Profile[]> {
    return (await this.#listAll(opts.signal)).profiles;
  }

  /** One profile; NotFoundError when there is none with this id. */
  async getProfile(id: number, opts: RequestOptions = {}): Promise<Profile> {
    checkId(id);
    return this.#execute<Profile>({
      method: 'GET',
      path: `${PROFILES_PATH}/${id}`,
      signal: opts.signal,
      redact: this.#redactToken,
      parse: (json, _meta, init) => toProfile(unwrapResult(json, init), init),
    });
  }

  /**
   * Creates a profile. The normal path is one POST. When an attempt may have been committed
   * without an answer (timeout, connection lost after sending, 5xx), the client lists the profiles
   * before sending it again and returns the profile that attempt created, if any (see
   * #verifyCreate); it does not conclude "not created" before Workato's own 40 s limit has passed.
   */
  async createProfile(payload: ProfilePayload, opts: RequestOptions = {}): Promise<Profile> {
    const redact = this.#redactorFor(payload);
    const key = createKey(payload);
    const group = this.#joinCreateGroup(key);
    let knownBefore: Set<number> | undefined;
    try {
      return await this.#execute<Profile>({
        method: 'POST',
        path: PROFILES_PATH,
        body: payload,
        signal: opts.signal,
        redact,
        parse: (json, _meta, init) => {
          const profile = toProfile(unwrapResult(json, init), init);
          this.#claimedIds.add(profile.id);
          return profile;
        },
        verify: async (firstSentAt, signal) => {
          const check = await this.#verifyCreate(payload, group, firstSentAt, knownBefore, signal);
          knownBefore = check.knownBefore;
          return check.created;
        },
        onAttempt: () => group.attemptStarted(),
        uncertainty:
          `The profile may have been created anyway: look for a profile named ${JSON.stringify(payload.name)} ` +
          `(provider ${JSON.stringify(payload.provider)}, client_id ${JSON.stringify(payload.data.client_id)}) before creating it again.`,
      });
    } finally {
      this.#leaveCreateGroup(key, group);
    }
  }

  /** Replaces a profile's name, provider and data (secrets included: PUT takes the whole payload). */
  async updateProfile(id: number, payload: ProfilePayload, opts: RequestOptions = {}): Promise<Profile> {
    checkId(id);
    return this.#execute<Profile>({
      method: 'PUT',
      path: `${PROFILES_PATH}/${id}`,
      body: payload,
      signal: opts.signal,
      redact: this.#redactorFor(payload),
      parse: (json, _meta, init) => toProfile(unwrapResult(json, init), init),
    });
  }

  /**
   * Deletes a profile; NotFoundError when there is none. A 404 on a retry, after an attempt that
   * may have been committed (timeout, reset, 5xx), means that attempt did the job: success.
   */
  async deleteProfile(id: number, opts: RequestOptions = {}): Promise<void> {
    checkId(id);
    await this.#execute<void>({
      method: 'DELETE',
      path: `${PROFILES_PATH}/${id}`,
      signal: opts.signal,
      redact: this.#redactToken,
      parse: () => undefined,
      doneWhenGone: () => undefined,
    });
  }

  // -------------------------------------------------------------------------------------------
  // Listing

  #listPage(page: number, perPage: number, signal?: AbortSignal): Promise<{ profiles: Profile[]; meta: ResponseMeta }> {
    return this.#execute({
      method: 'GET',
      path: PROFILES_PATH,
      query: { page, per_page: perPage },
      signal,
      redact: this.#redactToken,
      parse: (json, meta, init) => {
        const result = unwrapResult(json, init);
        if (!Array.isArray(result)) throw unexpected(init, 'the "result" of a list is not an array');
        return { profiles: result.map((p) => toProfile(p, init)), meta };
      },
    });
  }

  /**
   * All pages; also the first page's response meta (its Date header dates the listing).
   *
   * The list carries no total: as Workato documents, a page shorter than `per_page` (100, the
   * most it serves) is the last one, so a small account costs one request. `recheckTail` (the check of a create) re-reads the last full page
   * after the walk: a profile deleted meanwhile on an earlier page shifts the next page's first
   * item back onto a page already read, where the walk would miss it, and the newest profiles are
   * the ones that end up there.
   */
  async #listAll(signal?: AbortSignal, opts: { recheckTail?: boolean } = {}): Promise<{ profiles: Profile[]; meta: ResponseMeta }> {
    const byId = new Map<number, Profile>();
    const add = (profiles: Profile[]): number => {
      let fresh = 0;
      for (const p of profiles) {
        if (!byId.has(p.id)) {
          byId.set(p.id, p);
          fresh++;
        }
      }
      return fresh;
    };
    let firstMeta: ResponseMeta | undefined;
    const lengths: number[] = [];
    for (let page = 1; ; page++) {
      const { profiles, meta } = await this.#listPage(page, MAX_PER_PAGE, signal);
      firstMeta ??= meta;
      lengths.push(profiles.length);
      const fresh = add(profiles);
      if (profiles.length < MAX_PER_PAGE) break;
      // A page of ids already seen means the server ignores `page`: stop instead of looping forever.
      if (fresh === 0) {
        throw new WorkatoError(
          { method: 'GET', path: PROFILES_PATH, url: this.#url(PROFILES_PATH, { page, per_page: MAX_PER_PAGE }) },
          `page ${page} repeated earlier pages`,
          'The server does not seem to support pagination: check base_url.',
        );
      }
    }
    const pages = lengths.length;
    // Every page but the last was full, so a walk of two or more pages crossed a boundary.
    if (opts.recheckTail && pages >= 2) add((await this.#listPage(pages - 1, MAX_PER_PAGE, signal)).profiles);
    return { profiles: [...byId.values()], meta: firstMeta! };
  }

  // -------------------------------------------------------------------------------------------
  // Safe creates

  /**
   * Did a POST that failed without a clear answer create the profile? Lists every profile and
   * looks for one with the same name, provider and client_id that did not exist before the
   * attempt. "Before" is exact once a first check has recorded the matches (`knownBefore`); on
   * the first check (taking a snapshot before every POST would double the cost of the normal
   * path) a match counts as new when Workato created it after the first attempt was sent, by
   * the server's own clock (from the listing's Date header).
   *
   * Identical creates of this client running at the same time would each take the other's
   * profile for their own. So: ids another create of this client has returned are never
   * candidates; the listing waits until identical POSTs on the wire have been answered (and is
   * taken again when one went out while it ran), so that their ids are known first; and when more
   * than one candidate is left, the check fails with AmbiguousCreateError instead of guessing.
   */
  async #verifyCreate(
    payload: ProfilePayload,
    group: CreateGroup,
    firstSentAt: number,
    knownBefore: Set<number> | undefined,
    signal?: AbortSignal,
  ): Promise<{ created?: Profile; knownBefore: Set<number> }> {
    const where = { method: 'POST', path: PROFILES_PATH, url: this.#url(PROFILES_PATH) };
    let listing: { profiles: Profile[]; meta: ResponseMeta };
    for (let round = 1; ; round++) {
      await group.settled(signal, where);
      const started = group.started;
      listing = await this.#listAll(signal, { recheckTail: true });
      if (group.started === started || round >= MAX_CHECK_ROUNDS) break;
      this.#log('debug', 'an identical create went out during the check: checking again once it is answered', { method: 'POST', path: PROFILES_PATH, round });
    }
    const { profiles, meta } = listing;
    const matches = profiles.filter(
      (p) => p.name === payload.name && p.provider === payload.provider && p.data.client_id === payload.data.client_id,
    );
    let fresh: Profile[];
    if (knownBefore !== undefined) {
      fresh = matches.filter((p) => !knownBefore.has(p.id));
    } else {
      // Server time when the first attempt was sent, estimated from the listing's Date header.
      const synced = meta.serverDate !== undefined;
      const offset = synced ? meta.serverDate! - meta.receivedAt : 0;
      const cutoff = firstSentAt + offset - (synced ? CREATED_AT_TOLERANCE_MS : UNSYNCED_CLOCK_TOLERANCE_MS);
      if (!synced) this.#log('warn', 'no Date header: comparing created_at with the local clock', { method: 'POST', path: PROFILES_PATH });
      fresh = matches.filter((p) => {
        const created = Date.parse(p.created_at);
        return !Number.isNaN(created) && created >= cutoff;
      });
    }
    const claimed = fresh.filter((p) => this.#claimedIds.has(p.id));
    const candidates = fresh.filter((p) => !this.#claimedIds.has(p.id));
    if (candidates.length > 1) {
      const ids = candidates.map((p) => p.id);
      this.#log('warn', 'create may have been committed, but more than one profile could be the one', { method: 'POST', path: PROFILES_PATH, candidates: ids });
      throw new AmbiguousCreateError(where, ids);
    }
    if (candidates.length === 1) {
      const created = candidates[0];
      this.#claimedIds.add(created.id);
      this.#log('warn', 'create was committed although its answer was lost; using the profile it created', {
        method: 'POST',
        path: PROFILES_PATH,
        id: created.id,
        ...(claimed.length > 0 ? { claimedByOtherCreates: claimed.map((p) => p.id) } : {}),
      });
      return { created, knownBefore: new Set(matches.filter((p) => p !== created).map((p) => p.id)) };
    }
    this.#log('debug', 'create was not committed; it is safe to send it again', { method: 'POST', path: PROFILES_PATH, existingMatches: matches.length });
    return { knownBefore: new Set(matches.map((p) => p.id)) };
  }

  #joinCreateGroup(key: string): CreateGroup {
    let group = this.#creates.get(key);
    if (group === undefined) {
      group = new CreateGroup();
      this.#creates.set(key, group);
    }
    group.members++;
    return group;
  }

  #leaveCreateGroup(key: string, group: CreateGroup): void {
    group.members--;
    if (group.members === 0 && this.#creates.get(key) === group) this.#creates.delete(key);
  }

  // -------------------------------------------------------------------------------------------
  // The retry loop

  async #execute<T>(call: Call<T>): Promise<T> {
    const link = this.#signals.link(call.signal);
    try {
      return await this.#attempts({ ...call, signal: link.signal });
    } finally {
      link.release();
    }
  }

  async #attempts<T>(call: Call<T>): Promise<T> {
    const { method, path } = call;
    let firstSentAt: number | undefined;
    let mayHaveTakenEffect = false;

    for (let attempt = 1; ; attempt++) {
      const permit = await this.#acquire(call, attempt);
      const sentAt = this.#clock.now();
      firstSentAt ??= sentAt;
      const attemptHandled = call.onAttempt?.();
      let raw: RawOutcome;
      try {
        raw = await this.#send(call);
      } finally {
        permit.release();
      }
      this.#log('debug', 'workato request', {
        method,
        path,
        attempt,
        ...(raw.kind === 'response' ? { status: raw.status } : { outcome: raw.kind }),
        ...(raw.kind === 'network' && raw.code ? { code: raw.code } : {}),
        durationMs: this.#clock.now() - sentAt,
      }, call.redact);

      try {
        if (raw.kind === 'response' && raw.status >= 200 && raw.status < 300) {
          // Also after the caller cancelled: a write let finish has taken effect, so return it.
          const init = this.#errorInit(call, raw, attempt);
          const meta: ResponseMeta = { serverDate: parseHttpDate(raw.date), receivedAt: raw.receivedAt };
          return call.parse(parseJson(raw.body), meta, init);
        }
      } finally {
        attemptHandled?.();
      }
      if (raw.kind === 'cancelled') {
        // Not sent (aborted before it went out), or a GET aborted in flight: nothing to find out.
        throw new CancelledError({ ...this.#where(call), attempts: raw.sent ? attempt : attempt - 1 });
      }
      if (raw.kind === 'response' && raw.status === 404 && mayHaveTakenEffect && call.doneWhenGone) {
        this.#log('debug', 'gone on retry: an earlier attempt did the job', { method, path, attempt }, call.redact);
        return call.doneWhenGone();
      }

      const outcome = toAttemptOutcome(raw, this.#clock.now());
      const decision = shouldRetry(method, outcome, attempt, this.#policy);

      if (decision === 'verify-then-retry' || decision === 'verify-then-fail') {
        const found = await this.#verify(call, raw, outcome, attempt, sentAt, firstSentAt);
        if (found !== undefined) return found;
      }
      if (call.signal?.aborted && decision !== 'fail') {
        // Cancelled while this attempt was on the wire: it is not sent again.
        throw this.#cancelledAfterSend(call, raw, outcome, attempt, decision);
      }
      if (decision === 'fail' || decision === 'verify-then-fail') {
        const note = decision === 'verify-then-fail' ? 'Workato shows no profile created by it.' : undefined;
        throw this.#toError(call, raw, attempt, note);
      }

      mayHaveTakenEffect ||= outcomeMayHaveTakenEffect(outcome);
      const retryAfter = outcome.kind === 'response' ? outcome.retryAfterSeconds : undefined;
      const wait = backoffDelay(attempt, retryAfter, this.#random(), this.#policy);
      if (outcome.kind === 'response' && outcome.status === 429) {
        // The server's window is full: hold every call of this client, not only this one.
        this.#limiter.pauseUntil(this.#clock.now() + wait);
      }
      this.#log('debug', 'workato retry', {
        method,
        path,
        attempt,
        ...(raw.kind === 'response' ? { status: raw.status } : { outcome: raw.kind }),
        waitMs: wait,
        reason: retryAfter !== undefined ? 'retry-after' : 'backoff',
      }, call.redact);
      await this.#sleep(call, wait, attempt);
    }
  }

  /** The error for an attempt that was on the wire when the caller cancelled, and failed with no definite answer. */
  #cancelledAfterSend<T>(call: Call<T>, raw: RawOutcome, outcome: AttemptOutcome, attempt: number, decision: RetryDecision): CancelledError {
    if (call.method === 'GET') return new CancelledError(this.#errorInit(call, raw, attempt));
    const ended = describeOutcome(raw, this.requestTimeoutMs);
    let note: string;
    if (decision === 'verify-then-retry' || decision === 'verify-then-fail') {
      note =
        `The request had been sent and ended with ${ended}; a check right after cancelling found nothing it created, ` +
        `but Workato may still commit it. ${call.uncertainty ?? ''}`.trim();
    } else if (outcomeMayHaveTakenEffect(outcome)) {
      note = `The request had been sent and ended with ${ended}: it may have taken effect.`;
    } else {
      note = `The request ended with ${ended} and was not sent again.`;
    }
    return new CancelledError({ ...this.#errorInit(call, raw, attempt), note });
  }

  /**
   * Runs `call.verify` after an ambiguous failure; a failure to verify becomes the original error,
   * explained. Nothing counts as "not created" before the server is done with the attempt: a
   * quick look first (a commit already made is found without waiting), then, if that found
   * nothing, one more after the settle time. Once the caller has cancelled, one quick check with
   * a short deadline of its own replaces all that.
   */
  async #verify<T>(
    call: Call<T>,
    raw: RawOutcome,
    outcome: AttemptOutcome,
    attempt: number,
    sentAt: number,
    firstSentAt: number,
  ): Promise<T | undefined> {
    const verify = call.verify;
    if (!verify) return undefined;
    try {
      if (!call.signal?.aborted) {
        try {
          return await this.#verifySettled(call, verify, outcome, attempt, sentAt, firstSentAt);
        } catch (err) {
          if (!(err instanceof CancelledError && call.signal?.aborted)) throw err;
        }
      }
      this.#log('debug', 'cancelled after sending: one quick check whether it was committed', {
        method: call.method,
        path: call.path,
        deadlineMs: this.#cancelCheckTimeoutMs,
      }, call.redact);
      return await verify(firstSentAt, AbortSignal.timeout(this.#cancelCheckTimeoutMs));
    } catch (err) {
      if (err instanceof AmbiguousCreateError) throw err;
      const why = err instanceof Error ? call.redact(err.message) : 'unknown error';
      const note = `Checking whether it was committed failed too (${why}). ${call.uncertainty ?? ''}`.trim();
      if (err instanceof CancelledError) throw new CancelledError({ ...this.#where(call), attempts: attempt, note });
      throw this.#toError(call, raw, attempt, note);
    }
  }

  async #verifySettled<T>(
    call: Call<T>,
    verify: NonNullable<Call<T>['verify']>,
    outcome: AttemptOutcome,
    attempt: number,
    sentAt: number,
    firstSentAt: number,
  ): Promise<T | undefined> {
    const settleAt = sentAt + this.#createSettleMs;
    // After a timeout the server is most likely still working on it: a look now would be wasted.
    if (outcome.kind !== 'timeout') {
      const lookedAt = this.#clock.now();
      const found = await verify(firstSentAt, call.signal);
      if (found !== undefined || lookedAt >= settleAt) return found;
    }
    const settle = settleAt - this.#clock.now();
    if (settle > 0) {
      // A gateway may have answered (504, 502, a reset) while the backend still works on the create.
      this.#log('debug', 'waiting for the server to finish before checking (again)', { method: call.method, path: call.path, waitMs: settle }, call.redact);
      await this.#sleep(call, settle, attempt);
    }
    return verify(firstSentAt, call.signal);
  }

  async #acquire<T>(call: Call<T>, attempt: number) {
    const expected = this.#limiter.delayBeforeNextSend();
    if (expected > 0) {
      this.#log('debug', 'workato pacing wait', {
        method: call.method,
        path: call.path,
        attempt,
        waitMs: Number.isFinite(expected) ? expected : 'until a request in flight finishes',
      }, call.redact);
    }
    try {
      return await this.#limiter.acquire(call.signal);
    } catch (err) {
      if (err instanceof LimiterWaitAborted) throw new CancelledError({ ...this.#where(call), attempts: attempt - 1 });
      throw err;
    }
  }

  async #sleep<T>(call: Call<T>, ms: number, attempt: number): Promise<void> {
    try {
      await this.#clock.sleep(ms, call.signal);
    } catch {
      throw new CancelledError({ ...this.#where(call), attempts: attempt });
    }
  }

  /**
   * One HTTP attempt. Never throws: every way it can end is a RawOutcome. The caller's signal
   * aborts a GET in flight; a write, once sent, is let finish (bounded by the request timeout),
   * since Workato may commit it whatever the client does.
   */
  async #send<T>(call: Call<T>): Promise<RawOutcome> {
    if (call.signal?.aborted) return { kind: 'cancelled', sent: false };
    const controller = new AbortController();
    let endedBy: 'timeout' | 'cancelled' | undefined;
    const onCancel = (): void => {
      endedBy ??= 'cancelled';
      controller.abort();
    };
    const cancellable = call.method === 'GET' ? call.signal : undefined;
    cancellable?.addEventListener('abort', onCancel, { once: true });
    const timer = setTimeout(() => {
      endedBy ??= 'timeout';
      controller.abort();
    }, this.requestTimeoutMs);

    try {
      const headers: Record<string, string> = {
        Authorization: `Bearer ${this.#apiToken}`,
        Accept: 'application/json',
        'User-Agent': this.#userAgent,
      };
      if (call.body !== undefined) headers['Content-Type'] = 'application/json';
      const res = await this.#http.request<string>({
        method: call.method,
        url: call.path,
        params: call.query,
        data: call.body === undefined ? undefined : JSON.stringify(call.body),
        headers,
        signal: controller.signal,
      });
      return {
        kind: 'response',
        status: res.status,
        statusText: res.statusText || STATUS_CODES[res.status] || '',
        body: typeof res.data === 'string' ? res.data : '',
        correlationId: headerValue(res.headers['x-correlation-id']),
        retryAfter: headerValue(res.headers['retry-after']),
        date: headerValue(res.headers['date']),
        receivedAt: this.#clock.now(),
      };
    } catch (err) {
      if (endedBy === 'timeout') return { kind: 'timeout' };
      if (endedBy === 'cancelled') return { kind: 'cancelled', sent: true };
      // The axios error carries the request config (headers with the token, the body with the
      // secrets): keep only its code and message, scrubbed, and let the object go.
      const code = typeof (err as { code?: unknown })?.code === 'string' ? (err as { code: string }).code : undefined;
      const message = err instanceof Error ? err.message : String(err);
      return { kind: 'network', code, detail: call.redact(message) };
    } finally {
      clearTimeout(timer);
      cancellable?.removeEventListener('abort', onCancel);
    }
  }

  /** Method, API path and full URL of a call, for errors. */
  #where<T>(call: Call<T>): { method: string; path: string; url: string } {
    return { method: call.method, path: call.path, url: this.#url(call.path, call.query) };
  }

  /** The full URL of a request: base URL, path and query (only page and per_page: no secrets). */
  #url(path: string, query?: Record<string, number>): string {
    const search = query ? new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString() : '';
    return `${this.baseUrl}${path}${search ? `?${search}` : ''}`;
  }

  // -------------------------------------------------------------------------------------------
  // Errors and logs

  #errorInit<T>(call: Call<T>, raw: RawOutcome, attempts: number): WorkatoErrorInit {
    const init: WorkatoErrorInit = { ...this.#where(call), attempts };
    if (raw.kind !== 'response') return init;
    init.status = raw.status;
    init.statusText = raw.statusText;
    if (raw.correlationId) init.correlationId = call.redact(raw.correlationId);
    const json = parseJson(raw.body);
    if (json !== null && typeof json === 'object' && !Array.isArray(json)) {
      const body = json as Record<string, unknown>;
      const message = typeof body.message === 'string' ? body.message : typeof body.error === 'string' ? body.error : undefined;
      if (message) init.workatoMessage = call.redact(message);
      const fieldErrors = toFieldErrors(body.errors);
      if (fieldErrors) init.fieldErrors = redactDeep(fieldErrors, call.redact);
    }
    return init;
  }

  #toError<T>(call: Call<T>, raw: RawOutcome, attempts: number, note?: string): WorkatoError {
    const init = { ...this.#errorInit(call, raw, attempts), ...(note ? { note } : {}) };
    switch (raw.kind) {
      case 'cancelled':
        return new CancelledError(init);
      case 'timeout':
        return new TimeoutError(init, this.requestTimeoutMs);
      case 'network':
        return new NetworkError({ ...init, detail: raw.code && !raw.detail.includes(raw.code) ? `${raw.code}: ${raw.detail}` : raw.detail }, raw.code);
      case 'response':
        break;
    }
    const status = raw.status;
    if (status === 400 || status === 422) return new ValidationError(init);
    if (status === 401) return new UnauthorizedError(init);
    if (status === 403) return new ForbiddenError(init);
    if (status === 404 && call.path === PROFILES_PATH) {
      // The collection always exists: a 404 here means the requests go to the wrong place.
      return new WorkatoError(init, undefined, `Check base_url: it must be the Workato host root, e.g. https://www.workato.com (requests went to ${init.url}).`);
    }
    if (status === 404) return new NotFoundError(init);
    if (status === 429) return new RateLimitError(init, parseRetryAfter(raw.retryAfter, this.#clock.now()));
    if (status >= 500) return new ServerError(init);
    if (status >= 300 && status < 400) {
      return new WorkatoError(init, 'unexpected redirect', 'Check base_url: it must be the API host root, e.g. https://www.workato.com.');
    }
    return new WorkatoError(init, 'unexpected answer');
  }

  /** Logs plain fields only, scrubbed: never bodies or headers. */
  #log(level: 'debug' | 'warn', message: string, fields: Record<string, unknown>, redact: Redactor = this.#redactToken): void {
    const logger = this.#logger;
    if (!logger) return;
    try {
      logger[level](redact(message), redactDeep(fields, redact));
    } catch {
      // A failing logger must not fail the request.
    }
  }

  #redactorFor(payload: ProfilePayload): Redactor {
    return createRedactor([this.#apiToken, payload?.data?.client_secret, payload?.data?.token]);
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers

function toAttemptOutcome(raw: Exclude<RawOutcome, { kind: 'cancelled' }>, nowMs: number): AttemptOutcome {
  switch (raw.kind) {
    case 'response':
      return { kind: 'response', status: raw.status, retryAfterSeconds: parseRetryAfter(raw.retryAfter, nowMs) };
    case 'network':
      return { kind: 'network', ...classifyNetworkError(raw.code) };
    case 'timeout':
      return { kind: 'timeout' };
  }
}

function outcomeMayHaveTakenEffect(outcome: AttemptOutcome): boolean {
  switch (outcome.kind) {
    case 'response':
      return outcome.status >= 500;
    case 'network':
      return outcome.requestSent;
    case 'timeout':
      return true;
  }
}

export function checkApiToken(token: unknown): string {
  const value = typeof token === 'string' ? token.trim() : '';
  if (value === '') {
    throw new ConfigError(
      'The Workato API token is empty: set api_token (or WORKATO_API_TOKEN) to the token of a Workato API client.',
      'api_token',
    );
  }
  // Do not echo the token: say only what is wrong with it.
  if (/[\s\u0000-\u001f\u007f]/.test(value)) {
    throw new ConfigError(
      'The Workato API token contains whitespace or control characters: copy it again from the API client page.',
      'api_token',
    );
  }
  // It travels in an HTTP header, where anything else fails (ERR_INVALID_CHAR) or is mangled.
  if (/[^\x21-\x7e]/.test(value)) {
    throw new ConfigError(
      'The Workato API token may contain only printable ASCII characters, and it contains others (for example a ' +
        'typographic quote, a non-breaking or zero-width space, or an accented letter): copy it again from the API client page.',
      'api_token',
    );
  }
  return value;
}

/** A duration option in ms: 0 or more, finite, within what a timer can wait. */
function checkDuration(name: string, value: number): number {
  if (!(Number.isFinite(value) && value >= 0 && value <= 2 ** 31 - 1)) throw new RangeError(`${name} must be a number of milliseconds >= 0, got ${value}`);
  return value;
}

/** What makes two creates identical for the check of a create: name, provider and client_id. */
function createKey(payload: ProfilePayload): string {
  return JSON.stringify([payload?.name, payload?.provider, payload?.data?.client_id]);
}

/** How a failed attempt ended, in words, for a message. */
function describeOutcome(raw: RawOutcome, timeoutMs: number): string {
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

/**
 * The identical creates (same payload key) one client runs at the same time, and their POSTs on
 * the wire: a check of one of them waits until the others' answers are in, so that it knows the
 * ids they return before it looks for its own.
 */
class CreateGroup {
  /** Creates of this key in progress. */
  members = 0;
  /** POST attempts started so far, by any member. */
  started = 0;
  readonly #onTheWire = new Set<Promise<void>>();

  /** Marks a POST as going out; the function returned marks its answer as handled. */
  attemptStarted(): () => void {
    this.started++;
    let done!: () => void;
    const handled = new Promise<void>((resolve) => (done = resolve));
    this.#onTheWire.add(handled);
    return () => {
      this.#onTheWire.delete(handled);
      done();
    };
  }

  /** Resolves once no POST of this group is on the wire (each is bounded by the request timeout). */
  async settled(signal: AbortSignal | undefined, where: WorkatoErrorInit): Promise<void> {
    while (this.#onTheWire.size > 0) {
      if (signal?.aborted) throw new CancelledError(where);
      let onAbort: (() => void) | undefined;
      const aborted = new Promise<void>((resolve) => {
        onAbort = resolve;
        signal?.addEventListener('abort', onAbort, { once: true });
      });
      try {
        await Promise.race([Promise.all([...this.#onTheWire]), aborted]);
      } finally {
        if (onAbort) signal?.removeEventListener('abort', onAbort);
      }
    }
    if (signal?.aborted) throw new CancelledError(where);
  }
}

function checkInteger(name: 'requests_per_minute' | 'max_retries', value: number, min: number, max: number): number {
  if (!(Number.isInteger(value) && value >= min && value <= max)) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got ${value}`, name);
  }
  return value;
}

function checkPositiveInteger(name: string, value: number): void {
  if (!(Number.isInteger(value) && value >= 1)) throw new RangeError(`${name} must be a positive integer, got ${value}`);
}

function checkId(id: number): void {
  if (!(Number.isSafeInteger(id) && id >= 1)) throw new RangeError(`profile id must be a positive integer, got ${id}`);
}

function headerValue(value: unknown): string | undefined {
  const first: unknown = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === null || first === '' ? undefined : String(first);
}

function parseHttpDate(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function unexpected(init: WorkatoErrorInit, what: string): WorkatoError {
  return new WorkatoError(init, `unexpected answer: ${what}`, 'Check base_url: it must be the Workato API host root, e.g. https://www.workato.com.');
}

function unwrapResult(json: unknown, init: WorkatoErrorInit): unknown {
  if (json === null || typeof json !== 'object' || !('result' in json)) {
    throw unexpected(init, 'not a JSON object with a "result"');
  }
  return (json as { result: unknown }).result;
}

/** Copies only the documented fields, so a secret the server might echo never travels further. */
function toProfile(value: unknown, init: WorkatoErrorInit): Profile {
  const p = value as Record<string, unknown> | null;
  const data = p?.data as Record<string, unknown> | null | undefined;
  if (
    p === null ||
    typeof p !== 'object' ||
    typeof p.id !== 'number' ||
    typeof p.name !== 'string' ||
    typeof p.provider !== 'string' ||
    data === null ||
    typeof data !== 'object' ||
    typeof data.client_id !== 'string'
  ) {
    throw unexpected(init, 'a profile lacks id, name, provider or data.client_id');
  }
  return {
    id: p.id,
    user_id: typeof p.user_id === 'number' ? p.user_id : 0,
    name: p.name,
    provider: p.provider,
    data: { client_id: data.client_id },
    shared_accounts_count: typeof p.shared_accounts_count === 'number' ? p.shared_accounts_count : 0,
    oem_customers_count: typeof p.oem_customers_count === 'number' ? p.oem_customers_count : 0,
    created_at: typeof p.created_at === 'string' ? p.created_at : '',
    updated_at: typeof p.updated_at === 'string' ? p.updated_at : '',
  };
}

function toFieldErrors(value: unknown): FieldErrors | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const out: FieldErrors = {};
  for (const [field, messages] of Object.entries(value as Record<string, unknown>)) {
    if (Array.isArray(messages)) out[field] = messages.map(String);
    else if (messages !== undefined && messages !== null) out[field] = [String(messages)];
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
