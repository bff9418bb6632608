// WorkatoClient against the emulator over real HTTP on 127.0.0.1: configuration, endpoints and
// paging, base_url, typed errors and redaction. Waits run on a FakeClock (see client.test-helpers.ts).

import { inspect } from 'node:util';
import type { Emulator } from '../emulator';
import { FakeClock } from './fake-clock.test-helpers';
import { ConfigError, ForbiddenError, NotFoundError, UnauthorizedError, UnexpectedResponseError, ValidationError, WorkatoClient, WorkatoError, type ProfilePayload } from './index';
import { API_TOKEN, PROFILES, captureLogger, payload, caught, closedPort, reply, startProxy, startHoldingProxy, start, clientOf, cleanup } from './client.test-helpers';

afterEach(cleanup);

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

  it('reads from a listing shared by every read of the client, which any write makes stale', async () => {
    const emu = await start();
    for (let i = 1; i <= 150; i++) emu.seed({ name: `P${i}`, provider: 'hubspot', client_id: `c${i}`, client_secret: `s${i}` });
    const client = clientOf(emu);
    const read = await Promise.all([5, 120, 7].map((id) => client.readProfile(id)));
    expect(read.map((p) => p.name)).toEqual(['P5', 'P120', 'P7']);
    expect(emu.requests.map((r) => `${r.method} ${r.query.page ?? r.path}`)).toEqual(['GET 1', 'GET 2']);

    emu.remove(9); // out of band: the listing so far still holds it...
    await client.updateProfile(7, payload(7)); // ...until a write makes it stale
    expect((await client.readProfile(7)).name).toBe('Profile 7');
    await expect(client.readProfile(9)).rejects.toThrow(NotFoundError); // the list lacks it: GET /:id confirms
    expect(emu.requests.slice(2).map((r) => `${r.method} ${r.query.page ?? r.path} ${r.status}`)).toEqual([
      `PUT ${PROFILES}/7 200`,
      'GET 1 200',
      `GET ${PROFILES}/9 404`,
    ]);
    expect(client.customOAuthProfiles.readStats).toEqual({ reads: 5, pages: 3, gets: 1 });
  });

  it('checks ids before sending anything', async () => {
    const emu = await start();
    await expect(clientOf(emu).getProfile(0)).rejects.toThrow(RangeError);
    await expect(clientOf(emu).deleteProfile(1.5)).rejects.toThrow(RangeError);
    expect(emu.requestCount()).toBe(0);
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
    expect(list).toBeInstanceOf(UnexpectedResponseError);
    expect(list).toMatchObject({ reason: 'misrouted' });
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
    expect(error.message).toMatch(/\]\.$/); // facts only: the advice is the provider's (api-diagnostics.ts)
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

  it('a profile without user_id is an error, never a default', async () => {
    const emu = await start();
    const seeded = emu.seed({ name: 'P', provider: 'hubspot', client_id: 'c', client_secret: 's' });
    const { client_secret: _secret, ...data } = seeded.data;
    const answer: Record<string, unknown> = { ...seeded, data };
    delete answer.user_id;
    emu.injectFault({ kind: 'status', status: 200, body: { result: answer } });
    const error = await caught(clientOf(emu).getProfile(seeded.id));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error).toMatchObject({ reason: 'malformed' });
    expect(error.message).toContain('unexpected answer: a profile lacks user_id (an integer)');
  });

  it.each([
    ['shared_accounts_count', 'left out', undefined],
    ['oem_customers_count', 'null', null],
    ['created_at', 'left out', undefined],
    ['updated_at', 'null', null],
  ])('a profile whose %s is %s reads as null, not as an error', async (field, _how, value) => {
    const emu = await start();
    const seeded = emu.seed({ name: 'P', provider: 'hubspot', client_id: 'c', client_secret: 's' });
    const { client_secret: _secret, ...data } = seeded.data;
    const answer: Record<string, unknown> = { ...seeded, data };
    if (value === undefined) delete answer[field];
    else answer[field] = value;
    emu.injectFault({ kind: 'status', status: 200, body: { result: answer } });
    const profile = await clientOf(emu).getProfile(seeded.id);
    expect(profile).toMatchObject({ id: seeded.id, name: 'P', [field]: null });
  });

  it('a count of the wrong type is still an error', async () => {
    const emu = await start();
    const seeded = emu.seed({ name: 'P', provider: 'hubspot', client_id: 'c', client_secret: 's' });
    const { client_secret: _secret, ...data } = seeded.data;
    emu.injectFault({ kind: 'status', status: 200, body: { result: { ...seeded, data, oem_customers_count: 'many' } } });
    const error = await caught(clientOf(emu).getProfile(seeded.id));
    expect(error.message).toContain('a profile lacks oem_customers_count (an integer)');
  });

  it('a GET by id answered with another profile is a wrong-id error', async () => {
    const emu = await start();
    const seeded = emu.seed({ name: 'P', provider: 'hubspot', client_id: 'c', client_secret: 's' });
    const { client_secret: _secret, ...data } = seeded.data;
    emu.injectFault({ kind: 'status', status: 200, body: { result: { ...seeded, data, id: seeded.id + 1000 } } });
    const error = await caught(clientOf(emu).getProfile(seeded.id));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error).toMatchObject({ reason: 'wrong-id' });
    expect(error.message).toContain(`the answer is about another record: asked about profile ${seeded.id}, the answer is about profile ${seeded.id + 1000}`);
  });

  it("a PUT answered with another profile's id is a wrong-id error; one answered unreadably still took effect", async () => {
    const emu = await start();
    const seeded = emu.seed({ name: 'P', provider: 'hubspot', client_id: 'c', client_secret: 's' });
    const payload = { name: 'Q', provider: 'hubspot', data: { client_id: 'c', client_secret: 's2' } };
    emu.injectFault({ kind: 'status', status: 200, body: { result: { id: seeded.id + 1, name: 'Q' } } });
    const error = await caught(clientOf(emu).updateProfile(seeded.id, payload));
    expect(error).toMatchObject({ reason: 'wrong-id' });

    emu.injectFault({ kind: 'status', status: 200, body: '<html>updated</html>' });
    const written = await clientOf(emu).updateProfile(seeded.id, payload);
    expect(written).toMatchObject({ id: seeded.id, name: 'Q', provider: 'hubspot', data: { client_id: 'c' }, user_id: null, updated_at: null });
    expect(written.unreadAnswer).toBe('not a JSON object with a "result"');
  });

  it('a 5 MB message is cut to a few hundred characters, and an encoded token is redacted', async () => {
    const emu = await start();
    const token = API_TOKEN;
    const b64 = Buffer.from(`user:${token}`).toString('base64');
    emu.injectFault({ kind: 'status', status: 500, body: { message: 'x'.repeat(5 * 1024 * 1024) } });
    const big = await caught(clientOf(emu, { maxRetries: 0 }).listProfiles());
    expect(big.message.length).toBeLessThan(1000);
    expect(big.message).toContain('more characters)');
    emu.injectFault({ kind: 'status', status: 500, body: { message: `echo ${b64} and ${encodeURIComponent(token)} and ${Buffer.from(token).toString('base64url')}` } });
    const echoed = await caught(clientOf(emu, { maxRetries: 0 }).listProfiles());
    expect(echoed.message).not.toContain(token);
    expect(echoed.message).not.toContain(Buffer.from(token).toString('base64').slice(4, 12));
    expect(echoed.message).toContain('[REDACTED]');
  });

  it('403 carries what Workato says', async () => {
    const emu = await start();
    emu.injectFault({ kind: 'status', status: 403, body: { message: 'Custom OAuth profiles are not enabled' } });
    const error = await caught(clientOf(emu).listProfiles());
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error.message).toMatch(/failed with 403 Forbidden\. Workato says: "Custom OAuth profiles are not enabled"/);
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
    // Through a proxy that holds a PUT when told to: the held one ends by timeout or cancellation.
    let holdPut = false;
    const proxy = await startHoldingProxy(emu.url, (r) => r.method === 'PUT' && holdPut);
    const client = clientOf(emu, { baseUrl: proxy.url, logger, requestTimeoutMs: 100 });
    const once = clientOf(emu, { baseUrl: proxy.url, logger, requestTimeoutMs: 100, maxRetries: 0 });
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
    holdPut = true;
    errors.push(await caught(once.updateProfile(id, secretPayload)));
    holdPut = false;
    emu.injectFault({ kind: 'status', status: 429, retryAfter: 1, times: 10, match: { method: 'PUT' } });
    errors.push(await caught(client.updateProfile(id, secretPayload)));
    emu.clearFaults();
    holdPut = true;
    const controller = new AbortController();
    const cancelled = caught(client.updateProfile(id, secretPayload, { signal: controller.signal }));
    await proxy.held(2);
    controller.abort();
    errors.push(await cancelled);
    holdPut = false;
    errors.push(await caught(clientOf(emu, { apiToken: OTHER_API_TOKEN, logger }).updateProfile(id, secretPayload)));
    const refused = new WorkatoClient({ apiToken: API_TOKEN, baseUrl: `http://127.0.0.1:${await closedPort()}`, maxRetries: 0, logger, clock: new FakeClock() });
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
