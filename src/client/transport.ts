// The generic transport of the Workato API client: one request through pacing, retries, the
// check of a write that may have taken effect, and typed, secret-free errors. It knows the API's
// conventions (bearer token, JSON, the `result` wrapper, paging) but none of its resources. How an
// attempt ended, and the error it becomes, is in outcome.ts; how requests reach Workato (the proxy
// of HTTPS_PROXY / NO_PROXY, the roots of SSL_CERT_FILE / SSL_CERT_DIR) is in network.ts.

import type { AxiosInstance, AxiosStatic } from 'axios';
import { STATUS_CODES } from 'node:http';
import { systemClock, type Clock } from './clock';
import { checkApiToken, checkDuration, checkInteger, resolveBaseUrl } from './config';
import {
  CancelledError,
  ConfigError,
  createRedactor,
  redactDeep,
  AmbiguousCreateError,
  type Redactor,
  type WorkatoError,
  type WorkatoErrorInit,
} from './errors';
import { LimiterWaitAborted, SlidingWindowLimiter } from './limiter';
import { describeRoute, findProxyFailure, ProxyError, resolveNetwork, type Network, type NetworkEnv, type ProxyConnectFailure } from './network';
import { describeOutcome, errorInit, outcomeMayHaveTakenEffect, toAttemptOutcome, toError, type RawOutcome } from './outcome';
import { SignalFanout } from './signals';
import {
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  shouldRetry,
  type AttemptOutcome,
  type HttpMethod,
  type RetryDecision,
  type RetryPolicy,
} from './retry';
import { headerValue, parseHttpDate, parseJson } from './response';

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

export interface TransportOptions {
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
  /**
   * The environment the network settings are read from when the client is made, as Go's net/http
   * reads them (see network.ts): HTTPS_PROXY / https_proxy, NO_PROXY / no_proxy, SSL_CERT_FILE,
   * SSL_CERT_DIR (and NODE_EXTRA_CA_CERTS on Node < 22.15). @default process.env
   */
  environment?: NetworkEnv;
}

/** How an attempt ended, and, when it failed at the proxy, how. */
type SentOutcome = RawOutcome & { proxyFailure?: ProxyConnectFailure };

export const DEFAULT_REQUESTS_PER_MINUTE = 60;
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
export const DEFAULT_USER_AGENT = 'terraform-provider-workato-client';

/** Workato's window is 60 s; the margin only covers clock-rate differences (see limiter.ts). */
const PACING_WINDOW_MS = 60_000 + 500;
/** Workato abandons every Developer API request after 40 s on its side... */
const SERVER_TIMEOUT_MS = 40_000;
/** ...and a create it was still working on is committed (or not) by this much later. */
const SERVER_SETTLE_MARGIN_MS = 2_000;
export const DEFAULT_CREATE_SETTLE_MS = SERVER_TIMEOUT_MS + SERVER_SETTLE_MARGIN_MS;
export const DEFAULT_CANCEL_CHECK_TIMEOUT_MS = 10_000;
const MAX_RESPONSE_BYTES = 50 * 1024 * 1024;

export interface ResponseMeta {
  /** Server time from the `Date` header, in ms, when present and valid. */
  serverDate?: number;
  /** Local clock time when the answer arrived. */
  receivedAt: number;
}

