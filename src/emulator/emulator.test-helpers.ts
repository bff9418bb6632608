// What the emulator's contract tests share: a client for one request on a fresh connection, two
// valid payloads, Workato's timestamp format, and clocks the tests move by hand.

import * as http from 'node:http';
import type { Emulator } from './index';

export const API = '/api/custom_oauth_profiles';
export const TOKEN = 'wrkprod-test-token';

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The raw body, for grepping. */
  text: string;
  /** The parsed body; `any` because each test reads its own shape. */
  json: any;
}

export interface CallOptions {
  /** Bearer token; null sends no Authorization header. @default TOKEN */
  token?: string | null;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as is (overrides body). */
  raw?: string | Buffer;
  headers?: Record<string, string>;
}

/** One request on a fresh connection (no keep-alive pool, so tests never share sockets). */
export function call(emulator: Emulator, method: string, target: string, options: CallOptions = {}): Promise<Answer> {
  const token = options.token === undefined ? TOKEN : options.token;
  const payload = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  return new Promise((resolve, reject) => {
    const req = http.request(`${emulator.url}${target}`, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

export const hubspot = { name: 'Acme HubSpot OAuth app', provider: 'hubspot', data: { client_id: 'hub-client-id', client_secret: 'hub-SECRET-1' } };
export const slack = {
  name: 'Acme Slack app',
  provider: 'slack',
  data: { client_id: 'slack-client-id', client_secret: 'slack-SECRET-2', token: 'xoxb-TOKEN-3' },
};

/** ISO 8601 with milliseconds and a numeric offset, as Workato writes them. */
export const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$/;

/** A clock the test moves by hand. */
export function manualClock(start = Date.parse('2024-03-01T10:00:00.000Z')): { now: () => Date; advance(ms: number): void } {
  let t = start;
  return { now: () => new Date(t), advance: (ms) => void (t += ms) };
}

/**
 * Fakes setTimeout and clearTimeout only (what latency faults sleep with), so a test moves time
 * with jest.advanceTimersByTime; sockets, setImmediate and Date stay real.
 */
export function fakeTimeouts(): void {
  jest.useFakeTimers({
    doNotFake: ['Date', 'hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval'],
  });
}

/** Waits, a turn of the event loop at a time, until `condition` holds (jest's timeout ends a hang). */
export async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}
