// WorkatoClient against the emulator over real HTTP on 127.0.0.1: endpoints and paging, pacing,
// retries, safe creates (also concurrent and late-committed ones), base_url, typed errors,
// redaction, timeouts and cancellation. A small node:http proxy stands in for what the emulator's
// faults cannot do (a gateway answering 504 while the backend commits later, capped pages).

import { getEventListeners } from 'node:events';
import * as http from 'node:http';
import * as net from 'node:net';
import { inspect } from 'node:util';
import { startEmulator, type Emulator, type EmulatorOptions } from '../emulator';
import {
  AmbiguousCreateError,
  CancelledError,
  ConfigError,
  ForbiddenError,
  NetworkError,
  NotFoundError,
  RateLimitError,
  ServerError,
  systemClock,
  TimeoutError,
  UnauthorizedError,
  ValidationError,
  WorkatoClient,
  WorkatoError,
  type ClientLogger,
  type Clock,
  type ProfilePayload,
  type WorkatoClientOptions,
} from './index';

const API_TOKEN = 'wrkprod-API-TOKEN-SENTINEL-5f1e2d3c';
const PROFILES = '/api/custom_oauth_profiles';

/** A clock `speed` times faster than real time: backoff and pacing waits shrink accordingly. */
function fastClock(speed: number): Clock {
  const origin = Date.now();
  return {
    now: () => origin + (Date.now() - origin) * speed,
    sleep: (ms, signal) => systemClock.sleep(ms / speed, signal),
  };
}

interface LogLine {
  level: 'debug' | 'warn';
  message: string;
  fields?: Record<string, unknown>;
}

function captureLogger(): { lines: LogLine[]; logger: ClientLogger } {
  const lines: LogLine[] = [];
  return {
    lines,
    logger: {
      debug: (message, fields) => lines.push({ level: 'debug', message, fields }),
      warn: (message, fields) => lines.push({ level: 'warn', message, fields }),
    },
  };
}

function payload(n = 1, extra: Partial<ProfilePayload['data']> = {}): ProfilePayload {
  return { name: `Profile ${n}`, provider: 'hubspot', data: { client_id: `client-${n}`, client_secret: `secret-${n}`, ...extra } };
}

