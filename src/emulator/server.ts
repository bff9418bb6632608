// The emulator's HTTP server (node:http only): routing, bearer auth, the per-token rate limit,
// the five custom OAuth profile endpoints, fault injection and request recording.

import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { FaultQueue } from './faults';
import { SlidingWindowRateLimiter, checkRequestsPerMinute } from './rate-limiter';
import { DEFAULT_MAX_RECORDED_BYTES, DEFAULT_MAX_RECORDED_REQUESTS, RequestLog, checkRecordingLimit, estimateRecordBytes } from './request-log';
import { ProfileStore, copyProfile, patched, toPublicProfile } from './store';
import type { Emulator, EmulatorOptions, Fault, FaultMatch, ModifyPatch, ReceivedRequest, SeedInput, StoredProfile } from './types';
import { describeErrors, validatePayload, type ProfileFields } from './validation';

/** Bodies above this many bytes get 413 (1 MiB; profiles are a few hundred bytes). */
export const MAX_BODY_BYTES = 1024 * 1024;
/** `per_page` default and cap, per the reference page ("default 100, max 100"). */
export const MAX_PER_PAGE = 100;

const COLLECTION_PATH = '/api/custom_oauth_profiles';
const COLLECTION_METHODS = ['GET', 'POST'];
const MEMBER_METHODS = ['GET', 'PUT', 'DELETE'];
const MEMBER_PATH = /^\/api\/custom_oauth_profiles\/([^/]+)$/;

/** An answer before it is written (or dropped). */
interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/**
 * Where a request goes: one of the two endpoints, or the 404 / 405 answered before auth. Worked
 * out before the body is read, so a body nobody will use is neither buffered nor recorded.
 */
type Route = { kind: 'collection' } | { kind: 'member'; rawId: string } | { kind: 'unknown' } | { kind: 'method'; allowed: string[] };

function routeOf(method: string, path: string): Route {
  const member = MEMBER_PATH.exec(path);
  if (path !== COLLECTION_PATH && member === null) return { kind: 'unknown' };
  const allowed = member === null ? COLLECTION_METHODS : MEMBER_METHODS;
  if (!allowed.includes(method)) return { kind: 'method', allowed };
  return member === null ? { kind: 'collection' } : { kind: 'member', rawId: member[1] };
}

/** What the handler knows about a request once its body has been read. */
interface Incoming {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  raw: Buffer;
  tooLarge: boolean;
  /** The parsed body; undefined when empty, too large, not JSON, or not read (see Route). */
  json: unknown;
  malformed: boolean;
}

function newCorrelationId(): string {
  return randomBytes(12).toString('hex');
}

/**
 * Writes a reply as JSON; every answer carries the content type, an `x-correlation-id`, and a
 * `Date` from the emulator's clock (Node would use the real one; clients compare it with
 * `created_at`, which comes from the emulator's clock).
 */
function writeReply(res: http.ServerResponse, reply: Reply, correlationId: string, date: Date): void {
  // 204 and 304 carry no body by definition (only a status fault can produce them).
  const body = reply.status === 204 || reply.status === 304 ? '' : JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    date: date.toUTCString(),
    'x-correlation-id': correlationId,
    ...reply.headers,
  });
  res.end(body);
}

/**
 * Node answers unparseable HTTP itself with a bare 400; answer in the API's shape instead, so
 * even that response is JSON with a correlation id.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex, date: Date): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, text] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request header fields too large']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request timeout']
        : [400, 'Bad request: malformed HTTP'];
  const body = JSON.stringify({ message: text });
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\n` +
      'content-type: application/json; charset=utf-8\r\n' +
      `content-length: ${Buffer.byteLength(body)}\r\n` +
      `date: ${date.toUTCString()}\r\n` +
      `x-correlation-id: ${newCorrelationId()}\r\n` +
      'connection: close\r\n\r\n' +
      body,
  );
}

function message(status: number, text: string, headers?: Record<string, string>): Reply {
  return { status, body: { message: text }, headers };
}

function validationFailed(errors: Record<string, string[]>): Reply {
  return { status: 400, body: { message: 'Validation failed', errors } };
}

/** Splits a request target by hand: `new URL('//x', base)` would read "//x" as a host. */
function splitTarget(target: string): { path: string; query: Record<string, string> } {
  const q = target.indexOf('?');
  let path = q < 0 ? target : target.slice(0, q);
  // Rails routes ignore one trailing slash; so does the emulator.
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  const query = Object.fromEntries(new URLSearchParams(q < 0 ? '' : target.slice(q + 1)));
  return { path, query };
}

function flattenHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

/** A URL host for what the server listens on: wildcard addresses become loopback, IPv6 gets brackets. */
function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::' || host === '[::]') return '[::1]';
  if (host.includes(':') && !host.startsWith('[')) return `[${host}]`;
  return host;
}

/**
 * Reads the whole body, keeping at most MAX_BODY_BYTES (the rest is drained so keep-alive works).
 * With `keep` false it only measures it: the answer will not depend on it.
 */
function readBody(req: http.IncomingMessage, keep: boolean): Promise<{ raw: Buffer; tooLarge: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        tooLarge = true;
        chunks.length = 0;
      } else if (keep) {
        chunks.push(chunk);
      }
    });
    req.on('end', () => resolve({ raw: tooLarge ? Buffer.alloc(0) : Buffer.concat(chunks), tooLarge }));
    req.on('error', reject);
    req.on('close', () => {
      if (!req.complete) reject(new Error('request aborted'));
    });
  });
}

/** `page` / `per_page`: absent → default; otherwise a whole number >= 1 written in digits. */
function parsePageParam(value: string | undefined, fallback: number): number | undefined {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) && n >= 1 ? n : undefined;
}

function checkInteger(name: string, value: number | undefined, min: number): void {
  if (value !== undefined && !(Number.isSafeInteger(value) && value >= min)) {
    throw new RangeError(`${name} must be an integer >= ${min}, got ${value}`);
  }
}

class EmulatorServer implements Emulator {
  url = '';
  private readonly server: http.Server;
  private readonly store: ProfileStore;
  private readonly limiter: SlidingWindowRateLimiter;
  private readonly faults = new FaultQueue();
  private readonly recorded: RequestLog;
  /** Latency faults in progress, so close() can cut them short. */
  private readonly sleeps = new Set<() => void>();
  private readonly now: () => Date;
  private readonly initialRequestsPerMinute: number;
  private closing: Promise<void> | undefined;

