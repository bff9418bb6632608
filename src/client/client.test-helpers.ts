// What the client's tests share: an emulator per test, a client of it on a FakeClock, and a small
// node:http proxy for what the emulator's faults cannot do (a gateway answering 504 while the
// backend commits later, a request held until the test lets it go). Used by tests only.

import * as http from 'node:http';
import * as net from 'node:net';
import { startEmulator, type Emulator, type EmulatorOptions } from '../emulator';
import { FakeClock } from './fake-clock.test-helpers';
import { WorkatoClient, type ClientLogger, type ProfilePayload, type WorkatoClientOptions } from './index';

export const API_TOKEN = 'wrkprod-API-TOKEN-SENTINEL-5f1e2d3c';
export const PROFILES = '/api/custom_oauth_profiles';


export interface LogLine {
  level: 'debug' | 'warn';
  message: string;
  fields?: Record<string, unknown>;
}

export function captureLogger(): { lines: LogLine[]; logger: ClientLogger } {
  const lines: LogLine[] = [];
  return {
    lines,
    logger: {
      debug: (message, fields) => lines.push({ level: 'debug', message, fields }),
      warn: (message, fields) => lines.push({ level: 'warn', message, fields }),
    },
  };
}

export function payload(n = 1, extra: Partial<ProfilePayload['data']> = {}): ProfilePayload {
  return { name: `Profile ${n}`, provider: 'hubspot', data: { client_id: `client-${n}`, client_secret: `secret-${n}`, ...extra } };
}

export async function caught(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A promise and the function that resolves it. */
export function latch(): { promise: Promise<void>; open(): void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

export interface ProxiedRequest {
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
export function forward(target: string, req: ProxiedRequest): Promise<Upstream> {
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

export function reply(res: http.ServerResponse, upstream: Upstream): void {
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
export async function startProxy(target: string, handle: ProxyHandler): Promise<{ url: string; close(): Promise<void> }> {
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

/**
 * A proxy that holds the requests `hold` picks (their arrival is announced) until `release` is
 * called, then sends them on; the others go straight through. A held request that is never
 * released never gets an answer: only the client's own timeout or cancellation can end it.
 */
export async function startHoldingProxy(target: string, hold: (req: ProxiedRequest) => boolean) {
  const held: Array<() => Promise<void>> = [];
  const arrivals: ProxiedRequest[] = [];
  const waiters: Array<{ n: number; open(): void }> = [];
  const proxy = await startProxy(target, async (req, res, pass) => {
    if (!hold(req)) return reply(res, await pass());
    arrivals.push(req);
    for (const w of waiters.filter((w) => arrivals.length >= w.n)) w.open();
    held.push(async () => reply(res, await pass()));
  });
  return {
    url: proxy.url,
    arrivals,
    /** Resolves once `n` requests have been held in all. */
    held(n = 1): Promise<void> {
      if (arrivals.length >= n) return Promise.resolve();
      return new Promise<void>((open) => waiters.push({ n, open }));
    },
    /** Sends every request held so far on to the emulator, and their answers back. */
    release(): Promise<void> {
      return Promise.all(held.splice(0).map((send) => send().catch(() => undefined))).then(() => undefined);
    },
  };
}

let emulator: Emulator | undefined;

export async function start(options: EmulatorOptions = {}): Promise<Emulator> {
  emulator = await startEmulator({ requestsPerMinute: 0, ...options });
  return emulator;
}

/** Closes the proxies and the emulator a test started: `afterEach(cleanup)`. */
export async function cleanup(): Promise<void> {
  await Promise.all(proxies.splice(0).map((p) => p.close()));
  await emulator?.close();
  emulator = undefined;
}

/** A client of the running emulator; its waits run on a FakeClock in auto mode unless a clock is given. */
export function clientOf(emu: Emulator, options: Partial<WorkatoClientOptions> = {}): WorkatoClient {
  return new WorkatoClient({ apiToken: API_TOKEN, baseUrl: emu.url, clock: new FakeClock(), ...options });
}
