// The emulator's HTTP server (node:http only): the pipeline every request goes through (route,
// body, faults, bearer auth, the per-token rate limit, recording) in front of the route table the
// resource modules fill, and the Emulator handle tests inspect it with.

import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { CustomOAuthProfiles } from './custom-oauth-profiles';
import { FaultQueue } from './faults';
import { answerClientError, flattenHeaders, MAX_BODY_BYTES, message, newCorrelationId, readBody, splitTarget, urlHost, writeReply, type Reply } from './http';
import { checkRequestsPerMinute, SlidingWindowRateLimiter } from './rate-limiter';
import { checkRecordingLimit, DEFAULT_MAX_RECORDED_BYTES, DEFAULT_MAX_RECORDED_REQUESTS, estimateRecordBytes, RequestLog } from './request-log';
import { notRouted, routeOf, type Endpoint, type EndpointRequest, type Route } from './routes';
import type { Emulator, EmulatorOptions, Fault, FaultMatch, ModifyPatch, ReceivedRequest, SeedInput, StoredProfile } from './types';

export { MAX_BODY_BYTES } from './http';
export { MAX_PER_PAGE } from './paging';

/** A request once its body is read, before it is routed to a handler. */
type Incoming = Omit<EndpointRequest, 'params'>;

function checkInteger(name: string, value: number | undefined, min: number): void {
  if (value !== undefined && !(Number.isSafeInteger(value) && value >= min)) {
    throw new RangeError(`${name} must be an integer >= ${min}, got ${value}`);
  }
}

class EmulatorServer implements Emulator {
  url = '';
  private readonly server: http.Server;
  private readonly customOAuthProfiles: CustomOAuthProfiles;
  /** Every resource's endpoints, in the order they are matched. */
  private readonly routes: readonly Endpoint[];
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
    this.customOAuthProfiles = new CustomOAuthProfiles({
      userId: options.userId ?? 123,
      firstId: options.firstId ?? 1,
      now: this.now,
      stateFile: options.stateFile,
    });
    this.routes = [...this.customOAuthProfiles.endpoints];
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
      // No request is being handled now (handlers are synchronous, latency sleeps were cut
      // short): the state file's journal, if any, becomes part of its snapshot again.
      this.customOAuthProfiles.close();
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
    return this.customOAuthProfiles.profiles();
  }

  profile(id: number): StoredProfile | undefined {
    return this.customOAuthProfiles.profile(id);
  }

  // --- out-of-band changes -----------------------------------------------------------------

  seed(input: SeedInput): StoredProfile {
    return this.customOAuthProfiles.seed(input);
  }

  modify(id: number, patch: ModifyPatch): StoredProfile {
    return this.customOAuthProfiles.modify(id, patch);
  }

  remove(id: number): boolean {
    return this.customOAuthProfiles.remove(id);
  }

  reset(): void {
    this.customOAuthProfiles.clear();
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
    const route = routeOf(this.routes, method, path);
    const auth = this.authenticate(headers.authorization);
    // Only a request to an endpoint with an accepted token can need its body (faults aside, which
    // never read it): anything else is measured for the size limit, then forgotten.
    const keepBody = route.kind === 'endpoint' && typeof auth === 'string';
    const body = await readBody(req, keepBody);
    const { raw, json } = body;
    const incoming: Incoming = { method, path, query, ...body };
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
    if (route.kind !== 'endpoint') return notRouted(route, req.method, req.path);
    if (typeof token !== 'string') return token;

    const decision = this.limiter.tryAcquire(token, this.now().getTime());
    if (!decision.allowed) {
      return message(429, `Too many requests: the limit is ${this.limiter.limit} requests per minute per API token. Retry after ${decision.retryAfterSeconds} s.`, {
        'retry-after': String(decision.retryAfterSeconds),
      });
    }
    return route.handler({ ...req, params: route.params });
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