  constructor(private readonly options: EmulatorOptions) {
    this.now = options.now ?? (() => new Date());
    this.initialRequestsPerMinute = options.requestsPerMinute ?? 60;
    this.limiter = new SlidingWindowRateLimiter(this.initialRequestsPerMinute);
    this.recorded = new RequestLog(
      options.maxRecordedRequests ?? DEFAULT_MAX_RECORDED_REQUESTS,
      options.maxRecordedBytes ?? DEFAULT_MAX_RECORDED_BYTES,
    );
    this.store = new ProfileStore({
      userId: options.userId ?? 123,
      firstId: options.firstId ?? 1,
      now: this.now,
      stateFile: options.stateFile,
    });
    this.server = http.createServer((req, res) => {
      this.serve(req, res).catch(() => {
        // Only reading the body rejects (the client went away mid-body): there is no one to answer.
        res.destroy();
      });
    });
    this.server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => answerClientError(error, socket, this.safeNow()));
    // Longer than common client keep-alive pools, so a client never reuses a socket we just closed.
    this.server.keepAliveTimeout = 65_000;
  }

  async listen(): Promise<void> {
    const host = this.options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port ?? 0, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://${urlHost(host)}:${port}`;
  }

  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      for (const wake of this.sleeps) wake();
      this.sleeps.clear();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    return this.closing;
  }

  // --- inspection --------------------------------------------------------------------------

  get requests(): ReceivedRequest[] {
    return this.recorded.list();
  }

  requestCount(filter?: FaultMatch): number {
    return this.recorded.count(filter);
  }

  profiles(): StoredProfile[] {
    return this.store.list().map(copyProfile);
  }

  profile(id: number): StoredProfile | undefined {
    const p = this.store.get(id);
    return p === undefined ? undefined : copyProfile(p);
  }

  // --- out-of-band changes -----------------------------------------------------------------

  seed(input: SeedInput): StoredProfile {
    checkInteger('shared_accounts_count', input.shared_accounts_count, 0);
    checkInteger('oem_customers_count', input.oem_customers_count, 0);
    const result = validatePayload({
      name: input.name,
      provider: input.provider,
      data: { client_id: input.client_id, client_secret: input.client_secret, token: input.token },
    });
    if (!result.ok) throw new TypeError(`seed: invalid profile: ${describeErrors(result.errors)}`);
    return copyProfile(this.store.create(result.fields, input));
  }

  modify(id: number, patch: ModifyPatch): StoredProfile {
    const current = this.store.get(id);
    if (current === undefined) throw new Error(`modify: no custom OAuth profile with id ${id}`);
    checkInteger('shared_accounts_count', patch.shared_accounts_count, 0);
    checkInteger('oem_customers_count', patch.oem_customers_count, 0);
    const next = patched(current, patch);
    // The Workato UI enforces the API's rules, so an out-of-band edit cannot break them either.
    const result = validatePayload({ name: next.name, provider: next.provider, data: next.data });
    if (!result.ok) throw new TypeError(`modify: invalid profile: ${describeErrors(result.errors)}`);
    const updated = this.store.patch(id, patch);
    if (updated === undefined) throw new Error(`modify: no custom OAuth profile with id ${id}`);
    return copyProfile(updated);
  }

  remove(id: number): boolean {
    return this.store.delete(id);
  }

  reset(): void {
    this.store.clear();
    this.recorded.clear();
    this.faults.clear();
    this.limiter.reset();
    this.limiter.setLimit(this.initialRequestsPerMinute);
  }

  setRequestsPerMinute(n: number): void {
    this.limiter.setLimit(n);
  }

  injectFault(fault: Fault): void {
    this.faults.add(fault);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  // --- HTTP --------------------------------------------------------------------------------

  private async serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const at = this.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const { path, query } = splitTarget(req.url ?? '/');
    const headers = flattenHeaders(req.headers);
    const route = routeOf(method, path);
    const auth = this.authenticate(headers.authorization);
    // Only a request to an endpoint with an accepted token can need its body (faults aside, which
    // never read it): anything else is measured for the size limit, then forgotten.
    const keepBody = (route.kind === 'collection' || route.kind === 'member') && typeof auth === 'string';
    const { raw, tooLarge } = await readBody(req, keepBody);
    let json: unknown;
    let malformed = false;
    if (!tooLarge && raw.length > 0) {
      try {
        json = JSON.parse(raw.toString('utf8'));
      } catch {
        malformed = true;
      }
    }
    const incoming: Incoming = { method, path, query, headers, raw, tooLarge, json, malformed };
    const record: ReceivedRequest = {
      method,
      path,
      query,
      headers,
      body: json,
      status: 0,
      at,
      correlationId: newCorrelationId(),
    };
    const bodyBytes = json === undefined ? 0 : raw.length;

    const fault = this.faults.take(method, path);
    if (fault !== undefined) record.fault = fault.kind;

    if (fault?.kind === 'drop') {
      res.socket?.destroy();
      this.finish(record, bodyBytes);
      return;
    }

    let reply: Reply;
    if (fault?.kind === 'status') {
      const headers: Record<string, string> = {};
      if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
      reply = {
        status: fault.status,
        body: fault.body !== undefined ? fault.body : { message: http.STATUS_CODES[fault.status] ?? 'Injected fault' },
        headers,
      };
    } else {
      if (fault?.kind === 'latency') {
        await this.sleep(fault.ms);
        if (this.closing !== undefined) return;
      }
      try {
        reply = this.handle(incoming, route, auth);
      } catch (error) {
        reply = message(500, `Internal server error: ${(error as Error).message}`);
      }
    }

    if (fault?.kind === 'drop-after-commit') {
      res.socket?.destroy();
      this.finish(record, bodyBytes);
      return;
    }

    writeReply(res, reply, record.correlationId, this.now());
    record.status = reply.status;
    this.finish(record, bodyBytes);
  }

  /** The emulator's clock, or the real one should the injected clock throw (no one to tell). */
  private safeNow(): Date {
    try {
      return this.now();
    } catch {
      return new Date();
    }
  }

  private finish(record: ReceivedRequest, bodyBytes: number): void {
    this.recorded.add(record, estimateRecordBytes(record, bodyBytes));
    try {
      this.options.onRequest?.(record);
    } catch {
      // A logging hook must never take the server down.
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.sleeps.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleeps.add(wake);
    });
  }

  /**
   * Decides the answer. Order: size limit (as a front proxy would), route and method (no auth
   * needed to learn a path does not exist), bearer auth, rate limit, then the endpoint. So only
   * authenticated requests to real endpoints count toward a token's window.
   */
  private handle(req: Incoming, route: Route, token: string | Reply): Reply {
    if (req.tooLarge) return message(413, `Request body too large: the limit is ${MAX_BODY_BYTES} bytes`);

    if (route.kind === 'unknown') return message(404, `Not found: ${req.method} ${req.path} is not an endpoint of this API`);
    if (route.kind === 'method') {
      const allowed = route.allowed.join(', ');
      const hint = req.method === 'PATCH' ? ' (updates are PUT with the whole payload)' : '';
      return message(405, `Method ${req.method} is not allowed on ${req.path}; allowed: ${allowed}${hint}`, { allow: allowed });
    }

    if (typeof token !== 'string') return token;

    const decision = this.limiter.tryAcquire(token, this.now().getTime());
    if (!decision.allowed) {
      return message(429, `Too many requests: the limit is ${this.limiter.limit} requests per minute per API token. Retry after ${decision.retryAfterSeconds} s.`, {
        'retry-after': String(decision.retryAfterSeconds),
      });
    }

    if (route.kind === 'collection') return req.method === 'GET' ? this.list(req.query) : this.create(req);
    // Ids are integers: anything else names no profile, as with an unknown id.
    const rawId = route.rawId;
    const id = /^\d+$/.test(rawId) ? Number(rawId) : NaN;
    const profile = Number.isSafeInteger(id) ? this.store.get(id) : undefined;
    if (profile === undefined) return message(404, `Not found: no custom OAuth profile with id ${rawId}`);
    if (req.method === 'GET') return { status: 200, body: { result: toPublicProfile(profile) } };
    if (req.method === 'PUT') return this.update(profile.id, req);
    this.store.delete(profile.id);
    return { status: 200, body: { result: { success: true } } };
  }

  /** The token, or the 401 to answer. */
  private authenticate(header: string | undefined): string | Reply {
    const unauthorized = (text: string): Reply => message(401, text, { 'www-authenticate': 'Bearer' });
    const found = header === undefined ? null : /^Bearer\s+(\S.*)$/i.exec(header.trim());
    if (found === null) return unauthorized("Unauthorized: send the API token as 'Authorization: Bearer <token>'");
    const token = found[1].trim();
    if (this.options.token !== undefined && token !== this.options.token) return unauthorized('Unauthorized: invalid API token');
    return token;
  }

  private list(query: Record<string, string>): Reply {
    const page = parsePageParam(query.page, 1);
    const perPage = parsePageParam(query.per_page, MAX_PER_PAGE);
    const errors: Record<string, string[]> = {};
    if (page === undefined) errors.page = ['must be an integer greater than or equal to 1'];
    if (perPage === undefined) errors.per_page = ['must be an integer greater than or equal to 1'];
    if (page === undefined || perPage === undefined) return validationFailed(errors);
    // Workato caps per_page at 100 rather than refusing more, so a client asking for 500 gets 100.
    const size = Math.min(perPage, MAX_PER_PAGE);
    const start = (page - 1) * size;
    const result = start >= Number.MAX_SAFE_INTEGER ? [] : this.store.list().slice(start, start + size).map(toPublicProfile);
    return { status: 200, body: { result } };
  }

  private payload(req: Incoming): { ok: true; fields: ProfileFields } | { ok: false; reply: Reply } {
    if (req.malformed) return { ok: false, reply: message(400, 'Malformed JSON in request body') };
    // An empty body reads as an empty object, so the answer lists every missing field.
    const result = validatePayload(req.raw.length === 0 ? {} : req.json);
    return result.ok ? result : { ok: false, reply: validationFailed(result.errors) };
  }

  private create(req: Incoming): Reply {
    const payload = this.payload(req);
    if (!payload.ok) return payload.reply;
    return { status: 200, body: { result: toPublicProfile(this.store.create(payload.fields)) } };
  }

  private update(id: number, req: Incoming): Reply {
    const payload = this.payload(req);
    if (!payload.ok) return payload.reply;
    const updated = this.store.replace(id, payload.fields);
    return updated === undefined ? message(404, `Not found: no custom OAuth profile with id ${id}`) : { status: 200, body: { result: toPublicProfile(updated) } };
  }
}

/**
 * Starts an emulator of Workato's custom OAuth profile API and resolves once it listens.
 * Rejects when an option is invalid, the port is taken, or the state file cannot be read.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const port = options.port ?? 0;
  if (!(Number.isInteger(port) && port >= 0 && port <= 65535)) throw new RangeError(`port must be an integer from 0 to 65535, got ${port}`);
  if (options.token !== undefined && options.token.trim() === '') throw new TypeError('token must not be empty');
  if (options.requestsPerMinute !== undefined) checkRequestsPerMinute(options.requestsPerMinute);
  checkInteger('userId', options.userId, 1);
  checkInteger('firstId', options.firstId, 1);
  if (options.maxRecordedRequests !== undefined) checkRecordingLimit('maxRecordedRequests', options.maxRecordedRequests);
  if (options.maxRecordedBytes !== undefined) checkRecordingLimit('maxRecordedBytes', options.maxRecordedBytes);
  const emulator = new EmulatorServer(options);
  await emulator.listen();
  return emulator;
}
