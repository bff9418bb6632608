// Contract tests of the emulator over real HTTP on 127.0.0.1: error answers and robustness
// against broken clients, the Date header from the emulator's clock, and pagination.

import * as http from 'node:http';
import * as net from 'node:net';
import { MAX_BODY_BYTES, startEmulator, type Emulator, type EmulatorOptions } from './index';
import { API, TOKEN, call, fakeTimeouts, hubspot, manualClock, until } from './emulator.test-helpers';

let emulator: Emulator;
async function start(options: EmulatorOptions = {}): Promise<Emulator> {
  emulator = await startEmulator({ requestsPerMinute: 0, ...options });
  return emulator;
}
afterEach(async () => {
  jest.useRealTimers();
  await emulator?.close();
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
      // Hang up once the first part of the body is on the wire.
      req.write('{"name":', () => {
        req.destroy();
        resolve();
      });
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
    // After a latency fault the Date is when the answer is written, not when the request came.
    fakeTimeouts();
    emulator.injectFault({ kind: 'latency', ms: 20 });
    const slow = call(emulator, 'GET', API);
    await until(() => jest.getTimerCount() === 1);
    clock.advance(5_000);
    jest.advanceTimersByTime(20);
    expect((await slow).headers.date).toBe('Mon, 15 Jun 2020 08:31:50 GMT');
    expect(emulator.requests.at(-1)?.at).toEqual(new Date('2020-06-15T08:31:45.678Z'));
    jest.useRealTimers();

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
