// Contract tests of the emulator over real HTTP on 127.0.0.1: the per-token rate limit and
// injected faults, on manual and fake clocks.

import { startEmulator, type Emulator, type EmulatorOptions } from './index';
import { API, call, fakeTimeouts, hubspot, manualClock, until } from './emulator.test-helpers';

let emulator: Emulator;
async function start(options: EmulatorOptions = {}): Promise<Emulator> {
  emulator = await startEmulator({ requestsPerMinute: 0, ...options });
  return emulator;
}
afterEach(async () => {
  jest.useRealTimers();
  await emulator?.close();
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