async function caught(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface ProxiedRequest {
  method: string;
  /** Path and query, as the client sent them. */
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

interface Upstream {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** Sends a request on to `target` (the emulator) and collects its answer. */
function forward(target: string, req: ProxiedRequest): Promise<Upstream> {
  return new Promise((resolve, reject) => {
    const upstream = http.request(
      new URL(req.url, target),
      { method: req.method, headers: { ...req.headers, host: new URL(target).host }, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    upstream.on('error', reject);
    upstream.end(req.body);
  });
}

function reply(res: http.ServerResponse, upstream: Upstream): void {
  const headers = { ...upstream.headers, 'content-length': String(upstream.body.length) };
  delete headers['transfer-encoding'];
  delete headers['connection'];
  res.writeHead(upstream.status, headers);
  res.end(upstream.body);
}

type ProxyHandler = (req: ProxiedRequest, res: http.ServerResponse, pass: (req?: ProxiedRequest) => Promise<Upstream>) => Promise<void> | void;

const proxies: { close(): Promise<void> }[] = [];

/**
 * A node:http proxy in front of the emulator, for what the emulator's faults cannot do: answer
 * now and commit later, cap per_page, change the data between two pages. The handler decides.
 */
async function startProxy(target: string, handle: ProxyHandler): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = http.createServer((incoming, res) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const req: ProxiedRequest = { method: incoming.method ?? 'GET', url: incoming.url ?? '/', headers: incoming.headers, body: Buffer.concat(chunks) };
      Promise.resolve(handle(req, res, (r = req) => forward(target, r))).catch(() => res.destroy());
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const proxy = {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  proxies.push(proxy);
  return proxy;
}

let emulator: Emulator | undefined;

async function start(options: EmulatorOptions = {}): Promise<Emulator> {
  emulator = await startEmulator({ requestsPerMinute: 0, ...options });
  return emulator;
}

afterEach(async () => {
  await Promise.all(proxies.splice(0).map((p) => p.close()));
  await emulator?.close();
  emulator = undefined;
});

/** A client of the running emulator; waits run 1000x fast unless a clock is given. */
function clientOf(emu: Emulator, options: Partial<WorkatoClientOptions> = {}): WorkatoClient {
  return new WorkatoClient({ apiToken: API_TOKEN, baseUrl: emu.url, clock: fastClock(1000), ...options });
}

describe('configuration', () => {
  it('refuses an empty or malformed API token without echoing it', () => {
    expect(() => new WorkatoClient({ apiToken: '' })).toThrow(ConfigError);
    expect(() => new WorkatoClient({ apiToken: '   ' })).toThrow(/API token is empty/);
    const error = (() => {
      try {
        new WorkatoClient({ apiToken: 'wrkprod-abc def' });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.message).not.toContain('abc');
  });

  it.each([
    ['an accented letter', 'wrkprod-abc\u00e9def'],
    ['a zero-width space', 'wrkprod-abc\u200bdef'],
    ['typographic quotes', '\u201cwrkprod-abcdef\u201d'],
    ['an emoji', 'wrkprod-abc\u{1f511}def'],
  ])('refuses a token with %s (not printable ASCII) as a config error, not a network error', (_what, token) => {
    let error: unknown;
    try {
      new WorkatoClient({ apiToken: token, baseUrl: 'http://127.0.0.1:9' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ setting: 'api_token' });
    expect((error as Error).message).toMatch(/only printable ASCII/);
    expect((error as Error).message).not.toContain('abc');
  });

  it('refuses a bad URL, data center or limit', () => {
    expect(() => new WorkatoClient({ apiToken: 't', baseUrl: 'http://example.com' })).toThrow(ConfigError);
    expect(() => new WorkatoClient({ apiToken: 't', dataCenter: 'xx' })).toThrow(/us, eu, jp, sg, au, il, trial/);
    expect(() => new WorkatoClient({ apiToken: 't', requestsPerMinute: 0 })).toThrow(/requests_per_minute/);
    expect(() => new WorkatoClient({ apiToken: 't', maxRetries: -1 })).toThrow(/max_retries/);
    expect(() => new WorkatoClient({ apiToken: 't', requestTimeoutMs: 0 })).toThrow(/request_timeout_seconds/);
    expect(() => new WorkatoClient({ apiToken: 't', requestsPerMinute: 1.5 })).toThrow(expect.objectContaining({ setting: 'requests_per_minute' }));
    expect(() => new WorkatoClient({ apiToken: '' })).toThrow(expect.objectContaining({ setting: 'api_token' }));
  });

  it('has the documented defaults', () => {
    const client = new WorkatoClient({ apiToken: 't', dataCenter: 'eu' });
    expect(client.baseUrl).toBe('https://app.eu.workato.com');
    expect(client.requestsPerMinute).toBe(60);
    expect(client.maxRetries).toBe(5);
    expect(client.requestTimeoutMs).toBe(60_000);
  });
});

describe('endpoints', () => {
  it('creates, reads, updates and deletes, sending the bearer token and JSON', async () => {
    const emu = await start({ token: API_TOKEN });
    const client = clientOf(emu, { userAgent: 'test-agent/1.0' });

    const created = await client.createProfile(payload(1, { token: 'xoxb-1' }));
    expect(created).toMatchObject({ name: 'Profile 1', provider: 'hubspot', data: { client_id: 'client-1' } });
    expect(typeof created.id).toBe('number');
    expect(created).not.toHaveProperty('data.client_secret');
    expect(emu.profile(created.id)?.data).toEqual({ client_id: 'client-1', client_secret: 'secret-1', token: 'xoxb-1' });

    expect(await client.getProfile(created.id)).toEqual(created);
    const updated = await client.updateProfile(created.id, { name: 'Renamed', provider: 'salesforce', data: { client_id: 'c2', client_secret: 's2' } });
    expect(updated).toMatchObject({ id: created.id, name: 'Renamed', provider: 'salesforce', data: { client_id: 'c2' } });
    expect(emu.profile(created.id)?.data.client_secret).toBe('s2');

    await client.deleteProfile(created.id);
    expect(emu.profiles()).toEqual([]);

    const [post, get, put, del] = emu.requests;
    expect([post.method, get.method, put.method, del.method]).toEqual(['POST', 'GET', 'PUT', 'DELETE']);
    for (const r of emu.requests) {
      expect(r.headers.authorization).toBe(`Bearer ${API_TOKEN}`);
      expect(r.headers.accept).toBe('application/json');
      expect(r.headers['user-agent']).toBe('test-agent/1.0');
    }
    expect(post.headers['content-type']).toBe('application/json');
    expect(put.body).toEqual({ name: 'Renamed', provider: 'salesforce', data: { client_id: 'c2', client_secret: 's2' } });
  });

  it('walks 250 profiles in 3 pages of 100', async () => {
    const emu = await start();
    for (let i = 1; i <= 250; i++) emu.seed({ name: `P${i}`, provider: 'hubspot', client_id: `c${i}`, client_secret: `s${i}` });
    const profiles = await clientOf(emu).listProfiles();
    expect(profiles).toHaveLength(250);
    expect(new Set(profiles.map((p) => p.id)).size).toBe(250);
    expect(emu.requests.map((r) => r.query)).toEqual([
      { page: '1', per_page: '100' },
      { page: '2', per_page: '100' },
      { page: '3', per_page: '100' },
    ]);
  });

  it('stops on an empty page after a full one, and on an empty first page', async () => {
    const emu = await start();
    const client = clientOf(emu);
    expect(await client.listProfiles()).toEqual([]);
    expect(emu.requestCount()).toBe(1);
    for (let i = 1; i <= 200; i++) emu.seed({ name: `P${i}`, provider: 'hubspot', client_id: `c${i}`, client_secret: `s${i}` });
    expect(await client.listProfiles()).toHaveLength(200);
    expect(emu.requestCount()).toBe(1 + 3);
  });

  it('reads one page of a chosen size', async () => {
    const emu = await start();
    for (let i = 1; i <= 7; i++) emu.seed({ name: `P${i}`, provider: 'hubspot', client_id: `c${i}`, client_secret: `s${i}` });
    const page = await clientOf(emu).listProfilesPage(2, 3);
    expect(page.map((p) => p.name)).toEqual(['P4', 'P5', 'P6']);
    expect(emu.requests[0].query).toEqual({ page: '2', per_page: '3' });
    await expect(clientOf(emu).listProfilesPage(1, 101)).rejects.toThrow(RangeError);
  });

  it('checks ids before sending anything', async () => {
    const emu = await start();
    await expect(clientOf(emu).getProfile(0)).rejects.toThrow(RangeError);
    await expect(clientOf(emu).deleteProfile(1.5)).rejects.toThrow(RangeError);
    expect(emu.requestCount()).toBe(0);
  });
});

describe('pacing', () => {
  it('a burst of 300 calls at 120 rpm gets no 429 from a server enforcing 120 rpm', async () => {
    // Client and emulator share a clock running 100x fast: a 60 s window lasts 0.6 s.
    const clock = fastClock(100);
    const emu = await start({ requestsPerMinute: 120, now: () => new Date(clock.now()) });
    const seeded = emu.seed({ name: 'P', provider: 'hubspot', client_id: 'c', client_secret: 's' });
    const { lines, logger } = captureLogger();
    const client = clientOf(emu, { clock, requestsPerMinute: 120, maxRetries: 0, logger });

    const started = clock.now();
    await Promise.all(Array.from({ length: 300 }, (_, i) => (i % 2 ? client.getProfile(seeded.id) : client.listProfilesPage(1))));

    expect(emu.requests.filter((r) => r.status === 429)).toHaveLength(0);
    expect(emu.requestCount()).toBe(300);
    // No 60 s window, as the emulator counts, holds more than 120 arrivals...
    const at = emu.requests.map((r) => r.at.getTime()).sort((a, b) => a - b);
    for (const t of at) expect(at.filter((a) => a > t - 60_000 && a <= t).length).toBeLessThanOrEqual(120);
    // ...the first 120 calls go out as a burst without waiting, the other 180 wait their turn,
    // and 300 calls need more than two windows.
    expect(lines.filter((l) => l.message === 'workato pacing wait')).toHaveLength(180);
    expect(clock.now() - started).toBeGreaterThanOrEqual(120_000);
  });

  it('the same burst paced above the server limit does meet 429s (so the test above means something), and still completes', async () => {
    const clock = fastClock(100);
    const emu = await start({ requestsPerMinute: 120, now: () => new Date(clock.now()) });
    const seeded = emu.seed({ name: 'P', provider: 'hubspot', client_id: 'c', client_secret: 's' });
    const client = clientOf(emu, { clock, requestsPerMinute: 1000 });
    await Promise.all(Array.from({ length: 150 }, () => client.getProfile(seeded.id)));
    expect(emu.requests.filter((r) => r.status === 429).length).toBeGreaterThan(0);
  });

  it('holds the call after the limit until the window moves (real clock), and cancels it on abort', async () => {
    const emu = await start();
    const seeded = emu.seed({ name: 'P', provider: 'hubspot', client_id: 'c', client_secret: 's' });
    const { lines, logger } = captureLogger();
    const client = clientOf(emu, { clock: systemClock, requestsPerMinute: 3, logger });
    await Promise.all([1, 2, 3].map(() => client.getProfile(seeded.id)));

    const controller = new AbortController();
    const fourth = client.getProfile(seeded.id, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(emu.requestCount()).toBe(3);
    const abortedAt = Date.now();
    controller.abort();
    const error = await caught(fourth);
    expect(error).toBeInstanceOf(CancelledError);
    expect(Date.now() - abortedAt).toBeLessThan(100);
    expect(emu.requestCount()).toBe(3);
    expect(lines.some((l) => l.message === 'workato pacing wait' && (l.fields?.waitMs as number) > 55_000)).toBe(true);
  });

  it('sends retries through the limiter too', async () => {
    const clock = fastClock(1000);
    const emu = await start({ now: () => new Date(clock.now()) });
    const seeded = emu.seed({ name: 'P', provider: 'hubspot', client_id: 'c', client_secret: 's' });
    emu.injectFault({ kind: 'status', status: 503, times: 2, match: { method: 'GET' } });
    await clientOf(emu, { clock, requestsPerMinute: 2 }).getProfile(seeded.id);
    const at = emu.requests.map((r) => r.at.getTime());
    expect(emu.requests.map((r) => r.status)).toEqual([503, 503, 200]);
    // Two sends fit the window; the third (a retry) waits until the first has left it.
    expect(at[2] - at[0]).toBeGreaterThanOrEqual(60_000);
  });
});

describe('retries', () => {
  it('waits Retry-After on a 429 and retries, for every method, without checking a create first', async () => {
    const clock = fastClock(1000);
    const emu = await start({ now: () => new Date(clock.now()) });
    const { lines, logger } = captureLogger();
    const client = clientOf(emu, { clock, logger });
    emu.injectFault({ kind: 'status', status: 429, retryAfter: 7, match: { method: 'POST' } });
    const created = await client.createProfile(payload());
    expect(emu.requests.map((r) => `${r.method} ${r.status}`)).toEqual(['POST 429', 'POST 200']);
    expect(emu.requests[1].at.getTime() - emu.requests[0].at.getTime()).toBeGreaterThanOrEqual(7_000);
    expect(lines).toContainEqual(
      expect.objectContaining({ message: 'workato retry', fields: expect.objectContaining({ method: 'POST', status: 429, reason: 'retry-after', attempt: 1 }) }),
    );

    for (const method of ['GET', 'PUT', 'DELETE']) emu.injectFault({ kind: 'status', status: 429, retryAfter: 1, match: { method } });
    await client.getProfile(created.id);
    await client.updateProfile(created.id, payload(2));
    await client.deleteProfile(created.id);
    expect(emu.requests.slice(2).map((r) => `${r.method} ${r.status}`)).toEqual([
      'GET 429', 'GET 200', 'PUT 429', 'PUT 200', 'DELETE 429', 'DELETE 200',
    ]);
  });

  it('retries 5xx on GET, PUT and DELETE with backoff', async () => {
    const emu = await start();
    const { lines, logger } = captureLogger();
    const client = clientOf(emu, { logger });
    const { id } = emu.seed({ name: 'P', provider: 'hubspot', client_id: 'c', client_secret: 's' });
    emu.injectFault({ kind: 'status', status: 500, match: { method: 'GET' } });
    emu.injectFault({ kind: 'status', status: 502, times: 2, match: { method: 'PUT' } });
    emu.injectFault({ kind: 'status', status: 504, match: { method: 'DELETE' } });
    await client.getProfile(id);
    await client.updateProfile(id, payload(2));
    await client.deleteProfile(id);
    expect(emu.requests.map((r) => `${r.method} ${r.status}`)).toEqual([
      'GET 500', 'GET 200', 'PUT 502', 'PUT 502', 'PUT 200', 'DELETE 504', 'DELETE 200',
    ]);
    const waits = lines.filter((l) => l.message === 'workato retry' && l.fields?.method === 'PUT').map((l) => l.fields?.waitMs as number);
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeGreaterThanOrEqual(500); // base 1 s, equal jitter
    expect(waits[1]).toBeGreaterThanOrEqual(1000); // doubled
  });

  it('gives up after maxRetries with ServerError / RateLimitError', async () => {
    const emu = await start();
    const client = clientOf(emu, { maxRetries: 2 });
    emu.injectFault({ kind: 'status', status: 503, times: 10, match: { method: 'GET', path: `${PROFILES}/1` } });
    const server = await caught(client.getProfile(1));
    expect(server).toBeInstanceOf(ServerError);
    expect((server as ServerError).attempts).toBe(3);
    expect(server.message).toMatch(/503.*after 3 attempts/);
    expect(emu.requestCount()).toBe(3);

    emu.clearFaults();
    emu.injectFault({ kind: 'status', status: 429, retryAfter: 2, times: 10, match: { method: 'GET' } });
    const limited = await caught(client.getProfile(1));
    expect(limited).toBeInstanceOf(RateLimitError);
    expect((limited as RateLimitError).retryAfterSeconds).toBe(2);
    expect(limited.message).toMatch(/Lower requests_per_minute/);
  });

  it('does not wait for a Retry-After beyond five minutes', async () => {
    const emu = await start();
    emu.injectFault({ kind: 'status', status: 429, retryAfter: 3600 });
    const error = await caught(clientOf(emu).listProfilesPage(1));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.message).toContain('3600 s');
    expect(emu.requestCount()).toBe(1);
  });

  it.each([
    [400, ValidationError],
    [401, UnauthorizedError],
    [403, ForbiddenError],
    [404, NotFoundError],
    [422, ValidationError],
  ])('never retries a %i', async (status, type) => {
    const emu = await start();
    const client = clientOf(emu);
    const { id } = emu.seed({ name: 'P', provider: 'hubspot', client_id: 'c', client_secret: 's' });
    for (const method of ['GET', 'PUT', 'DELETE', 'POST']) emu.injectFault({ kind: 'status', status, match: { method } });
    const calls = [client.getProfile(id), client.updateProfile(id, payload()), client.deleteProfile(id)];
    for (const call of calls) expect(await caught(call)).toBeInstanceOf(type);
    // A 404 on the collection itself (which always exists) points at base_url instead.
    const create = await caught(client.createProfile(payload()));
    expect(create).toBeInstanceOf(status === 404 ? WorkatoError : type);
    if (status === 404) expect(create.message).toMatch(/Check base_url/);
    expect(emu.requestCount()).toBe(4);
  });

  it('real 400, 401 and 404 answers are not retried either', async () => {
    const emu = await start({ token: API_TOKEN });
    const validation = await caught(clientOf(emu).createProfile({ name: '', provider: 'hubspot', data: { client_id: 'c', client_secret: 's' } }));
    expect(validation).toBeInstanceOf(ValidationError);
    expect((validation as ValidationError).fieldErrors).toEqual({ name: ["can't be blank"] });
    expect(await caught(clientOf(emu, { apiToken: 'wrkprod-wrong' }).listProfiles())).toBeInstanceOf(UnauthorizedError);
    expect(await caught(clientOf(emu).getProfile(999))).toBeInstanceOf(NotFoundError);
    expect(emu.requests.map((r) => r.status)).toEqual([400, 401, 404]);
  });

  it('retries a refused connection and then says to check base_url', async () => {
    const port = await closedPort();
    const client = new WorkatoClient({ apiToken: API_TOKEN, baseUrl: `http://127.0.0.1:${port}`, clock: fastClock(1000), maxRetries: 2 });
    const error = await caught(client.getProfile(1));
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).code).toBe('ECONNREFUSED');
    expect((error as NetworkError).attempts).toBe(3);
    expect(error.message).toMatch(/GET http:\/\/127\.0\.0\.1:\d+\/api\/custom_oauth_profiles\/1 .*ECONNREFUSED.*Check base_url/);
  });

  it('retries a dropped connection on GET', async () => {
    const emu = await start();
    const { id } = emu.seed({ name: 'P', provider: 'hubspot', client_id: 'c', client_secret: 's' });
    emu.injectFault({ kind: 'drop', match: { method: 'GET' } });
    expect((await clientOf(emu).getProfile(id)).id).toBe(id);
    expect(emu.requests.map((r) => r.status)).toEqual([0, 200]);
  });
});

describe('safe creates', () => {
  it('the normal path is exactly one POST', async () => {
    const emu = await start();
    await clientOf(emu).createProfile(payload());
    expect(emu.requests.map((r) => r.method)).toEqual(['POST']);
  });

  it('a create dropped after commit returns that profile, and Workato holds exactly one', async () => {
    const emu = await start();
    const { lines, logger } = captureLogger();
    emu.injectFault({ kind: 'drop-after-commit', match: { method: 'POST' } });
    const created = await clientOf(emu, { logger }).createProfile(payload());
    expect(emu.profiles()).toHaveLength(1);
    expect(created.id).toBe(emu.profiles()[0].id);
    expect(emu.requestCount({ method: 'POST' })).toBe(1);
    // One check: page 1 is short, so it is the last one.
    expect(emu.requests.map((r) => r.method)).toEqual(['POST', 'GET']);
    expect(lines.some((l) => l.level === 'warn' && /answer was lost/.test(l.message))).toBe(true);
  });

  it('a create that was not committed (dropped, or 500) is sent again, without duplicates', async () => {
    const emu = await start();
    const client = clientOf(emu);
    emu.injectFault({ kind: 'drop', match: { method: 'POST' } });
    await client.createProfile(payload(1));
    // A check at once, and another once Workato's 40 s (42 ms at 1000x) are over, before resending.
    expect(emu.requests.map((r) => `${r.method} ${r.status}`)).toEqual(['POST 0', 'GET 200', 'GET 200', 'POST 200']);

    emu.injectFault({ kind: 'status', status: 500, match: { method: 'POST' } });
    emu.injectFault({ kind: 'status', status: 503, match: { method: 'POST' } });
    const second = await client.createProfile(payload(2));
    expect(emu.profiles().map((p) => p.name)).toEqual(['Profile 1', 'Profile 2']);
    expect(second.name).toBe('Profile 2');
  });

  it('uses what the first check saw: a commit on a later attempt is found exactly', async () => {
    let shift = -60_000;
    const emu = await start({ now: () => new Date(Date.now() + shift) });
    emu.seed({ name: 'Profile 1', provider: 'hubspot', client_id: 'client-1', client_secret: 'old' }); // identical, a minute old
    shift = 0;
    emu.injectFault({ kind: 'status', status: 502, match: { method: 'POST' } });
    emu.injectFault({ kind: 'drop-after-commit', match: { method: 'POST' } });
    const created = await clientOf(emu).createProfile(payload(1));
    expect(emu.profiles()).toHaveLength(2);
    expect(created.id).toBe(emu.profiles()[1].id);
    expect(emu.requestCount({ method: 'POST' })).toBe(2);
  });

  it('does not take an older identical profile for the one it created', async () => {
    let shift = -3_600_000;
    const emu = await start({ now: () => new Date(Date.now() + shift) });
    const old = emu.seed({ name: 'Profile 1', provider: 'hubspot', client_id: 'client-1', client_secret: 'old' });
    shift = 0;
    emu.injectFault({ kind: 'drop', match: { method: 'POST' } });
    const client = clientOf(emu);
    const created = await client.createProfile(payload(1));
    expect(created.id).not.toBe(old.id);
    expect(emu.profiles()).toHaveLength(2);
    expect(emu.requestCount({ method: 'POST' })).toBe(2);

    // The same client knows the profile it just got is not this create's.
    emu.injectFault({ kind: 'drop-after-commit', match: { method: 'POST' } });
    const third = await client.createProfile(payload(1));
    expect(emu.profiles()).toHaveLength(3);
    expect(third.id).toBe(emu.profiles()[2].id);

    // Another client sees two identical profiles made within the last second: it does not guess.
    emu.injectFault({ kind: 'drop-after-commit', match: { method: 'POST' } });
    const error = await caught(clientOf(emu).createProfile(payload(1)));
    expect(error).toBeInstanceOf(AmbiguousCreateError);
    // 2 too, when it falls within the second of clock tolerance (the Date header has whole seconds).
    expect((error as AmbiguousCreateError).candidateIds).toEqual(expect.arrayContaining([3, 4]));
    expect(error.message).toMatch(/ambiguous, these ids may be yours: (2, )?3, 4\. .*It was not sent again/);
    expect(emu.requestCount({ method: 'POST' })).toBe(4);
  });

  it('a create that timed out is found when the server commits it late', async () => {
    // The client gives up after 50 ms, the server commits after 200 ms: the client waits out the
    // server's own 40 s limit (0.4 s at 100x) before it looks.
    const emu = await start();
    emu.injectFault({ kind: 'latency', ms: 200, match: { method: 'POST' } });
    const created = await clientOf(emu, { clock: fastClock(100), requestTimeoutMs: 50 }).createProfile(payload());
    expect(emu.profiles()).toHaveLength(1);
    expect(created.id).toBe(emu.profiles()[0].id);
    expect(emu.requestCount({ method: 'POST' })).toBe(1);
  });

  it('says so when no retry is left and nothing was created', async () => {
    const emu = await start();
    emu.injectFault({ kind: 'status', status: 500, match: { method: 'POST' } });
    const error = await caught(clientOf(emu, { maxRetries: 0 }).createProfile(payload()));
    expect(error).toBeInstanceOf(ServerError);
    expect(error.message).toContain('Workato shows no profile created by it');
    expect(emu.requests.map((r) => r.method)).toEqual(['POST', 'GET', 'GET']);
  });

  it('says what may be left behind when the check itself fails', async () => {
    const emu = await start();
    emu.injectFault({ kind: 'drop-after-commit', match: { method: 'POST' } });
    emu.injectFault({ kind: 'status', status: 403, match: { method: 'GET' } });
    const error = await caught(clientOf(emu).createProfile(payload()));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toMatch(/Checking whether it was committed failed too \(.*403.*\)\. The profile may have been created anyway: look for a profile named "Profile 1"/);
    expect(emu.requestCount({ method: 'POST' })).toBe(1);
  });

  it('a delete whose answer was lost counts as done when the retry finds the profile gone', async () => {
    const emu = await start();
    const { id } = emu.seed({ name: 'P', provider: 'hubspot', client_id: 'c', client_secret: 's' });
    emu.injectFault({ kind: 'drop-after-commit', match: { method: 'DELETE' } });
    await clientOf(emu).deleteProfile(id);
    expect(emu.requests.map((r) => `${r.method} ${r.status}`)).toEqual(['DELETE 0', 'DELETE 404']);
    expect(await caught(clientOf(emu).deleteProfile(id))).toBeInstanceOf(NotFoundError);
  });
});

describe('concurrent identical creates', () => {
  it('two concurrent identical creates, one answer lost after commit, each get their own profile', async () => {
    const emu = await start();
    const client = clientOf(emu);
    emu.injectFault({ kind: 'drop-after-commit', match: { method: 'POST' } });
    const [a, b] = await Promise.all([client.createProfile(payload(1)), client.createProfile(payload(1))]);
    expect([a.id, b.id].sort()).toEqual([1, 2]);
    expect(emu.profiles().map((p) => p.id)).toEqual([1, 2]);
    expect(emu.requestCount({ method: 'POST' })).toBe(2);
  });

  it('the check waits for an identical POST still on the wire, and does not take the profile that POST made', async () => {
    // The first POST is committed and its answer lost; the second is committed at once but its
    // answer is held back, so the first one's check would see two new profiles and none claimed.
    const emu = await start();
    const events: string[] = [];
    let posts = 0;
    const proxy = await startProxy(emu.url, async (req, res, pass) => {
      if (req.method === 'GET') events.push('GET');
      if (req.method !== 'POST') return reply(res, await pass());
      const n = ++posts;
      const upstream = await pass();
      if (n === 1) {
        res.socket?.destroy();
        return;
      }
      await delay(300);
      events.push('second POST answered');
      reply(res, upstream);
    });
    const client = clientOf(emu, { baseUrl: proxy.url });
    const results = await Promise.all([client.createProfile(payload(1)), client.createProfile(payload(1))]);
    expect(results.map((p) => p.id).sort()).toEqual([1, 2]);
    expect(events[0]).toBe('second POST answered');
    expect(emu.requestCount({ method: 'POST' })).toBe(2);
  });

  it('fails with "ambiguous" instead of guessing when two lost creates left two identical profiles', async () => {
    const emu = await start();
    const client = clientOf(emu);
    emu.injectFault({ kind: 'drop-after-commit', times: 2, match: { method: 'POST' } });
    const errors = await Promise.all([caught(client.createProfile(payload(1))), caught(client.createProfile(payload(1)))]);
    for (const error of errors) {
      expect(error).toBeInstanceOf(AmbiguousCreateError);
      expect((error as AmbiguousCreateError).candidateIds).toEqual([1, 2]);
      expect(error.message).toContain(`POST ${emu.url}${PROFILES} failed: the create may have been committed, but which profile it made is ambiguous, these ids may be yours: 1, 2.`);
    }
    // Nothing sent again: no third profile.
    expect(emu.requestCount({ method: 'POST' })).toBe(2);
    expect(emu.profiles()).toHaveLength(2);
  });

  it('creates with a different name, provider or client_id do not interfere', async () => {
    const emu = await start();
    const client = clientOf(emu);
    emu.injectFault({ kind: 'drop-after-commit', times: 2, match: { method: 'POST' } });
    const [a, b] = await Promise.all([client.createProfile(payload(1)), client.createProfile(payload(2))]);
    expect(a.name).toBe('Profile 1');
    expect(b.name).toBe('Profile 2');
    expect(emu.requestCount({ method: 'POST' })).toBe(2);
  });
});

describe('creates that may be committed late', () => {
  it('a 504 from a gateway while the backend commits later is found after the settle time, not sent again', async () => {
    const emu = await start();
    const proxy = await startProxy(emu.url, async (req, res, pass) => {
      if (req.method !== 'POST') return reply(res, await pass());
      res.writeHead(504, { 'content-type': 'application/json' });
      res.end('{"message":"Gateway Timeout"}');
      await delay(150);
      await pass().catch(() => undefined); // the backend commits it now
    });
    // At 100x, Workato's 40 s (+2 s margin) last 0.42 s.
    const { lines, logger } = captureLogger();
    const created = await clientOf(emu, { baseUrl: proxy.url, clock: fastClock(100), logger }).createProfile(payload());
    expect(emu.profiles()).toHaveLength(1);
    expect(created.id).toBe(emu.profiles()[0].id);
    expect(emu.requestCount({ method: 'POST' })).toBe(1);
    // A check at once (nothing yet), one after the settle time (found).
    expect(emu.requests.map((r) => r.method)).toEqual(['GET', 'POST', 'GET']);
    expect(lines.some((l) => /waiting for the server to finish/.test(l.message) && (l.fields?.waitMs as number) > 30_000)).toBe(true);
  });

  it('a connection lost after sending, with a late commit, is found the same way', async () => {
    const emu = await start();
    const proxy = await startProxy(emu.url, async (req, res, pass) => {
      if (req.method !== 'POST') return reply(res, await pass());
      res.socket?.destroy();
      await delay(150);
      await pass().catch(() => undefined);
    });
    const created = await clientOf(emu, { baseUrl: proxy.url, clock: fastClock(100) }).createProfile(payload());
    expect(emu.profiles().map((p) => p.id)).toEqual([created.id]);
    expect(emu.requestCount({ method: 'POST' })).toBe(1);
  });

  it('the settle time is an option: with 0 a single check decides', async () => {
    const emu = await start();
    emu.injectFault({ kind: 'status', status: 502, match: { method: 'POST' } });
    await clientOf(emu, { createSettleMs: 0 }).createProfile(payload());
    expect(emu.requests.map((r) => `${r.method} ${r.status}`)).toEqual(['POST 502', 'GET 200', 'POST 200']);
    expect(() => clientOf(emu, { createSettleMs: -1 })).toThrow(RangeError);
  });
});

describe('listing', () => {
  function seed(emu: Emulator, n: number): void {
    for (let i = 1; i <= n; i++) emu.seed({ name: `P${i}`, provider: 'hubspot', client_id: `c${i}`, client_secret: `s${i}` });
  }

  it.each([
    [0, ['1']],
    [5, ['1']],
    [100, ['1', '2']],
    [230, ['1', '2', '3']],
  ])('walks %i profiles, stopping on the first page shorter than per_page', async (n, pages) => {
    const emu = await start();
    seed(emu, n);
    const profiles = await clientOf(emu).listProfiles();
    expect(profiles).toHaveLength(n);
    expect(emu.requests.map((r) => r.query.page)).toEqual(pages);
    expect(emu.requests.every((r) => r.query.per_page === '100')).toBe(true);
  });

  it('the check of a create re-reads the last full page, where a concurrent delete moves the new profile', async () => {
    // 100 profiles, then the lost create makes #101: first on page 2. While the check reads page
    // 1, someone deletes #1, so #101 moves onto page 1 and page 2 comes back empty.
    const emu = await start();
    seed(emu, 100);
    const proxy = await startProxy(emu.url, async (req, res, pass) => {
      if (req.method === 'GET' && new URL(req.url, emu.url).searchParams.get('page') === '2') {
        const oldest = emu.profiles()[0];
        if (oldest.name === 'P1') emu.remove(oldest.id);
      }
      reply(res, await pass());
    });
    emu.injectFault({ kind: 'drop-after-commit', match: { method: 'POST' } });
    const created = await clientOf(emu, { baseUrl: proxy.url }).createProfile(payload());
    expect(created.id).toBe(101);
    expect(emu.requestCount({ method: 'POST' })).toBe(1);
    // Found by the first check (no wait, no second check): pages 1, 2 (empty), then 1 again.
    expect(emu.requests.filter((r) => r.method === 'GET').map((r) => r.query.page)).toEqual(['1', '2', '1']);
  });
});

describe('base_url', () => {
  it('refuses an endpoint URL in base_url, and still takes the host root with or without /api', async () => {
    const emu = await start();
    for (const bad of [`${emu.url}/api/custom_oauth_profiles`, `${emu.url}/api/custom_oauth_profiles/`, `${emu.url}/custom_oauth_profiles`, `${emu.url}/api/v1`]) {
      expect(() => clientOf(emu, { baseUrl: bad })).toThrow(expect.objectContaining({ name: 'ConfigError', setting: 'base_url' }));
      expect(() => clientOf(emu, { baseUrl: bad })).toThrow(/must be the host root, e\.g\. https:\/\/www\.workato\.com/);
    }
    expect(clientOf(emu, { baseUrl: `${emu.url}/api` }).baseUrl).toBe(emu.url);
    expect(await clientOf(emu, { baseUrl: `${emu.url}/api/` }).listProfiles()).toEqual([]);
  });

  it('errors show the full URL the request went to', async () => {
    const emu = await start();
    const missing = await caught(clientOf(emu).getProfile(999));
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing.message).toContain(`Workato API GET ${emu.url}${PROFILES}/999 failed with 404 Not Found`);

    // A wrong prefix: every request 404s. A 404 on the list (which always exists) says to check base_url.
    const wrong = clientOf(emu, { baseUrl: `${emu.url}/workato`, maxRetries: 0 });
    const list = await caught(wrong.listProfiles());
    expect(list).not.toBeInstanceOf(NotFoundError);
    expect(list).toBeInstanceOf(WorkatoError);
    expect(list.message).toContain(`GET ${emu.url}/workato${PROFILES}?page=1&per_page=100 failed with 404`);
    expect(list.message).toMatch(/Check base_url: it must be the Workato host root/);
    const one = await caught(wrong.getProfile(1));
    expect(one.message).toContain(`GET ${emu.url}/workato${PROFILES}/1 failed with 404`);
  });
});

describe('typed errors', () => {
  it('401 names the request, Workato message and correlation id, and what to check', async () => {
    const emu = await start({ token: API_TOKEN });
    const error = (await caught(clientOf(emu, { apiToken: 'wrkprod-other' }).getProfile(5))) as UnauthorizedError;
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error).toBeInstanceOf(WorkatoError);
    expect(error).toMatchObject({ method: 'GET', path: `${PROFILES}/5`, status: 401 });
    expect(error.correlationId).toBe(emu.requests[0].correlationId);
    expect(error.workatoMessage).toBe('Unauthorized: invalid API token');
    expect(error.message).toContain(`GET ${emu.url}${PROFILES}/5 failed with 401 Unauthorized`);
    expect(error.url).toBe(`${emu.url}${PROFILES}/5`);
    expect(error.message).toContain('Workato says: "Unauthorized: invalid API token"');
    expect(error.message).toContain(`x-correlation-id: ${error.correlationId}`);
    expect(error.message).toMatch(/Check the API token.*role includes custom OAuth profiles/);
  });

  it('400 carries the field errors', async () => {
    const emu = await start();
    const error = (await caught(
      clientOf(emu).createProfile({ name: ' ', provider: 'Not A Provider', data: { client_id: '', client_secret: 's' } }),
    )) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.fieldErrors).toEqual({
      name: ["can't be blank"],
      provider: ['is not included in the list'],
      'data.client_id': ["can't be blank"],
    });
    expect(error.message).toMatch(/Validation failed.*name can't be blank; provider is not included in the list; data.client_id can't be blank/);
  });

  it('403 points at the feature and the role', async () => {
    const emu = await start();
    emu.injectFault({ kind: 'status', status: 403, body: { message: 'Custom OAuth profiles are not enabled' } });
    const error = await caught(clientOf(emu).listProfiles());
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error.message).toMatch(/Workato says: "Custom OAuth profiles are not enabled".*enabled for the Workato account/);
  });
});

describe('timeouts and cancellation', () => {
  it('fails with TimeoutError when no answer comes within requestTimeoutMs', async () => {
    const emu = await start();
    emu.injectFault({ kind: 'latency', ms: 2_000 });
    const started = Date.now();
    const error = await caught(clientOf(emu, { requestTimeoutMs: 100, maxRetries: 0 }).listProfiles());
    expect(error).toBeInstanceOf(TimeoutError);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(error.message).toMatch(/no answer within 0\.1 s.*40 s.*request_timeout_seconds/);
  });

  it('retries a GET that timed out', async () => {
    const emu = await start();
    const { id } = emu.seed({ name: 'P', provider: 'hubspot', client_id: 'c', client_secret: 's' });
    emu.injectFault({ kind: 'latency', ms: 1_000 });
    expect((await clientOf(emu, { requestTimeoutMs: 100 }).getProfile(id)).id).toBe(id);
  });

  it('cancels a request in flight promptly', async () => {
    const emu = await start();
    emu.injectFault({ kind: 'latency', ms: 5_000 });
    const controller = new AbortController();
    const call = clientOf(emu).listProfiles({ signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const abortedAt = Date.now();
    controller.abort();
    const error = await caught(call);
    expect(error).toBeInstanceOf(CancelledError);
    expect(error.message).toContain(`GET ${emu.url}${PROFILES}?page=1&per_page=100 failed: cancelled`);
    expect(Date.now() - abortedAt).toBeLessThan(200);
  });

  it('cancels during a retry backoff promptly', async () => {
    const emu = await start();
    emu.injectFault({ kind: 'status', status: 503, retryAfter: 30 });
    const controller = new AbortController();
    const call = clientOf(emu, { clock: systemClock }).getProfile(1, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(emu.requestCount()).toBe(1);
    const abortedAt = Date.now();
    controller.abort();
    expect(await caught(call)).toBeInstanceOf(CancelledError);
    expect(Date.now() - abortedAt).toBeLessThan(100);
    expect(emu.requestCount()).toBe(1);
  });

  it('a create cancelled mid-request is let finish: it returns the profile, and Workato holds exactly one', async () => {
    const emu = await start();
    emu.injectFault({ kind: 'latency', ms: 300, match: { method: 'POST' } });
    const controller = new AbortController();
    const call = clientOf(emu).createProfile(payload(), { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const created = await call;
    expect(controller.signal.aborted).toBe(true);
    expect(emu.profiles()).toHaveLength(1);
    expect(created.id).toBe(emu.profiles()[0].id);
    expect(emu.requests.map((r) => r.method)).toEqual(['POST']);
  });

  it('an update or delete cancelled mid-request is let finish too', async () => {
    const emu = await start();
    const { id } = emu.seed({ name: 'P', provider: 'hubspot', client_id: 'c', client_secret: 's' });
    emu.injectFault({ kind: 'latency', ms: 200, match: { method: 'PUT' } });
    emu.injectFault({ kind: 'latency', ms: 200, match: { method: 'DELETE' } });
    const client = clientOf(emu);
    const put = new AbortController();
    setTimeout(() => put.abort(), 30);
    expect(await client.updateProfile(id, payload(2), { signal: put.signal })).toMatchObject({ id, name: 'Profile 2' });
    const del = new AbortController();
    setTimeout(() => del.abort(), 30);
    await client.deleteProfile(id, { signal: del.signal });
    expect(emu.profiles()).toEqual([]);
    expect(emu.requests.map((r) => `${r.method} ${r.status}`)).toEqual(['PUT 200', 'DELETE 200']);
  });

  it('a create cancelled mid-request that then times out gets one quick check, no settle wait and no resend', async () => {
    const emu = await start();
    emu.injectFault({ kind: 'latency', ms: 3_000, match: { method: 'POST' } });
    const controller = new AbortController();
    // The real clock: a settle wait (42 s) would show.
    const call = clientOf(emu, { clock: systemClock, requestTimeoutMs: 200 }).createProfile(payload(), { signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    const started = Date.now();
    const error = await caught(call);
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(error).toBeInstanceOf(CancelledError);
    expect(error.message).toMatch(
      /cancelled\. The request had been sent and ended with no answer within 0\.2 s; a check right after cancelling found nothing it created, but Workato may still commit it\. The profile may have been created anyway: look for a profile named "Profile 1"/,
    );
    expect(emu.requestCount({ method: 'GET' })).toBe(1);
    expect(emu.requestCount({ method: 'POST' })).toBe(0); // still held by the latency fault: not answered yet
  });

  it('a create cancelled mid-request whose answer is lost after the commit is found by the quick check', async () => {
    const emu = await start();
    const proxy = await startProxy(emu.url, async (req, res, pass) => {
      if (req.method !== 'POST') return reply(res, await pass());
      await delay(150);
      await pass();
      res.socket?.destroy(); // committed, answer lost
    });
    const controller = new AbortController();
    const call = clientOf(emu, { clock: systemClock, baseUrl: proxy.url }).createProfile(payload(), { signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    const started = Date.now();
    const created = await call;
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(emu.profiles()).toHaveLength(1);
    expect(created.id).toBe(emu.profiles()[0].id);
    expect(emu.requestCount({ method: 'POST' })).toBe(1);
  });

  it('cancelling during the settle wait of a create ends it promptly, after one quick check', async () => {
    const emu = await start();
    emu.injectFault({ kind: 'status', status: 500, match: { method: 'POST' } });
    const controller = new AbortController();
    const call = clientOf(emu, { clock: systemClock }).createProfile(payload(), { signal: controller.signal });
    await delay(150);
    expect(emu.requests.map((r) => r.method)).toEqual(['POST', 'GET']); // checked at once, now waiting 42 s
    const abortedAt = Date.now();
    controller.abort();
    const error = await caught(call);
    expect(Date.now() - abortedAt).toBeLessThan(500);
    expect(error).toBeInstanceOf(CancelledError);
    expect(error.message).toMatch(/ended with 500 Internal Server Error; a check right after cancelling found nothing/);
    expect(emu.requests.map((r) => r.method)).toEqual(['POST', 'GET', 'GET']);
  });

  it('one signal shared by many concurrent calls cancels them all, with a single listener on it', async () => {
    // Node warns about a leak past 10 listeners on one AbortSignal; the client adds one per client.
    const emu = await start();
    emu.injectFault({ kind: 'latency', ms: 5_000, times: Infinity });
    const controller = new AbortController();
    const client = clientOf(emu, { requestsPerMinute: 20 });
    const calls = Array.from({ length: 40 }, (_, i) => caught(client.getProfile(i + 1, { signal: controller.signal })));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    controller.abort();
    const errors = await Promise.all(calls);
    expect(errors.every((e) => e instanceof CancelledError)).toBe(true);

    emu.clearFaults();
    const done = new AbortController();
    await client.listProfiles({ signal: done.signal }).catch(() => undefined);
    expect(getEventListeners(done.signal, 'abort')).toHaveLength(0);
  });

  it('sends nothing when the signal has already fired', async () => {
    const emu = await start();
    expect(await caught(clientOf(emu).createProfile(payload(), { signal: AbortSignal.abort() }))).toBeInstanceOf(CancelledError);
    expect(emu.requestCount()).toBe(0);
  });
});

describe('redaction', () => {
  const SECRET = 'CLIENT-SECRET-SENTINEL-8b7a6c';
  const TOKEN = 'xoxb-TOKEN-SENTINEL-4d3e2f';
  const OTHER_API_TOKEN = 'wrkprod-OTHER-TOKEN-SENTINEL-1a2b';
  const secretPayload: ProfilePayload = { name: 'Slack app', provider: 'slack', data: { client_id: 'cid', client_secret: SECRET, token: TOKEN } };

  function expectClean(text: string): void {
    for (const s of [API_TOKEN, OTHER_API_TOKEN, SECRET, TOKEN, 'Bearer ']) expect(text).not.toContain(s);
  }

  it('keeps the API token, client secret and token out of every error and log line', async () => {
    const emu = await start({ token: API_TOKEN });
    const { lines, logger } = captureLogger();
    const client = clientOf(emu, { logger, requestTimeoutMs: 100 });
    const once = clientOf(emu, { logger, requestTimeoutMs: 100, maxRetries: 0 });
    const { id } = emu.seed({ name: 'P', provider: 'hubspot', client_id: 'c', client_secret: 's' });
    const errors: Error[] = [];

    // A server that echoes the secrets back in its message and field errors.
    emu.injectFault({
      kind: 'status',
      status: 400,
      match: { method: 'POST' },
      body: { message: `bad ${SECRET}`, errors: { 'data.token': [`${TOKEN} is revoked`], [SECRET]: ['x'] } },
    });
    errors.push(await caught(client.createProfile(secretPayload)));
    emu.injectFault({ kind: 'status', status: 500, match: { method: 'POST' }, body: { message: `boom ${API_TOKEN}` } });
    errors.push(await caught(once.createProfile(secretPayload)));
    emu.injectFault({ kind: 'drop-after-commit', match: { method: 'POST' } });
    emu.injectFault({ kind: 'status', status: 401, match: { method: 'GET' } });
    errors.push(await caught(client.createProfile(secretPayload)));
    emu.injectFault({ kind: 'drop', match: { method: 'PUT' } });
    errors.push(await caught(once.updateProfile(id, secretPayload)));
    emu.injectFault({ kind: 'latency', ms: 1_000, match: { method: 'PUT' } });
    errors.push(await caught(once.updateProfile(id, secretPayload)));
    emu.injectFault({ kind: 'status', status: 429, retryAfter: 1, times: 10, match: { method: 'PUT' } });
    errors.push(await caught(client.updateProfile(id, secretPayload)));
    emu.clearFaults();
    emu.injectFault({ kind: 'latency', ms: 1_000, match: { method: 'PUT' } });
    const controller = new AbortController();
    const cancelled = caught(client.updateProfile(id, secretPayload, { signal: controller.signal }));
    setTimeout(() => controller.abort(), 20);
    errors.push(await cancelled);
    errors.push(await caught(clientOf(emu, { apiToken: OTHER_API_TOKEN, logger }).updateProfile(id, secretPayload)));
    const refused = new WorkatoClient({ apiToken: API_TOKEN, baseUrl: `http://127.0.0.1:${await closedPort()}`, maxRetries: 0, logger });
    errors.push(await caught(refused.createProfile(secretPayload)));
    await client.createProfile(secretPayload);

    expect(errors.map((e) => e.constructor.name)).toEqual([
      'ValidationError',
      'ServerError',
      'NetworkError',
      'NetworkError',
      'TimeoutError',
      'RateLimitError',
      'CancelledError',
      'UnauthorizedError',
      'NetworkError',
    ]);
    // The server did receive the secrets, so their absence below is redaction, not luck.
    expect(emu.requests.some((r) => JSON.stringify(r.body).includes(SECRET) && r.headers.authorization === `Bearer ${API_TOKEN}`)).toBe(true);
    expect(errors[0].message).toContain('[REDACTED]');

    for (const error of errors) {
      expect(error.cause).toBeUndefined();
      expectClean(error.message);
      expectClean(String(error.stack));
      expectClean(JSON.stringify(error));
      expectClean(inspect(error, { depth: Infinity, showHidden: true }));
    }
    expect(lines.length).toBeGreaterThan(20);
    for (const line of lines) expectClean(JSON.stringify(line));
    expectClean(inspect(client, { depth: Infinity, showHidden: true }));
    expectClean(JSON.stringify(client));
  });
});
