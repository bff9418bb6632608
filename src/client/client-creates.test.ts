// WorkatoClient's safe creates: lost answers, concurrent identical creates, late commits.

import { FakeClock } from './fake-clock.test-helpers';
import { AmbiguousCreateError, NetworkError, NotFoundError, ServerError, type ClientLogger } from './index';
import { PROFILES, captureLogger, payload, caught, latch, reply, startProxy, startHoldingProxy, start, clientOf, cleanup } from './client.test-helpers';

afterEach(cleanup);

describe('safe creates', () => {
  it('the normal path is exactly one POST', async () => {
    const emu = await start();
    await clientOf(emu).createProfile(payload());
    expect(emu.requests.map((r) => r.method)).toEqual(['POST']);
  });

  it('a create dropped after commit returns that profile, and Workato holds exactly one', async () => {
    const emu = await start();
    const { lines, logger } = captureLogger();
    emu.injectFault({ kind: 'drop-after-commit', match: { method: 'POST' } });
    const created = await clientOf(emu, { logger }).createProfile(payload());
    expect(emu.profiles()).toHaveLength(1);
    expect(created.id).toBe(emu.profiles()[0].id);
    expect(emu.requestCount({ method: 'POST' })).toBe(1);
    // One check: page 1 is short, so it is the last one.
    expect(emu.requests.map((r) => r.method)).toEqual(['POST', 'GET']);
    expect(lines.some((l) => l.level === 'warn' && /answer was lost/.test(l.message))).toBe(true);
  });

  it('a create that was not committed (dropped, or 500) is sent again, without duplicates', async () => {
    const emu = await start();
    const client = clientOf(emu);
    emu.injectFault({ kind: 'drop', match: { method: 'POST' } });
    await client.createProfile(payload(1));
    // A check at once, and another once Workato's 40 s (42 ms at 1000x) are over, before resending.
    expect(emu.requests.map((r) => `${r.method} ${r.status}`)).toEqual(['POST 0', 'GET 200', 'GET 200', 'POST 200']);

    emu.injectFault({ kind: 'status', status: 500, match: { method: 'POST' } });
    emu.injectFault({ kind: 'status', status: 503, match: { method: 'POST' } });
    const second = await client.createProfile(payload(2));
    expect(emu.profiles().map((p) => p.name)).toEqual(['Profile 1', 'Profile 2']);
    expect(second.name).toBe('Profile 2');
  });

  it('uses what the first check saw: a commit on a later attempt is found exactly', async () => {
    const clock = new FakeClock();
    let shift = -60_000;
    const emu = await start({ now: () => new Date(clock.now() + shift) });
    emu.seed({ name: 'Profile 1', provider: 'hubspot', client_id: 'client-1', client_secret: 'old' }); // identical, a minute old
    shift = 0;
    emu.injectFault({ kind: 'status', status: 502, match: { method: 'POST' } });
    emu.injectFault({ kind: 'drop-after-commit', match: { method: 'POST' } });
    const created = await clientOf(emu, { clock }).createProfile(payload(1));
    expect(emu.profiles()).toHaveLength(2);
    expect(created.id).toBe(emu.profiles()[1].id);
    expect(emu.requestCount({ method: 'POST' })).toBe(2);
  });

  it('does not take an older identical profile for the one it created', async () => {
    const clock = new FakeClock();
    let shift = -3_600_000;
    const emu = await start({ now: () => new Date(clock.now() + shift) });
    const old = emu.seed({ name: 'Profile 1', provider: 'hubspot', client_id: 'client-1', client_secret: 'old' });
    shift = 0;
    emu.injectFault({ kind: 'drop', match: { method: 'POST' } });
    const client = clientOf(emu, { clock });
    const created = await client.createProfile(payload(1));
    expect(created.id).not.toBe(old.id);
    expect(emu.profiles()).toHaveLength(2);
    expect(emu.requestCount({ method: 'POST' })).toBe(2);

    // The same client knows the profile it just got is not this create's.
    emu.injectFault({ kind: 'drop-after-commit', match: { method: 'POST' } });
    const third = await client.createProfile(payload(1));
    expect(emu.profiles()).toHaveLength(3);
    expect(third.id).toBe(emu.profiles()[2].id);

    // Another client sees two identical profiles made within the last second: it does not guess.
    emu.injectFault({ kind: 'drop-after-commit', match: { method: 'POST' } });
    const error = await caught(clientOf(emu, { clock }).createProfile(payload(1)));
    expect(error).toBeInstanceOf(AmbiguousCreateError);
    // 2 too, when it falls within the second of clock tolerance (the Date header has whole seconds).
    expect((error as AmbiguousCreateError).candidateIds).toEqual(expect.arrayContaining([3, 4]));
    expect(error.message).toMatch(/ambiguous, these ids may be yours: (2, )?3, 4\. .*It was not sent again/);
    expect(emu.requestCount({ method: 'POST' })).toBe(4);
  });

  it('a create that timed out is found when the server commits it late', async () => {
    // The POST is held, so the client's timeout is the only way it ends; the server commits it
    // while the client waits out the server's own 40 s limit, before it looks.
    const emu = await start();
    const proxy = await startHoldingProxy(emu.url, (r) => r.method === 'POST');
    const clock = new FakeClock({ auto: false });
    const call = clientOf(emu, { baseUrl: proxy.url, clock, requestTimeoutMs: 50 }).createProfile(payload());
    await clock.sleeping(30_000);
    expect(emu.requestCount()).toBe(0); // no look before the settle time after a timeout
    await proxy.release();
    await clock.advance(42_000);
    const created = await call;
    expect(emu.profiles()).toHaveLength(1);
    expect(created.id).toBe(emu.profiles()[0].id);
    expect(emu.requestCount({ method: 'POST' })).toBe(1);
  });

  it('says so when no retry is left and nothing was created', async () => {
    const emu = await start();
    emu.injectFault({ kind: 'status', status: 500, match: { method: 'POST' } });
    const error = await caught(clientOf(emu, { maxRetries: 0 }).createProfile(payload()));
    expect(error).toBeInstanceOf(ServerError);
    expect(error.message).toContain('Workato shows no profile created by it');
    expect(emu.requests.map((r) => r.method)).toEqual(['POST', 'GET', 'GET']);
  });

  it('says what may be left behind when the check itself fails', async () => {
    const emu = await start();
    emu.injectFault({ kind: 'drop-after-commit', match: { method: 'POST' } });
    emu.injectFault({ kind: 'status', status: 403, match: { method: 'GET' } });
    const error = await caught(clientOf(emu).createProfile(payload()));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toMatch(/Checking whether it was committed failed too \(.*403.*\)\. The profile may have been created anyway: look for a profile named "Profile 1"/);
    expect(emu.requestCount({ method: 'POST' })).toBe(1);
  });

  it('a delete whose answer was lost counts as done when the retry finds the profile gone', async () => {
    const emu = await start();
    const { id } = emu.seed({ name: 'P', provider: 'hubspot', client_id: 'c', client_secret: 's' });
    emu.injectFault({ kind: 'drop-after-commit', match: { method: 'DELETE' } });
    await clientOf(emu).deleteProfile(id);
    expect(emu.requests.map((r) => `${r.method} ${r.status}`)).toEqual(['DELETE 0', 'DELETE 404']);
    expect(await caught(clientOf(emu).deleteProfile(id))).toBeInstanceOf(NotFoundError);
  });
});

