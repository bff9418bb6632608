// WorkatoClient's pacing and retries, against the emulator on a FakeClock shared with it.

import { FakeClock } from './fake-clock.test-helpers';
import { CancelledError, ForbiddenError, NetworkError, NotFoundError, RateLimitError, ServerError, UnauthorizedError, UnexpectedResponseError, ValidationError, WorkatoClient } from './index';
import { API_TOKEN, PROFILES, captureLogger, payload, caught, closedPort, start, clientOf, cleanup } from './client.test-helpers';

afterEach(cleanup);

describe('pacing', () => {
  it('a burst of 300 calls at 120 rpm gets no 429 from a server enforcing 120 rpm', async () => {
    // Client and emulator share a fake clock: the 60 s windows pass in no real time.
    const clock = new FakeClock();
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
    const clock = new FakeClock();
    const emu = await start({ requestsPerMinute: 120, now: () => new Date(clock.now()) });
    const seeded = emu.seed({ name: 'P', provider: 'hubspot', client_id: 'c', client_secret: 's' });
    const client = clientOf(emu, { clock, requestsPerMinute: 1000 });
    await Promise.all(Array.from({ length: 150 }, () => client.getProfile(seeded.id)));
    expect(emu.requests.filter((r) => r.status === 429).length).toBeGreaterThan(0);
  });

  it('holds the call after the limit until the window moves, and cancels it on abort', async () => {
    const emu = await start();
    const seeded = emu.seed({ name: 'P', provider: 'hubspot', client_id: 'c', client_secret: 's' });
    const { lines, logger } = captureLogger();
    const clock = new FakeClock({ auto: false });
    const client = clientOf(emu, { clock, requestsPerMinute: 3, logger });
    await Promise.all([1, 2, 3].map(() => client.getProfile(seeded.id)));

    const controller = new AbortController();
    const fourth = client.getProfile(seeded.id, { signal: controller.signal });
    await clock.sleeping(55_000); // the limiter waits for the window to move
    await clock.advance(30_000);
    expect(emu.requestCount()).toBe(3);
    controller.abort();
    const error = await caught(fourth);
    expect(error).toBeInstanceOf(CancelledError);
    expect(clock.pendingSleeps).toEqual([]);
    expect(emu.requestCount()).toBe(3);
    expect(lines.some((l) => l.message === 'workato pacing wait' && (l.fields?.waitMs as number) > 55_000)).toBe(true);
  });

  it('sends retries through the limiter too', async () => {
    const clock = new FakeClock();
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
    const clock = new FakeClock();
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
    expect(limited.message).toMatch(/failed with 429 Too Many Requests: rate limit exceeded\..*\(after 3 attempts\).*\. Workato asked to wait 2 s\.$/);
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
    // A 404 on the collection itself (which always exists) means the requests go to the wrong place.
    const create = await caught(client.createProfile(payload()));
    expect(create).toBeInstanceOf(status === 404 ? UnexpectedResponseError : type);
    if (status === 404) expect(create).toMatchObject({ reason: 'misrouted', status: 404 });
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

  it('retries a refused connection and then names the URL and the socket error', async () => {
    const port = await closedPort();
    const client = new WorkatoClient({ apiToken: API_TOKEN, baseUrl: `http://127.0.0.1:${port}`, clock: new FakeClock(), maxRetries: 2 });
    const error = await caught(client.getProfile(1));
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).code).toBe('ECONNREFUSED');
    expect((error as NetworkError).attempts).toBe(3);
    expect(error.message).toMatch(/GET http:\/\/127\.0\.0\.1:\d+\/api\/custom_oauth_profiles\/1 failed: could not get an answer from Workato \(.*ECONNREFUSED.*\) \(after 3 attempts\)\.$/);
  });

  it('retries a dropped connection on GET', async () => {
    const emu = await start();
    const { id } = emu.seed({ name: 'P', provider: 'hubspot', client_id: 'c', client_secret: 's' });
    emu.injectFault({ kind: 'drop', match: { method: 'GET' } });
    expect((await clientOf(emu).getProfile(id)).id).toBe(id);
    expect(emu.requests.map((r) => r.status)).toEqual([0, 200]);
  });
});
