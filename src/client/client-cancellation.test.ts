// WorkatoClient's request timeouts and cancellation: held requests end only by timeout or abort.

import { getEventListeners } from 'node:events';
import { FakeClock } from './fake-clock.test-helpers';
import { CancelledError, TimeoutError } from './index';
import { PROFILES, payload, caught, latch, reply, startProxy, startHoldingProxy, start, clientOf, cleanup } from './client.test-helpers';

afterEach(cleanup);

describe('timeouts and cancellation', () => {
  // Requests are held by a proxy that never answers unless told to: a timeout or a cancellation
  // is then the only way such a request can end, whatever the machine's speed.
  it('fails with TimeoutError when no answer comes within requestTimeoutMs', async () => {
    const emu = await start();
    const proxy = await startHoldingProxy(emu.url, () => true);
    const error = await caught(clientOf(emu, { baseUrl: proxy.url, requestTimeoutMs: 100, maxRetries: 0 }).listProfiles());
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.message).toMatch(/failed: no answer within 0\.1 s\.$/);
  });

  it('retries a GET that timed out', async () => {
    const emu = await start();
    const { id } = emu.seed({ name: 'P', provider: 'hubspot', client_id: 'c', client_secret: 's' });
    let first = true;
    const proxy = await startHoldingProxy(emu.url, () => {
      const hold = first;
      first = false;
      return hold;
    });
    expect((await clientOf(emu, { baseUrl: proxy.url, requestTimeoutMs: 100 }).getProfile(id)).id).toBe(id);
    expect(proxy.arrivals).toHaveLength(1);
  });

  it('cancels a request in flight', async () => {
    const emu = await start();
    const proxy = await startHoldingProxy(emu.url, () => true);
    const controller = new AbortController();
    const call = clientOf(emu, { baseUrl: proxy.url }).listProfiles({ signal: controller.signal });
    await proxy.held(1);
    controller.abort();
    const error = await caught(call);
    expect(error).toBeInstanceOf(CancelledError);
    expect(error.message).toContain(`GET ${proxy.url}${PROFILES}?page=1&per_page=100 failed: cancelled`);
  });

  it('cancels during a retry backoff', async () => {
    const emu = await start();
    emu.injectFault({ kind: 'status', status: 503, retryAfter: 30 });
    const controller = new AbortController();
    const clock = new FakeClock({ auto: false });
    const call = clientOf(emu, { clock }).getProfile(1, { signal: controller.signal });
    await clock.sleeping(30_000);
    expect(emu.requestCount()).toBe(1);
    controller.abort();
    expect(await caught(call)).toBeInstanceOf(CancelledError);
    expect(clock.pendingSleeps).toEqual([]);
    expect(emu.requestCount()).toBe(1);
  });

  it('a create cancelled mid-request is let finish: it returns the profile, and Workato holds exactly one', async () => {
    const emu = await start();
    const proxy = await startHoldingProxy(emu.url, (r) => r.method === 'POST');
    const controller = new AbortController();
    const call = clientOf(emu, { baseUrl: proxy.url }).createProfile(payload(), { signal: controller.signal });
    await proxy.held(1);
    controller.abort();
    await proxy.release();
    const created = await call;
    expect(emu.profiles()).toHaveLength(1);
    expect(created.id).toBe(emu.profiles()[0].id);
    expect(emu.requests.map((r) => r.method)).toEqual(['POST']);
  });

  it('an update or delete cancelled mid-request is let finish too', async () => {
    const emu = await start();
    const { id } = emu.seed({ name: 'P', provider: 'hubspot', client_id: 'c', client_secret: 's' });
    const proxy = await startHoldingProxy(emu.url, (r) => r.method === 'PUT' || r.method === 'DELETE');
    const client = clientOf(emu, { baseUrl: proxy.url });
    const put = new AbortController();
    const update = client.updateProfile(id, payload(2), { signal: put.signal });
    await proxy.held(1);
    put.abort();
    await proxy.release();
    expect(await update).toMatchObject({ id, name: 'Profile 2' });
    const del = new AbortController();
    const deletion = client.deleteProfile(id, { signal: del.signal });
    await proxy.held(2);
    del.abort();
    await proxy.release();
    await deletion;
    expect(emu.profiles()).toEqual([]);
    expect(emu.requests.map((r) => `${r.method} ${r.status}`)).toEqual(['PUT 200', 'DELETE 200']);
  });

  it('a create cancelled mid-request that then times out gets one quick check, no settle wait and no resend', async () => {
    const emu = await start();
    const proxy = await startHoldingProxy(emu.url, (r) => r.method === 'POST');
    const controller = new AbortController();
    // A manual clock: a settle wait (42 s) would never end, and the test would time out.
    const clock = new FakeClock({ auto: false });
    const call = clientOf(emu, { baseUrl: proxy.url, clock, requestTimeoutMs: 200 }).createProfile(payload(), { signal: controller.signal });
    await proxy.held(1);
    controller.abort();
    const error = await caught(call);
    expect(error).toBeInstanceOf(CancelledError);
    expect(error.message).toMatch(
      /cancelled\. The request had been sent and ended with no answer within 0\.2 s; a check right after cancelling found nothing it created, but Workato may still commit it\. The profile may have been created anyway: look for a profile named "Profile 1"/,
    );
    expect(emu.requestCount({ method: 'GET' })).toBe(1);
    expect(emu.requestCount({ method: 'POST' })).toBe(0); // still held by the proxy: never answered
  });

  it('a create cancelled mid-request whose answer is lost after the commit is found by the quick check', async () => {
    const emu = await start();
    const cancelled = latch();
    const arrived = latch();
    const proxy = await startProxy(emu.url, async (req, res, pass) => {
      if (req.method !== 'POST') return reply(res, await pass());
      arrived.open();
      await cancelled.promise;
      await pass();
      res.socket?.destroy(); // committed, answer lost
    });
    const controller = new AbortController();
    const clock = new FakeClock({ auto: false });
    const call = clientOf(emu, { clock, baseUrl: proxy.url }).createProfile(payload(), { signal: controller.signal });
    await arrived.promise;
    controller.abort();
    cancelled.open();
    const created = await call;
    expect(emu.profiles()).toHaveLength(1);
    expect(created.id).toBe(emu.profiles()[0].id);
    expect(emu.requestCount({ method: 'POST' })).toBe(1);
  });

  it('cancelling during the settle wait of a create ends it, after one quick check', async () => {
    const emu = await start();
    emu.injectFault({ kind: 'status', status: 500, match: { method: 'POST' } });
    const controller = new AbortController();
    const clock = new FakeClock({ auto: false });
    const call = clientOf(emu, { clock }).createProfile(payload(), { signal: controller.signal });
    await clock.sleeping(30_000);
    expect(emu.requests.map((r) => r.method)).toEqual(['POST', 'GET']); // checked at once, now waiting 42 s
    controller.abort();
    const error = await caught(call);
    expect(error).toBeInstanceOf(CancelledError);
    expect(error.message).toMatch(/ended with 500 Internal Server Error; a check right after cancelling found nothing/);
    expect(emu.requests.map((r) => r.method)).toEqual(['POST', 'GET', 'GET']);
  });

  it('one signal shared by many concurrent calls cancels them all, with a single listener on it', async () => {
    // Node warns about a leak past 10 listeners on one AbortSignal; the client adds one per client.
    const emu = await start();
    const proxy = await startHoldingProxy(emu.url, () => true);
    const controller = new AbortController();
    const client = clientOf(emu, { baseUrl: proxy.url, requestsPerMinute: 20, clock: new FakeClock({ auto: false }) });
    const calls = Array.from({ length: 40 }, (_, i) => caught(client.getProfile(i + 1, { signal: controller.signal })));
    await proxy.held(20); // 20 on the wire, 20 waiting for the limiter
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    controller.abort();
    const errors = await Promise.all(calls);
    expect(errors.every((e) => e instanceof CancelledError)).toBe(true);

    const direct = clientOf(emu);
    const done = new AbortController();
    await direct.listProfiles({ signal: done.signal }).catch(() => undefined);
    expect(getEventListeners(done.signal, 'abort')).toHaveLength(0);
  });

  it('sends nothing when the signal has already fired', async () => {
    const emu = await start();
    expect(await caught(clientOf(emu).createProfile(payload(), { signal: AbortSignal.abort() }))).toBeInstanceOf(CancelledError);
    expect(emu.requestCount()).toBe(0);
  });
});
