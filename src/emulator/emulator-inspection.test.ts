// Contract tests of the emulator over real HTTP on 127.0.0.1: what tests inspect (recorded
// requests, bounded), and out-of-band changes as in the Workato UI.

import { startEmulator, type Emulator, type EmulatorOptions } from './index';
import { API, TOKEN, call, hubspot, manualClock } from './emulator.test-helpers';

let emulator: Emulator;
async function start(options: EmulatorOptions = {}): Promise<Emulator> {
  emulator = await startEmulator({ requestsPerMinute: 0, ...options });
  return emulator;
}
afterEach(async () => {
  jest.useRealTimers();
  await emulator?.close();
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