describe('concurrent identical creates', () => {
  it('two concurrent identical creates, one answer lost after commit, each get their own profile', async () => {
    const emu = await start();
    const client = clientOf(emu);
    emu.injectFault({ kind: 'drop-after-commit', match: { method: 'POST' } });
    const [a, b] = await Promise.all([client.createProfile(payload(1)), client.createProfile(payload(1))]);
    expect([a.id, b.id].sort()).toEqual([1, 2]);
    expect(emu.profiles().map((p) => p.id)).toEqual([1, 2]);
    expect(emu.requestCount({ method: 'POST' })).toBe(2);
  });

  it('the check waits for an identical POST still on the wire, and does not take the profile that POST made', async () => {
    // The first POST is committed and its answer lost; the second is committed at once but its
    // answer is held back, so the first one's check would see two new profiles and none claimed.
    const emu = await start();
    const events: string[] = [];
    let posts = 0;
    const firstFailed = latch();
    const firstFailedLogger: ClientLogger = {
      debug: (message, fields) => {
        if (message === 'workato request' && fields?.method === 'POST' && fields?.outcome === 'network') firstFailed.open();
      },
      warn: () => undefined,
    };
    const proxy = await startProxy(emu.url, async (req, res, pass) => {
      if (req.method === 'GET') events.push('GET');
      if (req.method !== 'POST') return reply(res, await pass());
      const n = ++posts;
      const upstream = await pass();
      if (n === 1) {
        res.socket?.destroy();
        return;
      }
      // Answer only once the first POST's failure is handled and its check could have started.
      await firstFailed.promise;
      for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
      events.push('second POST answered');
      reply(res, upstream);
    });
    const client = clientOf(emu, { baseUrl: proxy.url, logger: firstFailedLogger });
    const results = await Promise.all([client.createProfile(payload(1)), client.createProfile(payload(1))]);
    expect(results.map((p) => p.id).sort()).toEqual([1, 2]);
    expect(events[0]).toBe('second POST answered');
    expect(emu.requestCount({ method: 'POST' })).toBe(2);
  });

  it('fails with "ambiguous" instead of guessing when two lost creates left two identical profiles', async () => {
    const emu = await start();
    const client = clientOf(emu);
    emu.injectFault({ kind: 'drop-after-commit', times: 2, match: { method: 'POST' } });
    const errors = await Promise.all([caught(client.createProfile(payload(1))), caught(client.createProfile(payload(1)))]);
    for (const error of errors) {
      expect(error).toBeInstanceOf(AmbiguousCreateError);
      expect((error as AmbiguousCreateError).candidateIds).toEqual([1, 2]);
      expect(error.message).toContain(`POST ${emu.url}${PROFILES} failed: the create may have been committed, but which record it made is ambiguous, these ids may be yours: 1, 2.`);
    }
    // Nothing sent again: no third profile.
    expect(emu.requestCount({ method: 'POST' })).toBe(2);
    expect(emu.profiles()).toHaveLength(2);
  });

  it('creates with a different name, provider or client_id do not interfere', async () => {
    const emu = await start();
    const client = clientOf(emu);
    emu.injectFault({ kind: 'drop-after-commit', times: 2, match: { method: 'POST' } });
    const [a, b] = await Promise.all([client.createProfile(payload(1)), client.createProfile(payload(2))]);
    expect(a.name).toBe('Profile 1');
    expect(b.name).toBe('Profile 2');
    expect(emu.requestCount({ method: 'POST' })).toBe(2);
  });
});

