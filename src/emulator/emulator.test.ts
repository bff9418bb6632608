// Contract tests of the emulator over real HTTP on 127.0.0.1: endpoints, the result wrapper,
// secrets, validation, auth, errors, pagination, rate limit, faults, inspection and the state file.

import * as fs from 'node:fs';
import nodeFs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { MAX_BODY_BYTES, startEmulator, type Emulator, type EmulatorOptions } from './index';

const API = '/api/custom_oauth_profiles';
const TOKEN = 'wrkprod-test-token';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The raw body, for grepping. */
  text: string;
  /** The parsed body; `any` because each test reads its own shape. */
  json: any;
}

interface CallOptions {
  /** Bearer token; null sends no Authorization header. @default TOKEN */
  token?: string | null;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as is (overrides body). */
  raw?: string | Buffer;
  headers?: Record<string, string>;
}

/** One request on a fresh connection (no keep-alive pool, so tests never share sockets). */
function call(emulator: Emulator, method: string, target: string, options: CallOptions = {}): Promise<Answer> {
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

const hubspot = { name: 'Acme HubSpot OAuth app', provider: 'hubspot', data: { client_id: 'hub-client-id', client_secret: 'hub-SECRET-1' } };
const slack = {
  name: 'Acme Slack app',
  provider: 'slack',
  data: { client_id: 'slack-client-id', client_secret: 'slack-SECRET-2', token: 'xoxb-TOKEN-3' },
};

/** ISO 8601 with milliseconds and a numeric offset, as Workato writes them. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$/;

/** A clock the test moves by hand. */
function manualClock(start = Date.parse('2024-03-01T10:00:00.000Z')): { now: () => Date; advance(ms: number): void } {
  let t = start;
  return { now: () => new Date(t), advance: (ms) => void (t += ms) };
}

/**
 * Fakes setTimeout and clearTimeout only (what latency faults sleep with), so a test moves time
 * with jest.advanceTimersByTime; sockets, setImmediate and Date stay real.
 */
function fakeTimeouts(): void {
  jest.useFakeTimers({
    doNotFake: ['Date', 'hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval'],
  });
}

/** Waits, a turn of the event loop at a time, until `condition` holds (jest's timeout ends a hang). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

let emulator: Emulator;
async function start(options: EmulatorOptions = {}): Promise<Emulator> {
  emulator = await startEmulator({ requestsPerMinute: 0, ...options });
  return emulator;
}
afterEach(async () => {
  jest.useRealTimers();
  await emulator?.close();
});

describe('endpoints and the result wrapper', () => {
  it('creates a profile and answers every documented field, no more', async () => {
    const clock = manualClock();
    await start({ now: clock.now });
    const created = await call(emulator, 'POST', API, { body: hubspot });
    expect(created.status).toBe(200);
    expect(created.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(created.headers['x-correlation-id']).toMatch(/^[0-9a-f]{16,}$/);
    expect(created.json).toEqual({
      result: {
        id: 1,
        user_id: 123,
        name: 'Acme HubSpot OAuth app',
        provider: 'hubspot',
        data: { client_id: 'hub-client-id' },
        shared_accounts_count: 0,
        oem_customers_count: 0,
        created_at: '2024-03-01T10:00:00.000+00:00',
        updated_at: '2024-03-01T10:00:00.000+00:00',
      },
    });
    expect(created.json.result.created_at).toMatch(TIMESTAMP);
    expect(Object.keys(created.json.result)).toEqual([
      'id',
      'user_id',
      'name',
      'provider',
      'data',
      'shared_accounts_count',
      'oem_customers_count',
      'created_at',
      'updated_at',
    ]);
  });

  it('reads one profile and lists them in id order', async () => {
    await start();
    const a = (await call(emulator, 'POST', API, { body: hubspot })).json.result;
    const b = (await call(emulator, 'POST', API, { body: slack })).json.result;
    expect(b.id).toBe(a.id + 1);

    const one = await call(emulator, 'GET', `${API}/${b.id}`);
    expect(one.status).toBe(200);
    expect(one.json).toEqual({ result: b });

    const list = await call(emulator, 'GET', API);
    expect(list.status).toBe(200);
    expect(list.json).toEqual({ result: [a, b] });
    // Rails ignores one trailing slash; so does the emulator.
    expect((await call(emulator, 'GET', `${API}/`)).json).toEqual({ result: [a, b] });
  });

  it('replaces the whole profile on PUT: a token left out is removed', async () => {
    const clock = manualClock();
    await start({ now: clock.now });
    const created = (await call(emulator, 'POST', API, { body: slack })).json.result;
    clock.advance(1500);
    const body = { name: 'Renamed', provider: 'salesforce', data: { client_id: 'new-id', client_secret: 'new-SECRET' } };
    const updated = await call(emulator, 'PUT', `${API}/${created.id}`, { body });
    expect(updated.status).toBe(200);
    expect(updated.json).toEqual({
      result: {
        ...created,
        name: 'Renamed',
        provider: 'salesforce',
        data: { client_id: 'new-id' },
        updated_at: '2024-03-01T10:00:01.500+00:00',
      },
    });
    expect(emulator.profile(created.id)?.data).toEqual({ client_id: 'new-id', client_secret: 'new-SECRET' });
  });

  it('moves updated_at on PUT only when something stored changed, secrets included', async () => {
    const clock = manualClock();
    await start({ now: clock.now });
    const created = (await call(emulator, 'POST', API, { body: hubspot })).json.result;
    clock.advance(1000);
    const same = await call(emulator, 'PUT', `${API}/${created.id}`, { body: hubspot });
    expect(same.json.result.updated_at).toBe(created.updated_at);
    const newSecret = { ...hubspot, data: { ...hubspot.data, client_secret: 'rotated' } };
    const rotated = await call(emulator, 'PUT', `${API}/${created.id}`, { body: newSecret });
    expect(rotated.json.result.updated_at).toBe('2024-03-01T10:00:01.000+00:00');
    expect(emulator.profile(created.id)?.data.client_secret).toBe('rotated');
  });

  it('deletes a profile with {"result":{"success":true}}, then answers 404 for it', async () => {
    await start();
    const { id } = (await call(emulator, 'POST', API, { body: hubspot })).json.result;
    const deleted = await call(emulator, 'DELETE', `${API}/${id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.json).toEqual({ result: { success: true } });
    expect((await call(emulator, 'GET', `${API}/${id}`)).status).toBe(404);
    expect((await call(emulator, 'DELETE', `${API}/${id}`)).status).toBe(404);
    expect((await call(emulator, 'PUT', `${API}/${id}`, { body: hubspot })).status).toBe(404);
    expect(emulator.profiles()).toEqual([]);
  });

  it('never reuses an id, and takes firstId and userId from the options', async () => {
    await start({ firstId: 321, userId: 77 });
    const first = (await call(emulator, 'POST', API, { body: hubspot })).json.result;
    expect(first).toMatchObject({ id: 321, user_id: 77 });
    await call(emulator, 'DELETE', `${API}/321`);
    expect((await call(emulator, 'POST', API, { body: hubspot })).json.result.id).toBe(322);
  });

  it('ignores members a payload cannot set (id, user_id, counts, timestamps)', async () => {
    await start();
    const body = { ...hubspot, id: 99, user_id: 5, shared_accounts_count: 9, created_at: 'x', data: { ...hubspot.data, extra: 'y' } };
    const created = (await call(emulator, 'POST', API, { body })).json.result;
    expect(created).toMatchObject({ id: 1, user_id: 123, shared_accounts_count: 0 });
    expect(created.created_at).toMatch(TIMESTAMP);
    expect(emulator.profile(1)?.data).toEqual(hubspot.data);
  });
});

describe('secrets', () => {
  it('stores client_secret and token but never returns them from any endpoint', async () => {
    await start();
    const secrets = ['hub-SECRET-1', 'slack-SECRET-2', 'xoxb-TOKEN-3', 'rotated-SECRET-4', 'xoxb-rotated-5'];
    const texts: string[] = [];
    const keep = (a: Answer): Answer => (texts.push(a.text, JSON.stringify(a.headers)), a);

    const h = keep(await call(emulator, 'POST', API, { body: hubspot })).json.result;
    const s = keep(await call(emulator, 'POST', API, { body: slack })).json.result;
    keep(await call(emulator, 'GET', API));
    keep(await call(emulator, 'GET', `${API}/${s.id}`));
    keep(await call(emulator, 'GET', `${API}?page=1&per_page=1`));
    keep(await call(emulator, 'PUT', `${API}/${s.id}`, { body: { ...slack, data: { ...slack.data, client_secret: 'rotated-SECRET-4', token: 'xoxb-rotated-5' } } }));
    // Refused payloads that carry secrets must not echo them either.
    keep(await call(emulator, 'POST', API, { body: { ...slack, provider: 'BAD', name: 5 } }));
    keep(await call(emulator, 'PUT', `${API}/${h.id}`, { body: { data: hubspot.data } }));
    keep(await call(emulator, 'POST', API, { raw: '{"data":{"client_secret":"hub-SECRET-1"' }));
    keep(await call(emulator, 'DELETE', `${API}/${h.id}`));

    expect(texts.length).toBe(20);
    for (const text of texts) {
      for (const secret of secrets) expect(text).not.toContain(secret);
      expect(text).not.toMatch(/client_secret|"token"/);
    }
    expect(emulator.profile(s.id)?.data).toEqual({ client_id: 'slack-client-id', client_secret: 'rotated-SECRET-4', token: 'xoxb-rotated-5' });
  });
});

describe('payload validation', () => {
  it('answers 400 in Workato shape naming every missing field, and stores nothing', async () => {
    await start();
    const answer = await call(emulator, 'POST', API, { body: {} });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({
      message: 'Validation failed',
      errors: {
        name: ["can't be blank"],
        provider: ["can't be blank"],
        'data.client_id': ["can't be blank"],
        'data.client_secret': ["can't be blank"],
      },
    });
    // An empty body reads as an empty object.
    expect((await call(emulator, 'POST', API)).json).toEqual(answer.json);
    expect(emulator.profiles()).toEqual([]);
  });

  it('reports wrong types, a non-object data and an unknown provider format', async () => {
    await start();
    const wrong = await call(emulator, 'POST', API, { body: { name: 1, provider: 'Hub Spot', data: 'x' } });
    expect(wrong.status).toBe(400);
    expect(wrong.json).toEqual({
      message: 'Validation failed',
      errors: { name: ['must be a string'], provider: ['is not included in the list'], data: ['must be an object'] },
    });
    const types = await call(emulator, 'POST', API, { body: { ...hubspot, data: { client_id: 1, client_secret: [], token: {} } } });
    expect(types.json.errors).toEqual({
      'data.client_id': ['must be a string'],
      'data.client_secret': ['must be a string'],
      'data.token': ['must be a string'],
    });
    const array = await call(emulator, 'POST', API, { body: [hubspot] });
    expect(array.status).toBe(400);
    expect(array.json).toEqual({ message: 'Validation failed', errors: { base: ['request body must be a JSON object'] } });
  });

  it('requires a token for slack, on POST and PUT', async () => {
    await start();
    const noToken = { ...slack, data: { client_id: 'a', client_secret: 'b' } };
    const post = await call(emulator, 'POST', API, { body: noToken });
    expect(post.status).toBe(400);
    expect(post.json).toEqual({ message: 'Validation failed', errors: { 'data.token': ["can't be blank"] } });

    const { id } = (await call(emulator, 'POST', API, { body: slack })).json.result;
    const put = await call(emulator, 'PUT', `${API}/${id}`, { body: noToken });
    expect(put.status).toBe(400);
    expect(put.json.errors).toEqual({ 'data.token': ["can't be blank"] });
    expect(emulator.profile(id)?.data.token).toBe('xoxb-TOKEN-3');
  });

  it('accepts provider names it does not know, when they look like app names', async () => {
    await start();
    expect((await call(emulator, 'POST', API, { body: { ...hubspot, provider: 'google_drive' } })).status).toBe(200);
    expect((await call(emulator, 'POST', API, { body: { ...hubspot, provider: 'acme_connector_42' } })).status).toBe(200);
  });

  it('checks that a PUT id exists before validating the payload', async () => {
    await start();
    expect((await call(emulator, 'PUT', `${API}/42`, { body: {} })).status).toBe(404);
  });
});

describe('authentication', () => {
  it('answers 401 with a message without a bearer token', async () => {
    await start();
    const variants: Record<string, string>[] = [{}, { authorization: 'Basic dXNlcjpwYXNz' }, { authorization: 'Bearer ' }, { authorization: 'Bearer' }];
    for (const headers of variants) {
      const answer = await call(emulator, 'GET', API, { token: null, headers });
      expect(answer.status).toBe(401);
      expect(answer.json).toEqual({ message: expect.stringMatching(/^Unauthorized/) });
      expect(answer.headers['www-authenticate']).toBe('Bearer');
      expect(answer.headers['x-correlation-id']).toBeDefined();
    }
  });

  it('accepts any non-empty bearer token without the token option', async () => {
    await start();
    expect((await call(emulator, 'GET', API, { token: 'anything' })).status).toBe(200);
    expect((await call(emulator, 'GET', API, { token: null, headers: { authorization: 'bearer lower-case-scheme' } })).status).toBe(200);
  });

  it('accepts only the configured token with the token option', async () => {
    await start({ token: TOKEN });
    expect((await call(emulator, 'GET', API)).status).toBe(200);
    const wrong = await call(emulator, 'POST', API, { token: 'wrkprod-other', body: hubspot });
    expect(wrong.status).toBe(401);
    expect(wrong.json).toEqual({ message: 'Unauthorized: invalid API token' });
    expect(emulator.profiles()).toEqual([]);
  });
});

describe('errors and robustness', () => {
  it('answers 404 for unknown and non-integer ids and for unknown paths', async () => {
    await start();
    for (const target of [`${API}/999`, `${API}/abc`, `${API}/1.5`, `${API}/-1`, `${API}/99999999999999999999`]) {
      const answer = await call(emulator, 'GET', target);
      expect(answer.status).toBe(404);
      expect(answer.json).toEqual({ message: expect.stringContaining('Not found') });
    }
    for (const target of ['/', '/api', '/api/custom_oauth_profile', `${API}/1/extra`, '/api/recipes']) {
      const answer = await call(emulator, 'GET', target);
      expect(answer.status).toBe(404);
      expect(answer.json.message).toMatch(/not an endpoint/);
      expect(answer.headers['content-type']).toMatch(/^application\/json/);
    }
  });

  it('answers 405 with Allow for a wrong method', async () => {
    await start();
    const patch = await call(emulator, 'PATCH', `${API}/1`, { body: hubspot });
    expect(patch.status).toBe(405);
    expect(patch.headers.allow).toBe('GET, PUT, DELETE');
    expect(patch.json.message).toMatch(/PATCH is not allowed.*PUT with the whole payload/);
    const del = await call(emulator, 'DELETE', API);
    expect(del.status).toBe(405);
    expect(del.headers.allow).toBe('GET, POST');
  });

  it('answers 400 for malformed JSON, tolerates a wrong Content-Type, 413 above 1 MiB, and keeps serving', async () => {
    await start();
    const malformed = await call(emulator, 'POST', API, { raw: '{"name": "x",' });
    expect(malformed.status).toBe(400);
    expect(malformed.json).toEqual({ message: 'Malformed JSON in request body' });

    const textPlain = await call(emulator, 'POST', API, { raw: JSON.stringify(hubspot), headers: { 'content-type': 'text/plain' } });
    expect(textPlain.status).toBe(200);

    const big = { ...hubspot, name: 'x'.repeat(MAX_BODY_BYTES) };
    const tooLarge = await call(emulator, 'POST', API, { body: big });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.json.message).toMatch(/too large/);
    // Exactly at the limit is still read (and then validated).
    const atLimit = JSON.stringify({ pad: 'y'.repeat(MAX_BODY_BYTES - 10) });
    expect(Buffer.byteLength(atLimit)).toBe(MAX_BODY_BYTES);
    expect((await call(emulator, 'POST', API, { raw: atLimit })).status).toBe(400);

    const list = await call(emulator, 'GET', API);
    expect(list.status).toBe(200);
    expect(list.json.result).toHaveLength(1);
  });

  it('survives garbage on the socket and clients that hang up mid-body', async () => {
    await start();
    const rawAnswer = await new Promise<string>((resolve) => {
      let text = '';
      const socket = net.connect(Number(new URL(emulator.url).port), '127.0.0.1', () => socket.write('NOT HTTP AT ALL\r\n\r\n'));
      socket.on('data', (c: Buffer) => (text += c.toString('utf8')));
      socket.on('close', () => resolve(text));
      socket.on('error', () => resolve(text));
    });
    expect(rawAnswer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(rawAnswer).toMatch(/\r\ncontent-type: application\/json; charset=utf-8\r\n/);
    expect(rawAnswer).toMatch(/\r\nx-correlation-id: [0-9a-f]+\r\n/);
    expect(rawAnswer).toMatch(/\r\n\r\n\{"message":"Bad request: malformed HTTP"\}$/);
    await new Promise<void>((resolve) => {
      const req = http.request(`${emulator.url}${API}`, { method: 'POST', agent: false, headers: { 'content-length': '1000', authorization: `Bearer ${TOKEN}` } });
      req.on('error', () => resolve());
      req.write('{"name":');
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 20);
    });
    expect((await call(emulator, 'GET', API)).status).toBe(200);
  });

  it('closes with keep-alive connections open, and twice', async () => {
    await start();
    const agent = new http.Agent({ keepAlive: true });
    await new Promise<void>((resolve) =>
      http.get(`${emulator.url}${API}`, { agent, headers: { authorization: `Bearer ${TOKEN}` } }, (res) => res.resume().on('end', resolve)),
    );
    const [socket] = Object.values(agent.freeSockets).flat();
    expect(socket?.destroyed).toBe(false);
    const socketClosed = new Promise((resolve) => socket!.once('close', resolve));
    // close() ends idle keep-alive connections itself rather than wait for them to time out.
    const closing = emulator.close();
    expect(emulator.close()).toBe(closing);
    await Promise.all([closing, socketClosed]);
    agent.destroy();
  });
});

describe('the Date header', () => {
  it("comes from the emulator's clock on every answer, like created_at", async () => {
    const clock = manualClock(Date.parse('2020-06-15T08:30:45.678Z'));
    await start({ now: clock.now });
    const created = await call(emulator, 'POST', API, { body: hubspot });
    expect(created.headers.date).toBe('Mon, 15 Jun 2020 08:30:45 GMT');
    expect(Date.parse(created.headers.date!)).toBe(Date.parse(created.json.result.created_at) - 678);
    clock.advance(60_000);
    expect((await call(emulator, 'GET', '/nope')).headers.date).toBe('Mon, 15 Jun 2020 08:31:45 GMT');
    expect((await call(emulator, 'GET', API, { token: null })).headers.date).toBe('Mon, 15 Jun 2020 08:31:45 GMT');
    emulator.injectFault({ kind: 'status', status: 503 });
    expect((await call(emulator, 'GET', API)).headers.date).toBe('Mon, 15 Jun 2020 08:31:45 GMT');
    // After a latency fault the Date is when the answer is written.
    emulator.injectFault({ kind: 'latency', ms: 20 });
    const slow = call(emulator, 'GET', API);
    clock.advance(5_000);
    expect((await slow).headers.date).toBe('Mon, 15 Jun 2020 08:31:50 GMT');

    const rawAnswer = await new Promise<string>((resolve) => {
      let text = '';
      const socket = net.connect(Number(new URL(emulator.url).port), '127.0.0.1', () => socket.write('NOT HTTP AT ALL\r\n\r\n'));
      socket.on('data', (c: Buffer) => (text += c.toString('utf8')));
      socket.on('close', () => resolve(text));
      socket.on('error', () => resolve(text));
    });
    expect(rawAnswer).toMatch(/\r\ndate: Mon, 15 Jun 2020 08:31:50 GMT\r\n/);
  });
});

describe('pagination', () => {
  async function seedMany(n: number): Promise<void> {
    for (let i = 1; i <= n; i++) emulator.seed({ name: `p${i}`, provider: 'hubspot', client_id: `c${i}`, client_secret: `s${i}` });
  }

  it('pages 250 profiles as 100, 100, 50, then an empty page, ids ascending', async () => {
    await start();
    await seedMany(250);
    const pages: number[][] = [];
    for (let page = 1; page <= 4; page++) {
      const answer = await call(emulator, 'GET', `${API}?page=${page}`);
      expect(answer.status).toBe(200);
      pages.push(answer.json.result.map((p: { id: number }) => p.id));
    }
    expect(pages.map((p) => p.length)).toEqual([100, 100, 50, 0]);
    expect(pages.flat()).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
  });

  it('honours per_page and caps it at 100 instead of refusing more', async () => {
    await start();
    await seedMany(250);
    const small = await call(emulator, 'GET', `${API}?page=3&per_page=30`);
    expect(small.json.result.map((p: { id: number }) => p.id)).toEqual(Array.from({ length: 30 }, (_, i) => 61 + i));
    const big = await call(emulator, 'GET', `${API}?per_page=500`);
    expect(big.status).toBe(200);
    expect(big.json.result).toHaveLength(100);
    const secondBig = await call(emulator, 'GET', `${API}?page=2&per_page=250`);
    expect(secondBig.json.result[0].id).toBe(101);
    expect((await call(emulator, 'GET', `${API}?page=999999999999`)).json).toEqual({ result: [] });
  });

  it('answers 400 in Workato shape for an invalid page or per_page', async () => {
    await start();
    for (const query of ['page=0', 'page=-1', 'page=abc', 'page=1.5', 'page=', 'page=%201']) {
      const answer = await call(emulator, 'GET', `${API}?${query}`);
      expect(answer.status).toBe(400);
      expect(answer.json).toEqual({ message: 'Validation failed', errors: { page: ['must be an integer greater than or equal to 1'] } });
    }
    const both = await call(emulator, 'GET', `${API}?page=x&per_page=0`);
    expect(both.json.errors).toEqual({
      page: ['must be an integer greater than or equal to 1'],
      per_page: ['must be an integer greater than or equal to 1'],
    });
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After and a message once a token used its minute', async () => {
    const clock = manualClock();
    await start({ requestsPerMinute: 3, now: clock.now });
    for (let i = 0; i < 3; i++) {
      expect((await call(emulator, 'GET', API)).status).toBe(200);
      clock.advance(10_000);
    }
    // Requests at 0, 10 and 20 s; now 30 s: the first leaves the window at 60 s.
    const limited = await call(emulator, 'GET', API);
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('30');
    expect(limited.json).toEqual({ message: expect.stringMatching(/Too many requests.*3 requests per minute/) });
    expect(limited.headers['x-correlation-id']).toBeDefined();

    // 429s do not count: the answer is the same half a second later, rounded up.
    clock.advance(500);
    expect((await call(emulator, 'POST', API, { body: hubspot })).headers['retry-after']).toBe('30');
    clock.advance(29_500);
    expect((await call(emulator, 'POST', API, { body: hubspot })).status).toBe(200);
    expect((await call(emulator, 'GET', API)).headers['retry-after']).toBe('10');
    expect(emulator.profiles()).toHaveLength(1);
  });

  it('keeps a window per token, and does not count 401s, unknown paths or injected faults', async () => {
    const clock = manualClock();
    await start({ requestsPerMinute: 1, now: clock.now });
    for (let i = 0; i < 5; i++) {
      expect((await call(emulator, 'GET', API, { token: null })).status).toBe(401);
      expect((await call(emulator, 'GET', '/api/nothing')).status).toBe(404);
    }
    emulator.injectFault({ kind: 'status', status: 503 });
    expect((await call(emulator, 'GET', API)).status).toBe(503);
    expect((await call(emulator, 'GET', API)).status).toBe(200);
    expect((await call(emulator, 'GET', API)).status).toBe(429);
    expect((await call(emulator, 'GET', API, { token: 'another-token' })).status).toBe(200);
    expect((await call(emulator, 'GET', API, { token: 'another-token' })).status).toBe(429);
  });

  it('defaults to 60 per minute, and can be changed or lifted while running', async () => {
    const clock = manualClock();
    emulator = await startEmulator({ now: clock.now });
    for (let i = 0; i < 60; i++) expect((await call(emulator, 'GET', API)).status).toBe(200);
    clock.advance(1_500);
    const limited = await call(emulator, 'GET', API);
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('59');
    emulator.setRequestsPerMinute(0);
    expect((await call(emulator, 'GET', API)).status).toBe(200);
    emulator.setRequestsPerMinute(Infinity);
    expect((await call(emulator, 'GET', API)).status).toBe(200);
    expect(() => emulator.setRequestsPerMinute(-5)).toThrow(RangeError);
  });
});

describe('faults', () => {
  it('latency: waits, then handles the request normally', async () => {
    fakeTimeouts();
    await start();
    emulator.injectFault({ kind: 'latency', ms: 150 });
    let answered = false;
    const pending = call(emulator, 'POST', API, { body: hubspot }).finally(() => (answered = true));
    await until(() => jest.getTimerCount() === 1);
    jest.advanceTimersByTime(149);
    await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toBe(false);
    expect(emulator.profiles()).toHaveLength(0);
    jest.advanceTimersByTime(1);
    const answer = await pending;
    expect(answer.status).toBe(200);
    expect(emulator.profiles()).toHaveLength(1);
    expect(emulator.requests[0]).toMatchObject({ status: 200, fault: 'latency' });
  });

  it('status: answers the status, Retry-After and body given, without handling the request', async () => {
    await start();
    emulator.injectFault({ kind: 'status', status: 503, retryAfter: 7, body: { message: 'maintenance' } });
    const answer = await call(emulator, 'POST', API, { body: hubspot });
    expect(answer.status).toBe(503);
    expect(answer.headers['retry-after']).toBe('7');
    expect(answer.json).toEqual({ message: 'maintenance' });
    expect(answer.headers['x-correlation-id']).toBeDefined();
    expect(emulator.profiles()).toEqual([]);

    emulator.injectFault({ kind: 'status', status: 429 });
    const limited = await call(emulator, 'GET', API);
    expect(limited.status).toBe(429);
    expect(limited.json).toEqual({ message: 'Too Many Requests' });
    expect(limited.headers['retry-after']).toBeUndefined();
    expect((await call(emulator, 'GET', API)).status).toBe(200);
  });

  it('drop: closes the connection without an answer and commits nothing', async () => {
    await start();
    emulator.injectFault({ kind: 'drop', match: { method: 'POST' } });
    await expect(call(emulator, 'POST', API, { body: hubspot })).rejects.toMatchObject({ code: expect.stringMatching(/ECONNRESET|EPIPE/) });
    expect(emulator.profiles()).toEqual([]);
    expect(emulator.requests).toEqual([expect.objectContaining({ method: 'POST', status: 0, fault: 'drop', body: hubspot })]);
  });

  it('drop-after-commit: commits the write, then closes the connection without an answer', async () => {
    await start();
    emulator.injectFault({ kind: 'drop-after-commit', match: { method: 'POST', path: API } });
    await expect(call(emulator, 'POST', API, { body: hubspot })).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(emulator.profiles()).toEqual([expect.objectContaining({ id: 1, name: hubspot.name })]);
    expect(emulator.requests[0]).toMatchObject({ status: 0, fault: 'drop-after-commit' });
    // It was processed, so it counts like any answered request would.
    expect((await call(emulator, 'GET', API)).json.result).toHaveLength(1);
  });

  it('fires `times` times, only on matching requests, in the order injected', async () => {
    await start();
    emulator.injectFault({ kind: 'status', status: 502, times: 2, match: { method: 'get', path: /^\/api\/custom_oauth_profiles\/\d+$/ } });
    emulator.injectFault({ kind: 'status', status: 500, match: { path: /\/\d+$/ } });
    const { id } = (await call(emulator, 'POST', API, { body: hubspot })).json.result;
    expect((await call(emulator, 'GET', API)).status).toBe(200);
    expect((await call(emulator, 'GET', `${API}/${id}`)).status).toBe(502);
    expect((await call(emulator, 'PUT', `${API}/${id}`, { body: hubspot })).status).toBe(500);
    expect((await call(emulator, 'GET', `${API}/${id}`)).status).toBe(502);
    expect((await call(emulator, 'GET', `${API}/${id}`)).status).toBe(200);
  });

  it('fires forever with times: Infinity, until cleared', async () => {
    await start();
    emulator.injectFault({ kind: 'status', status: 500, times: Infinity });
    for (let i = 0; i < 3; i++) expect((await call(emulator, 'GET', API)).status).toBe(500);
    emulator.clearFaults();
    expect((await call(emulator, 'GET', API)).status).toBe(200);
  });

  it('refuses malformed faults', async () => {
    await start();
    expect(() => emulator.injectFault({ kind: 'status', status: 99 })).toThrow(RangeError);
    expect(() => emulator.injectFault({ kind: 'latency', ms: -1 })).toThrow(RangeError);
    expect(() => emulator.injectFault({ kind: 'drop', times: 0 })).toThrow(RangeError);
    expect(() => emulator.injectFault({ kind: 'nope' } as never)).toThrow(TypeError);
    expect(() => emulator.injectFault({ kind: 'status', status: 500, body: { n: BigInt(1) } })).toThrow(/cannot be serialized/);
  });

  it('refuses a status body that serializes to nothing, and answers what was injected even if the object changes', async () => {
    await start();
    for (const body of [() => 1, Symbol('x'), { toJSON: () => undefined }]) {
      expect(() => emulator.injectFault({ kind: 'status', status: 503, body })).toThrow(/body cannot be serialized as JSON: JSON.stringify gives undefined/);
    }
    // Nothing was queued by the refused faults.
    expect((await call(emulator, 'GET', API)).status).toBe(200);

    const body: Record<string, unknown> = { message: 'maintenance' };
    emulator.injectFault({ kind: 'status', status: 503, body, times: 2 });
    body.message = 'changed';
    body.toJSON = () => undefined;
    for (let i = 0; i < 2; i++) {
      const answer = await call(emulator, 'GET', API);
      expect(answer.status).toBe(503);
      expect(answer.json).toEqual({ message: 'maintenance' });
    }
  });

  it('cuts a pending latency short on close', async () => {
    fakeTimeouts();
    await start();
    emulator.injectFault({ kind: 'latency', ms: 60_000 });
    const pending = call(emulator, 'GET', API).catch((e: NodeJS.ErrnoException) => e);
    await until(() => jest.getTimerCount() === 1);
    // No time passes on the fake clock: close() wakes the sleeping request and clears its timer.
    await emulator.close();
    expect(jest.getTimerCount()).toBe(0);
    expect(emulator.requests).toEqual([]);
    // Node's errors come from another realm than jest's, so match the code, not the class.
    expect(await pending).toMatchObject({ code: 'ECONNRESET' });
  });
});

describe('inspection and out-of-band changes', () => {
  it('records each request: method, path, query, headers, parsed body, status, time', async () => {
    const clock = manualClock();
    await start({ now: clock.now });
    await call(emulator, 'POST', API, { body: hubspot });
    await call(emulator, 'GET', `${API}?page=2&per_page=5&page=3`);
    await call(emulator, 'POST', API, { raw: 'not json' });
    expect(emulator.requests).toEqual([
      expect.objectContaining({ method: 'POST', path: API, query: {}, body: hubspot, status: 200, at: clock.now() }),
      expect.objectContaining({ method: 'GET', path: API, query: { page: '3', per_page: '5' }, body: undefined, status: 200 }),
      expect.objectContaining({ method: 'POST', path: API, body: undefined, status: 400 }),
    ]);
    expect(emulator.requests[0].headers).toMatchObject({ authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' });
    expect(emulator.requests[0].correlationId).toMatch(/^[0-9a-f]+$/);
    expect(emulator.requestCount()).toBe(3);
    expect(emulator.requestCount({ method: 'post' })).toBe(2);
    expect(emulator.requestCount({ path: /custom_oauth/, method: 'GET' })).toBe(1);
    expect(emulator.requestCount({ path: '/nope' })).toBe(0);
  });

  it('seeds, modifies and removes profiles as someone in the Workato UI would', async () => {
    const clock = manualClock();
    await start({ now: clock.now });
    const seeded = emulator.seed({ name: 'UI', provider: 'slack', client_id: 'c', client_secret: 's', token: 't', shared_accounts_count: 2, oem_customers_count: 3 });
    expect(seeded).toMatchObject({ id: 1, shared_accounts_count: 2, oem_customers_count: 3, data: { client_id: 'c', client_secret: 's', token: 't' } });
    expect((await call(emulator, 'GET', `${API}/1`)).json.result).toMatchObject({ name: 'UI', shared_accounts_count: 2, data: { client_id: 'c' } });

    clock.advance(2000);
    const modified = emulator.modify(1, { name: 'Edited', provider: 'hubspot', token: null, oem_customers_count: 0 });
    expect(modified).toMatchObject({ name: 'Edited', provider: 'hubspot', oem_customers_count: 0, updated_at: '2024-03-01T10:00:02.000+00:00' });
    expect(modified.data).toEqual({ client_id: 'c', client_secret: 's' });
    expect(modified.created_at).toBe(seeded.created_at);
    expect((await call(emulator, 'GET', `${API}/1`)).json.result.name).toBe('Edited');

    expect(() => emulator.modify(99, { name: 'x' })).toThrow(/no custom OAuth profile with id 99/);
    expect(() => emulator.modify(1, { provider: 'slack' })).toThrow(/data.token can't be blank/);
    expect(() => emulator.seed({ name: '', provider: 'x', client_id: 'c', client_secret: 's' })).toThrow(/name can't be blank/);
    expect(() => emulator.modify(1, { shared_accounts_count: -1 })).toThrow(RangeError);
    expect(emulator.profile(1)?.name).toBe('Edited');

    expect(emulator.remove(1)).toBe(true);
    expect(emulator.remove(1)).toBe(false);
    expect((await call(emulator, 'GET', `${API}/1`)).status).toBe(404);
  });

  it('hands out deep copies', async () => {
    await start();
    emulator.seed({ name: 'n', provider: 'hubspot', client_id: 'c', client_secret: 's' });
    emulator.profiles()[0].data.client_secret = 'changed';
    emulator.profile(1)!.name = 'changed';
    expect(emulator.profile(1)).toMatchObject({ name: 'n', data: { client_secret: 's' } });
  });

  it('resets profiles, ids, requests, faults, rate windows and the limit', async () => {
    const clock = manualClock();
    await start({ requestsPerMinute: 1, now: clock.now });
    emulator.seed({ name: 'n', provider: 'hubspot', client_id: 'c', client_secret: 's' });
    await call(emulator, 'GET', API);
    emulator.setRequestsPerMinute(5);
    emulator.injectFault({ kind: 'status', status: 500 });
    emulator.reset();
    expect(emulator.profiles()).toEqual([]);
    expect(emulator.requests).toEqual([]);
    expect((await call(emulator, 'POST', API, { body: hubspot })).json.result.id).toBe(1);
    expect((await call(emulator, 'GET', API)).status).toBe(429);
  });
});

describe('bounded recording', () => {
  it('keeps no body of a request to an unknown path, with a wrong method, or without an accepted token', async () => {
    await start({ token: TOKEN });
    const big = { ...hubspot, pad: 'x'.repeat(100_000) };
    const statuses: number[] = [];
    statuses.push((await call(emulator, 'POST', '/nope', { token: null, body: big })).status);
    statuses.push((await call(emulator, 'POST', '/nope', { body: big })).status);
    statuses.push((await call(emulator, 'PATCH', `${API}/1`, { body: big })).status);
    statuses.push((await call(emulator, 'POST', API, { token: null, body: big })).status);
    statuses.push((await call(emulator, 'POST', API, { token: 'wrkprod-wrong', body: big })).status);
    emulator.injectFault({ kind: 'status', status: 500, match: { path: '/nope' } });
    statuses.push((await call(emulator, 'POST', '/nope', { token: null, body: big })).status);
    expect(statuses).toEqual([404, 404, 405, 401, 401, 500]);
    expect(emulator.requests.map((r) => r.body)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
    // Still recorded, with their headers, for tests that look at them.
    expect(emulator.requests[1].headers['content-length']).toBe(String(JSON.stringify(big).length));

    expect((await call(emulator, 'POST', API, { body: big })).status).toBe(200);
    expect(emulator.requests[6].body).toEqual(big);
    expect(emulator.requestCount()).toBe(7);
  });

  it('keeps the most recent maxRecordedRequests, and still counts every request', async () => {
    await start({ maxRecordedRequests: 3 });
    await call(emulator, 'POST', API, { body: hubspot });
    for (let i = 1; i <= 4; i++) await call(emulator, 'GET', `${API}?page=${i}`);
    expect(emulator.requests.map((r) => r.query.page)).toEqual(['2', '3', '4']);
    expect(emulator.requestCount()).toBe(5);
    expect(emulator.requestCount({ method: 'post' })).toBe(1);
    expect(emulator.requestCount({ method: 'GET' })).toBe(4);
    // A path filter can only look at what is recorded: it says so rather than answer too low.
    expect(() => emulator.requestCount({ path: API })).toThrow(/2 of 5 requests are no longer recorded.*maxRecordedRequests 3/);
    emulator.reset();
    expect(emulator.requestCount()).toBe(0);
    await call(emulator, 'GET', API);
    expect(emulator.requestCount({ path: API })).toBe(1);
  });

  it('records nothing with maxRecordedRequests 0, and onRequest still sees every request', async () => {
    const seen: number[] = [];
    await start({ maxRecordedRequests: 0, onRequest: (r) => seen.push(r.status) });
    await call(emulator, 'POST', API, { body: hubspot });
    await call(emulator, 'GET', '/nope');
    expect(seen).toEqual([200, 404]);
    expect(emulator.requests).toEqual([]);
    expect(emulator.requestCount()).toBe(2);
  });

  it('forgets the oldest requests to stay under maxRecordedBytes', async () => {
    await start({ maxRecordedBytes: 50_000 });
    for (let i = 0; i < 5; i++) {
      expect((await call(emulator, 'POST', API, { body: { ...hubspot, name: `n${i}`, pad: 'x'.repeat(20_000) } })).status).toBe(200);
    }
    expect(emulator.requests.map((r) => (r.body as { name: string }).name)).toEqual(['n3', 'n4']);
    expect(emulator.requestCount({ method: 'POST' })).toBe(5);
  });

  it('refuses invalid recording limits', async () => {
    await expect(startEmulator({ maxRecordedRequests: -1 })).rejects.toThrow(/maxRecordedRequests must be a non-negative integer or Infinity/);
    await expect(startEmulator({ maxRecordedBytes: 1.5 })).rejects.toThrow(RangeError);
    emulator = await startEmulator({ maxRecordedRequests: Infinity, maxRecordedBytes: 0 });
    await call(emulator, 'GET', API);
    expect(emulator.requests).toEqual([]);
  });
});

describe('state file', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workato-emulator-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps profiles, secrets and the next id across a restart', async () => {
    const stateFile = path.join(dir, 'nested', 'state.json');
    await start({ stateFile });
    await call(emulator, 'POST', API, { body: hubspot });
    await call(emulator, 'POST', API, { body: slack });
    await call(emulator, 'POST', API, { body: hubspot });
    await call(emulator, 'PUT', `${API}/1`, { body: { ...hubspot, name: 'Renamed' } });
    await call(emulator, 'DELETE', `${API}/3`);
    const before = emulator.profiles();
    await emulator.close();

    expect(fs.statSync(stateFile).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(path.dirname(stateFile))).toEqual(['state.json']);
    expect(fs.readFileSync(stateFile, 'utf8')).toContain('xoxb-TOKEN-3');

    await start({ stateFile });
    expect(emulator.profiles()).toEqual(before);
    expect(emulator.profile(2)?.data.token).toBe('xoxb-TOKEN-3');
    expect((await call(emulator, 'GET', `${API}/1`)).json.result.name).toBe('Renamed');
    // Id 3 was deleted, but ids are never reused.
    expect((await call(emulator, 'POST', API, { body: hubspot })).json.result.id).toBe(4);
  });

  it('saves out-of-band changes too', async () => {
    const stateFile = path.join(dir, 'state.json');
    await start({ stateFile });
    emulator.seed({ name: 'n', provider: 'hubspot', client_id: 'c', client_secret: 's' });
    emulator.modify(1, { name: 'm' });
    await emulator.close();
    await start({ stateFile });
    expect(emulator.profile(1)?.name).toBe('m');
    emulator.reset();
    await emulator.close();
    await start({ stateFile });
    expect(emulator.profiles()).toEqual([]);
  });

  it('refuses to start on a state file it cannot read, and leaves the file alone', async () => {
    const stateFile = path.join(dir, 'state.json');
    fs.writeFileSync(stateFile, '{"version": 1, "profiles": [{"id": "x"}], "next_id": 1}');
    await expect(startEmulator({ stateFile })).rejects.toThrow(/not a workato-emulator state file: profiles\[0\]/);
    fs.writeFileSync(stateFile, 'not json');
    await expect(startEmulator({ stateFile })).rejects.toThrow(/not valid JSON\. To start fresh, delete the file/);
    expect(fs.readFileSync(stateFile, 'utf8')).toBe('not json');
  });

  it('refuses an empty state file (what a crash can leave) instead of starting empty and overwriting it', async () => {
    const stateFile = path.join(dir, 'state.json');
    fs.writeFileSync(stateFile, '');
    await expect(startEmulator({ stateFile })).rejects.toThrow(/state\.json is empty \(zero bytes\).*to start fresh, delete the file/);
    expect(fs.readFileSync(stateFile, 'utf8')).toBe('');
    fs.writeFileSync(stateFile, ' \n');
    await expect(startEmulator({ stateFile })).rejects.toThrow(/is empty \(only whitespace\)/);
    // Deleting it starts fresh, as the message says.
    fs.rmSync(stateFile);
    await start({ stateFile });
    expect(emulator.profiles()).toEqual([]);
  });

  describe('durability', () => {
    // The real node:fs object (the `import * as` namespace only has getters), so calls can be spied on.
    type Spied = (...args: any[]) => any;
    afterEach(() => jest.restoreAllMocks());

    /** Logs fsync and rename calls as "fsync temp", "fsync dir", "rename"; `failFsync` makes one throw. */
    function watchFs(failFsync?: 'temp' | 'dir'): string[] {
      const log: string[] = [];
      const opened = new Map<number, string>();
      const real = { openSync: nodeFs.openSync, fsyncSync: nodeFs.fsyncSync, renameSync: nodeFs.renameSync };
      jest.spyOn(nodeFs, 'openSync').mockImplementation(((file: fs.PathLike, ...rest: unknown[]) => {
        const fd = (real.openSync as Spied)(file, ...rest) as number;
        opened.set(fd, String(file));
        return fd;
      }) as Spied);
      jest.spyOn(nodeFs, 'fsyncSync').mockImplementation((fd: number) => {
        const file = opened.get(fd) ?? '?';
        const kind = file === dir ? 'dir' : file.endsWith('.tmp') ? 'temp' : file;
        log.push(`fsync ${kind}`);
        if (kind === failFsync) throw Object.assign(new Error(`EIO: i/o error, fsync`), { code: 'EIO' });
        real.fsyncSync(fd);
      });
      jest.spyOn(nodeFs, 'renameSync').mockImplementation((from: fs.PathLike, to: fs.PathLike) => {
        log.push('rename');
        real.renameSync(from, to);
      });
      return log;
    }

    it('flushes the temporary file before the rename, and the directory after it', async () => {
      const stateFile = path.join(dir, 'state.json');
      await start({ stateFile });
      const log = watchFs();
      emulator.seed({ name: 'n', provider: 'hubspot', client_id: 'c', client_secret: 's' });
      expect(log).toEqual(['fsync temp', 'rename', 'fsync dir']);
      expect(JSON.parse(fs.readFileSync(stateFile, 'utf8')).profiles).toHaveLength(1);
      expect(fs.statSync(stateFile).mode & 0o777).toBe(0o600);
    });

    it('saves anyway when the directory cannot be flushed (best effort)', async () => {
      const stateFile = path.join(dir, 'state.json');
      await start({ stateFile });
      const log = watchFs('dir');
      expect(emulator.seed({ name: 'n', provider: 'hubspot', client_id: 'c', client_secret: 's' }).id).toBe(1);
      expect(log).toEqual(['fsync temp', 'rename', 'fsync dir']);
      expect(JSON.parse(fs.readFileSync(stateFile, 'utf8')).profiles).toHaveLength(1);
    });

    it('fails the write, renames nothing and leaves no temporary file when the data cannot be flushed', async () => {
      const stateFile = path.join(dir, 'state.json');
      await start({ stateFile });
      emulator.seed({ name: 'first', provider: 'hubspot', client_id: 'c', client_secret: 's' });
      const before = fs.readFileSync(stateFile, 'utf8');
      const log = watchFs('temp');
      const answer = await call(emulator, 'POST', API, { body: hubspot });
      expect(answer.status).toBe(500);
      expect(answer.json.message).toMatch(/EIO/);
      expect(log).toEqual(['fsync temp']);
      expect(fs.readdirSync(dir)).toEqual(['state.json']);
      expect(fs.readFileSync(stateFile, 'utf8')).toBe(before);
      expect(emulator.profiles().map((p) => p.name)).toEqual(['first']);
    });
  });

  it('answers 500 and keeps memory and file unchanged when saving fails', async () => {
    const stateFile = path.join(dir, 'sub', 'state.json');
    await start({ stateFile });
    await call(emulator, 'POST', API, { body: hubspot });
    // A directory where the file should go makes rename() fail.
    fs.rmSync(stateFile);
    fs.mkdirSync(stateFile);
    const answer = await call(emulator, 'POST', API, { body: slack });
    expect(answer.status).toBe(500);
    expect(answer.json.message).toMatch(/Internal server error/);
    expect(emulator.profiles()).toHaveLength(1);
    fs.rmdirSync(stateFile);
    expect((await call(emulator, 'POST', API, { body: slack })).json.result.id).toBe(2);
    expect(fs.readdirSync(path.dirname(stateFile))).toEqual(['state.json']);
  });
});

describe('options', () => {
  it('refuses invalid options', async () => {
    await expect(startEmulator({ port: 70000 })).rejects.toThrow(RangeError);
    await expect(startEmulator({ token: ' ' })).rejects.toThrow(/token must not be empty/);
    await expect(startEmulator({ requestsPerMinute: -1 })).rejects.toThrow(RangeError);
    await expect(startEmulator({ firstId: 0 })).rejects.toThrow(RangeError);
    emulator = await startEmulator();
  });

  it('reports a port in use', async () => {
    await start();
    await expect(startEmulator({ port: Number(new URL(emulator.url).port) })).rejects.toThrow(/EADDRINUSE/);
  });

  it('serves on the URL it reports, without trailing slash or /api', async () => {
    await start();
    expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});