/** One API call as an endpoint module describes it to the transport. */
export interface Call<T> {
  method: HttpMethod;
  /** The path under the base URL, e.g. `/api/custom_oauth_profiles/3`. */
  path: string;
  query?: Record<string, number>;
  /** The JSON body; its secrets must be in `redact`. */
  body?: unknown;
  signal?: AbortSignal;
  redact: Redactor;
  /** Turns the JSON of a 2xx answer into the result; throws WorkatoError on an unexpected shape. */
  parse(json: unknown, meta: ResponseMeta, init: WorkatoErrorInit): T;
  /**
   * What a 404 means: `missing` (no such record: NotFoundError, the default) or `misrouted` (a
   * collection, which always exists: the base URL is wrong, UnexpectedResponseError).
   */
  notFound?: 'missing' | 'misrouted';
  /** For a non-idempotent call: finds out whether a failed attempt took effect (its result, or undefined). */
  verify?(firstSentAt: number, signal: AbortSignal | undefined): Promise<T | undefined>;
  /** Called as an attempt goes out; what it returns is called once the attempt's answer has been handled. */
  onAttempt?(): () => void;
  /** Describes what a failed `verify` leaves uncertain, for the error message. */
  uncertainty?: string;
  /** The note of the error when `verify` found that no attempt took effect and no retry is left. */
  notCommittedNote?: string;
  /** The result when a retry answers 404 after an earlier attempt may have done the job (DELETE). */
  doneWhenGone?: () => T;
}


/**
 * axios, loaded on first use rather than with this module: it is most of the client's load time
 * (tens of milliseconds: its FormData support wakes Node's fetch implementation), and the provider
 * creates its client in ConfigureProvider, while Terraform waits. `preloadAxios` lets the provider
 * load it once that answer is out, while Terraform prepares its first requests.
 */
function loadAxios(): AxiosStatic {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('axios') as AxiosStatic;
}

/** Loads axios now (see loadAxios), so that the first request does not wait for it. */
export function preloadAxios(): void {
  loadAxios();
}

/** Pacing, retries and errors for one API token: every endpoint module of a client shares one. */
export class Transport {
  readonly baseUrl: string;
  readonly requestsPerMinute: number;
  readonly maxRetries: number;
  readonly requestTimeoutMs: number;
  readonly clock: Clock;

  // Private fields (#) are invisible to util.inspect and JSON.stringify: the token stays out of dumps.
  readonly #apiToken: string;
  readonly #userAgent: string;
  readonly #axiosConfig: Parameters<AxiosStatic['create']>[0];
  #axios?: AxiosInstance;
  readonly #limiter: SlidingWindowLimiter;
  readonly #logger?: ClientLogger;
  readonly #policy: RetryPolicy;
  readonly #random: () => number;
  #redactToken: Redactor;
  /** Secrets the caller has (e.g. those a Terraform state holds), redacted from every call's text. */
  readonly #remembered = new Set<string>();
  readonly #signals = new SignalFanout();
  readonly #createSettleMs: number;
  readonly #cancelCheckTimeoutMs: number;
  readonly #network: Network;

