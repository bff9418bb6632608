// Contract tests of the emulator over real HTTP on 127.0.0.1: the endpoints and the result
// wrapper, secrets never returned, payload validation and bearer auth.

import { startEmulator, type Emulator, type EmulatorOptions } from './index';
import { API, TOKEN, call, hubspot, manualClock, slack, TIMESTAMP, type Answer } from './emulator.test-helpers';

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