describe('creates that may be committed late', () => {
  it('a 504 from a gateway while the backend commits later is found after the settle time, not sent again', async () => {
    const emu = await start();
    const commit = latch();
    const committed = latch();
    const proxy = await startProxy(emu.url, async (req, res, pass) => {
      if (req.method !== 'POST') return reply(res, await pass());
      res.writeHead(504, { 'content-type': 'application/json' });
      res.end('{"message":"Gateway Timeout"}');
      await commit.promise;
      await pass().catch(() => undefined); // the backend commits it now
      committed.open();
    });
    const { lines, logger } = captureLogger();
    const clock = new FakeClock({ auto: false });
    const call = clientOf(emu, { baseUrl: proxy.url, clock, logger }).createProfile(payload());
    await clock.sleeping(30_000); // looked at once (nothing yet), now waits for Workato's 40 s (+2 s margin)
    commit.open();
    await committed.promise;
    await clock.advance(42_000);
    const created = await call;
    expect(emu.profiles()).toHaveLength(1);
    expect(created.id).toBe(emu.profiles()[0].id);
    expect(emu.requestCount({ method: 'POST' })).toBe(1);
    // A check at once (nothing yet), one after the settle time (found).
    expect(emu.requests.map((r) => r.method)).toEqual(['GET', 'POST', 'GET']);
    expect(lines.some((l) => /waiting for the server to finish/.test(l.message) && (l.fields?.waitMs as number) > 30_000)).toBe(true);
  });

  it('a connection lost after sending, with a late commit, is found the same way', async () => {
    const emu = await start();
    const commit = latch();
    const committed = latch();
    const proxy = await startProxy(emu.url, async (req, res, pass) => {
      if (req.method !== 'POST') return reply(res, await pass());
      res.socket?.destroy();
      await commit.promise;
      await pass().catch(() => undefined);
      committed.open();
    });
    const clock = new FakeClock({ auto: false });
    const call = clientOf(emu, { baseUrl: proxy.url, clock }).createProfile(payload());
    await clock.sleeping(30_000);
    commit.open();
    await committed.promise;
    await clock.advance(42_000);
    const created = await call;
    expect(emu.profiles().map((p) => p.id)).toEqual([created.id]);
    expect(emu.requestCount({ method: 'POST' })).toBe(1);
  });

  it('the settle time is an option: with 0 a single check decides', async () => {
    const emu = await start();
    emu.injectFault({ kind: 'status', status: 502, match: { method: 'POST' } });
    await clientOf(emu, { createSettleMs: 0 }).createProfile(payload());
    expect(emu.requests.map((r) => `${r.method} ${r.status}`)).toEqual(['POST 502', 'GET 200', 'POST 200']);
    expect(() => clientOf(emu, { createSettleMs: -1 })).toThrow(RangeError);
  });
});