  constructor(options: TransportOptions) {
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

    this.clock = options.clock ?? systemClock;
    this.#logger = options.logger;
    this.#policy = { ...DEFAULT_RETRY_POLICY, ...options.retryPolicy, maxRetries: this.maxRetries };
    this.#random = options.random ?? Math.random;
    this.#createSettleMs = checkDuration('createSettleMs', options.createSettleMs ?? DEFAULT_CREATE_SETTLE_MS);
    this.#cancelCheckTimeoutMs = checkDuration('cancelCheckTimeoutMs', options.cancelCheckTimeoutMs ?? DEFAULT_CANCEL_CHECK_TIMEOUT_MS);
    // The route and the trusted roots, read now: a wrong HTTPS_PROXY or SSL_CERT_FILE is a ConfigError here.
    this.#network = resolveNetwork(this.baseUrl, options.environment ?? process.env, {
      connectTimeoutMs: this.requestTimeoutMs,
      userAgent: this.#userAgent,
    });
    // The proxy's user name and password are secrets as much as the token is.
    this.#redactToken = createRedactor([this.#apiToken, ...this.#network.secrets]);
    this.#limiter = new SlidingWindowLimiter({ limit: this.requestsPerMinute, windowMs: PACING_WINDOW_MS, clock: this.clock });

    this.#axiosConfig = {
      baseURL: this.baseUrl,
      // Statuses, bodies and JSON are handled here, so axios raises only for transport failures.
      validateStatus: () => true,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      // A redirect is a misconfigured base_url; following it could carry the token elsewhere.
      maxRedirects: 0,
      maxContentLength: MAX_RESPONSE_BYTES,
      // Never axios's reading of the proxy variables (it differs from Go's): the agents of
      // network.ts choose the route, tunnel through the proxy and add the trusted roots.
      proxy: false,
    } satisfies Parameters<AxiosStatic['create']>[0];
    this.log('debug', 'workato network', { baseUrl: this.baseUrl, ...this.#network.summary });
  }

  /** The axios instance, made on first use: see loadAxios. */
  get #http(): AxiosInstance {
    return (this.#axios ??= loadAxios().create({ ...this.#axiosConfig, ...this.#network.agents() }));
  }

  /** The full URL of a request: base URL, path and query (only page and per_page: no secrets). */
  url(path: string, query?: Record<string, number>): string {
    const search = query ? new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString() : '';
    return `${this.baseUrl}${path}${search ? `?${search}` : ''}`;
  }

  // -------------------------------------------------------------------------------------------
  // The retry loop

  /** Sends one call: pacing, retries, the check of an attempt that may have taken effect, typed errors. */
  async execute<T>(call: Call<T>): Promise<T> {
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
      const sentAt = this.clock.now();
      firstSentAt ??= sentAt;
      const attemptHandled = call.onAttempt?.();
      let raw: SentOutcome;
      try {
        raw = await this.#send(call);
      } finally {
        permit.release();
      }
      this.log('debug', 'workato request', {
        method,
        path,
        attempt,
        ...(raw.kind === 'response' ? { status: raw.status } : { outcome: raw.kind }),
        ...(raw.kind === 'network' && raw.code ? { code: raw.code } : {}),
        ...(raw.proxyFailure ? { proxy: raw.proxyFailure.proxy.shown, proxyFailure: raw.proxyFailure.kind, proxyStatus: raw.proxyFailure.details.status } : {}),
        durationMs: this.clock.now() - sentAt,
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
        this.log('debug', 'gone on retry: an earlier attempt did the job', { method, path, attempt }, call.redact);
        return call.doneWhenGone();
      }

      // A failure at the proxy reached nothing of Workato's: its own outcome (see network.ts).
      const outcome = raw.proxyFailure?.attemptOutcome ?? toAttemptOutcome(raw, this.clock.now());
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
        const note = decision === 'verify-then-fail' ? call.notCommittedNote : undefined;
        throw this.#toError(call, raw, attempt, note);
      }

      mayHaveTakenEffect ||= outcomeMayHaveTakenEffect(outcome);
      const retryAfter = outcome.kind === 'response' ? outcome.retryAfterSeconds : undefined;
      const wait = backoffDelay(attempt, retryAfter, this.#random(), this.#policy);
      if (outcome.kind === 'response' && outcome.status === 429) {
        // The server's window is full: hold every call of this client, not only this one.
        this.#limiter.pauseUntil(this.clock.now() + wait);
      }
      this.log('debug', 'workato retry', {
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
      this.log('debug', 'cancelled after sending: one quick check whether it was committed', {
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
      const lookedAt = this.clock.now();
      const found = await verify(firstSentAt, call.signal);
      if (found !== undefined || lookedAt >= settleAt) return found;
    }
    const settle = settleAt - this.clock.now();
    if (settle > 0) {
      // A gateway may have answered (504, 502, a reset) while the backend still works on the create.
      this.log('debug', 'waiting for the server to finish before checking (again)', { method: call.method, path: call.path, waitMs: settle }, call.redact);
      await this.#sleep(call, settle, attempt);
    }
    return verify(firstSentAt, call.signal);
  }

  async #acquire<T>(call: Call<T>, attempt: number) {
    const expected = this.#limiter.delayBeforeNextSend();
    if (expected > 0) {
      this.log('debug', 'workato pacing wait', {
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
      await this.clock.sleep(ms, call.signal);
    } catch {
      throw new CancelledError({ ...this.#where(call), attempts: attempt });
    }
  }

  /**
   * One HTTP attempt. Never throws: every way it can end is a RawOutcome. The caller's signal
   * aborts a GET in flight; a write, once sent, is let finish (bounded by the request timeout),
   * since Workato may commit it whatever the client does.
   */
  async #send<T>(call: Call<T>): Promise<SentOutcome> {
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
        receivedAt: this.clock.now(),
      };
    } catch (err) {
      if (endedBy === 'timeout') return { kind: 'timeout' };
      if (endedBy === 'cancelled') return { kind: 'cancelled', sent: true };
      // The axios error carries the request config (headers with the token, the body with the
      // secrets): keep only its code and message, scrubbed, and let the object go.
      const code = typeof (err as { code?: unknown })?.code === 'string' ? (err as { code: string }).code : undefined;
      const message = err instanceof Error ? err.message : String(err);
      const proxyFailure = findProxyFailure(err);
      const outcome: SentOutcome = { kind: 'network', code, detail: call.redact(message), ...(proxyFailure ? { proxyFailure } : {}) };
      return outcome;
    } finally {
      clearTimeout(timer);
      cancellable?.removeEventListener('abort', onCancel);
    }
  }

  /** Method, API path and full URL of a call, for errors. */
  #where<T>(call: Call<T>): { method: string; path: string; url: string } {
    return { method: call.method, path: call.path, url: this.url(call.path, call.query) };
  }

  // -------------------------------------------------------------------------------------------
  // Errors and logs

  #errorInit<T>(call: Call<T>, raw: RawOutcome, attempts: number): WorkatoErrorInit {
    return errorInit(raw, this.#where(call), attempts, call.redact);
  }

  #toError<T>(call: Call<T>, raw: SentOutcome, attempts: number, note?: string): WorkatoError {
    const init = { ...this.#errorInit(call, raw, attempts), ...(note ? { note } : {}) };
    if (raw.proxyFailure) return new ProxyError(init, raw.proxyFailure, call.redact(raw.proxyFailure.message));
    const route = this.#network.route;
    const proxyInvolved = route.kind === 'proxy' || route.reason === 'no-proxy';
    if (proxyInvolved && (raw.kind === 'network' || raw.kind === 'timeout')) {
      // No answer, and a proxy variable was set: say which way the request went.
      const way = `The request went ${describeRoute(route, new URL(this.baseUrl).hostname)}.`;
      init.note = init.note ? `${way} ${init.note}` : way;
    }
    return toError(raw, init, { notFound: call.notFound, requestTimeoutMs: this.requestTimeoutMs, now: () => this.clock.now() });
  }

  /** Logs plain fields only, scrubbed: never bodies or headers. */
  log(level: 'debug' | 'warn', message: string, fields: Record<string, unknown>, redact: Redactor = this.#redactToken): void {
    const logger = this.#logger;
    if (!logger) return;
    try {
      logger[level](redact(message), redactDeep(fields, redact));
    } catch {
      // A failing logger must not fail the request.
    }
  }

  /** The token, the proxy's credentials and the remembered secrets: kept out of every text. */
  #always(): string[] {
    return [this.#apiToken, ...this.#network.secrets, ...this.#remembered];
  }

  /**
   * Secrets the caller knows of (a profile's client secret and token from the Terraform state,
   * say): from now on they are redacted from every error and log line of every call, so a server
   * that echoes one in the answer to a GET cannot leak it either.
   */
  rememberSecrets(secrets: ReadonlyArray<string | null | undefined>): void {
    let added = false;
    for (const s of secrets) {
      if (typeof s === 'string' && s.length > 0 && !this.#remembered.has(s)) {
        this.#remembered.add(s);
        added = true;
      }
    }
    if (added) this.#redactToken = createRedactor(this.#always());
  }

  /** A redactor for the token and these secrets of one call (e.g. a payload's). */
  redactorFor(secrets: ReadonlyArray<string | undefined>): Redactor {
    return secrets.length === 0 ? this.#redactToken : createRedactor([...this.#always(), ...secrets]);
  }

  /** A redactor for the token (and the proxy's credentials and remembered secrets). */
  get redactToken(): Redactor {
    return this.#redactToken;
  }
}
