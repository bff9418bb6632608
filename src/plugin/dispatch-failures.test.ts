// The framework's RPC semantics where things go wrong or go beyond the ordinary, driven through
// real protocol messages: numbers beyond float64, failed configuration, apply results that do not
// fit the schema, handlers that ignore cancellation (on a fake clock).

import { ProviderServer } from './dispatch';
import {
  isUnknown,
  TfBigNumber,
  type TfObject,
  type TfValue,
  unknown,
} from './framework';
import { tfplugin6 } from './wire';
import {
  call,
  caps,
  configured,
  dv,
  errors,
  makeProvider,
  quiet,
  val,
  widget,
  type Calls,
} from '../../test/plugin/fixtures/widget-provider';

// ------------------------------------------------------------------------------------------------
// Numbers a float64 cannot hold
// ------------------------------------------------------------------------------------------------

describe('numbers beyond float64', () => {
  const big = new TfBigNumber('20251128152430123'); // a timestamp-like "version", as in the bug report
  const bigBytes = 'cf0047f24b33d3962b'; // as cty sends it: uint64
  const sizeBytes = (d: tfplugin6.IDynamicValue | null | undefined) => {
    const hex = Buffer.from(d!.msgpack!).toString('hex');
    const at = hex.indexOf(Buffer.from('size').toString('hex'));
    return hex.slice(at + 8, at + 8 + bigBytes.length);
  };
  const plan = (server: ProviderServer<string>, prior: TfObject | null, proposed: TfObject, config: TfObject) =>
    call(server, 'PlanResourceChange', { typeName: 'test_widget', priorState: dv(prior), proposedNewState: dv(proposed), config: dv(config), clientCapabilities: caps });

  it('plans a configured big number exactly as configured (no "planned value does not match config value")', async () => {
    const server = await configured();
    const config = widget({ name: 'n', size: big });
    const r = await plan(server, null, config, config);
    expect(errors(r)).toEqual([]);
    expect(val(r.plannedState)!.size).toEqual(big);
    expect(sizeBytes(r.plannedState)).toBe(bigBytes);
  });

  it('sees no change when the big number is unchanged, and a change of one', async () => {
    const server = await configured();
    const prior = widget({ id: 'w-1', name: 'n', size: big, updated_at: 't1' });
    const same = await plan(server, prior, { ...prior, size: new TfBigNumber('20251128152430123') }, widget({ name: 'n', size: big }));
    expect(val(same.plannedState)).toEqual(prior);
    const next = new TfBigNumber('20251128152430124'); // the same float64
    const changed = await plan(server, prior, { ...prior, size: next }, widget({ name: 'n', size: next }));
    expect(isUnknown(val(changed.plannedState)!.updated_at)).toBe(true);
  });

  it('reports a result that rounded a planned big number, and accepts the exact one', async () => {
    const planned = widget({ id: unknown, name: 'n', size: big, updated_at: unknown });
    const rounding = await configured(makeProvider({ create: async (req, resp) => void (resp.newState = { ...req.plannedState, id: 'w', updated_at: 't', size: Number(String(big)) }) }));
    const r = await call(rounding, 'ApplyResourceChange', { typeName: 'test_widget', plannedState: dv(planned), config: dv(widget({ name: 'n', size: big })) });
    expect(errors(r).map((d) => d.summary)).toEqual(['Provider produced inconsistent result after apply']);
    expect(errors(r)[0].attribute!.steps![0].attributeName).toBe('size');

    const exact = await configured();
    const ok = await call(exact, 'ApplyResourceChange', { typeName: 'test_widget', plannedState: dv(planned), config: dv(widget({ name: 'n', size: big })) });
    expect(errors(ok)).toEqual([]);
    expect(sizeBytes(ok.newState)).toBe(bigBytes);
  });

  it('reads stored state without rounding (UpgradeResourceState), with or without upgradeState', async () => {
    const json = Buffer.from('{"id":"w-1","name":"n","size":20251128152430123}');
    const same = await call(new ProviderServer(makeProvider(), { logger: quiet }), 'UpgradeResourceState', { typeName: 'test_widget', version: 2, rawState: { json } });
    expect(errors(same)).toEqual([]);
    expect(val(same.upgradedState)!.size).toEqual(big);
    expect(sizeBytes(same.upgradedState)).toBe(bigBytes);

    let seen: unknown;
    const server = new ProviderServer(
      makeProvider({
        upgradeState(req, resp) {
          seen = req.rawState.size;
          resp.state = { id: req.rawState.id as string, name: 'n', size: req.rawState.size as TfValue };
        },
      }),
      { logger: quiet },
    );
    const older = await call(server, 'UpgradeResourceState', { typeName: 'test_widget', version: 1, rawState: { json } });
    expect(seen).toEqual(big);
    expect(sizeBytes(older.upgradedState)).toBe(bigBytes);
  });
});

// ------------------------------------------------------------------------------------------------
// A failed ConfigureProvider
// ------------------------------------------------------------------------------------------------

describe('ConfigureProvider failures', () => {
  const read = (server: ProviderServer<string>) =>
    call(server, 'ReadResource', { typeName: 'test_widget', currentState: dv(widget({ id: 'w-1', name: 'n' })) });
  const configure = (server: ProviderServer<string>) =>
    call(server, 'ConfigureProvider', { terraformVersion: '1.11.4', config: dv({ endpoint: 'e' }, { object: { endpoint: 'string' } }), clientCapabilities: caps });

  function failing(how: 'diagnostic' | 'throw', calls: Calls) {
    const p = makeProvider({}, calls);
    let attempts = 0;
    p.configure = (req, resp) => {
      if (attempts++ > 0) {
        resp.providerData = 'client';
        return;
      }
      if (how === 'throw') throw new Error('token=hunter2 rejected');
      resp.diagnostics.addError('Missing API token', 'Set api_token.');
    };
    return new ProviderServer(p, { logger: quiet });
  }

  it.each(['diagnostic', 'throw'] as const)('leaves the provider unconfigured (%s), and later calls say why', async (how) => {
    const calls: Calls = {};
    const server = failing(how, calls);
    expect(errors(await configure(server))).toHaveLength(1);
    const r = await read(server);
    expect(errors(r)).toHaveLength(1);
    expect(errors(r)[0].summary).toBe('Provider configuration failed');
    expect(errors(r)[0].detail).toContain(how === 'throw' ? '(unexpected error)' : '(Missing API token)');
    expect(errors(r)[0].detail).not.toContain('hunter2');
    expect(calls.read).toBeUndefined(); // the handler never ran without its provider data
    const apply = await call(server, 'ApplyResourceChange', { typeName: 'test_widget', plannedState: dv(widget({ name: 'n' })), config: dv(widget({ name: 'n' })) });
    expect(errors(apply)[0].summary).toBe('Provider configuration failed');

    // configured once a later ConfigureProvider succeeds
    expect(errors(await configure(server))).toEqual([]);
    expect(errors(await read(server))).toEqual([]);
  });

  it('counts a configuration Terraform sent wrongly as a failure too', async () => {
    const server = new ProviderServer(makeProvider(), { logger: quiet });
    const r = await call(server, 'ConfigureProvider', { terraformVersion: '1.11.4', config: dv({ endpoint: 5 }, { object: { endpoint: 'number' } }) });
    expect(errors(r)[0].summary).toBe('Invalid configuration received from Terraform');
    expect(errors(await read(server))[0].detail).toContain('(Invalid configuration received from Terraform)');
  });
});

// ------------------------------------------------------------------------------------------------
// An apply result that does not fit the schema
// ------------------------------------------------------------------------------------------------

describe('apply results that cannot be encoded', () => {
  const plannedCreate = widget({ id: unknown, name: 'n', size: unknown, updated_at: unknown, tags: { a: 'b' } });
  const apply = (server: ProviderServer<string>, prior: TfObject | null, planned: TfObject) =>
    call(server, 'ApplyResourceChange', { typeName: 'test_widget', priorState: dv(prior), plannedState: dv(planned), config: dv(widget({ name: 'n' })) });

  it('after a create, still records the object: fitting values of the result, planned ones (unknown as null) for the rest', async () => {
    const server = await configured(
      makeProvider({ create: async (req, resp) => void (resp.newState = { ...req.plannedState, id: 'w-1', size: 'big', updated_at: 't1', tags: { a: 1 } as never }) }),
    );
    const r = await apply(server, null, plannedCreate);
    const invalid = errors(r).find((d) => d.summary === 'Provider produced an invalid state after create')!;
    expect(invalid.detail).toContain('.size: expected a number, got a string');
    expect(invalid.detail).toContain('Terraform keeps it in state');
    expect(invalid.attribute!.steps![0].attributeName).toBe('size');
    expect(val(r.newState)).toEqual(widget({ id: 'w-1', name: 'n', size: null, updated_at: 't1', tags: { a: 'b' } }));
  });

  it('copes with attributes the schema lacks and an id that does not fit', async () => {
    const server = await configured(makeProvider({ create: async (req, resp) => void (resp.newState = { ...req.plannedState, id: 42, size: 1, updated_at: 't', colour: 'red' } as never) }));
    const r = await apply(server, null, plannedCreate);
    expect(errors(r)[0].summary).toBe('Provider produced an invalid state after create');
    expect(val(r.newState)).toEqual(widget({ id: null, name: 'n', size: 1, updated_at: 't', tags: { a: 'b' } }));
  });

  it('after an update, records the planned object rather than nothing', async () => {
    const prior = widget({ id: 'w-1', name: 'o', size: 1, updated_at: 't1' });
    const planned = { ...prior, name: 'n', updated_at: unknown };
    const server = await configured(makeProvider({ update: async (req, resp) => void (resp.newState = { ...req.plannedState, updated_at: ['t2'] as never }) }));
    const r = await apply(server, prior, planned);
    expect(errors(r)[0].summary).toBe('Provider produced an invalid state after update');
    expect(val(r.newState)).toEqual(widget({ id: 'w-1', name: 'n', size: 1, updated_at: null }));
  });
});

// ------------------------------------------------------------------------------------------------
// Handlers that ignore cancellation
// ------------------------------------------------------------------------------------------------

describe('cancellation grace period', () => {
  // A fake clock: the grace period runs out exactly when the test says, never by a real wait.
  beforeEach(() => jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] }));
  afterEach(() => jest.useRealTimers());

  const plannedCreate = widget({ id: unknown, name: 'n', size: unknown, updated_at: unknown });
  const create = (server: ProviderServer<string>) =>
    call(server, 'ApplyResourceChange', { typeName: 'test_widget', plannedState: dv(plannedCreate), config: dv(widget({ name: 'n' })) });
  const tick = () => new Promise((r) => setImmediate(r));
  /** Tracks whether a promise has settled, without awaiting it. */
  const settled = (p: Promise<unknown>) => {
    const state = { done: false };
    void p.then(() => (state.done = true));
    return state;
  };

  it('answers "Operation cancelled" once a handler ignores StopProvider for the grace period', async () => {
    let late: (() => void) | undefined;
    const server = await configured(
      makeProvider({
        create: () =>
          new Promise<void>((_resolve, reject) => {
            late = () => reject(new Error('too late')); // fails after being given up on: only logged
          }),
      }),
      { cancelGraceMs: 40 },
    );
    const rejections: unknown[] = [];
    const onRejection = (e: unknown) => rejections.push(e);
    process.on('unhandledRejection', onRejection);
    try {
      const pending = create(server);
      const answered = settled(pending);
      await tick();
      await call(server, 'StopProvider', {});
      await jest.advanceTimersByTimeAsync(39);
      expect(answered.done).toBe(false); // still within the grace period
      await jest.advanceTimersByTimeAsync(1);
      const r = await pending;
      expect(errors(r)).toHaveLength(1);
      expect(errors(r)[0].summary).toBe('Operation cancelled');
      expect(errors(r)[0].detail).toContain('Terraform asked the provider to stop, and test_widget create did not finish within 0.04 s');
      expect(val(r.newState)).toBeNull();
      expect(server.requestsInFlight).toBe(0);
      late!();
      await tick();
      await tick();
      expect(rejections).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });

  it('waits for a handler that finishes within the grace period', async () => {
    const server = await configured(
      makeProvider({
        create: (req, resp) =>
          new Promise<void>((resolve) => {
            req.signal.addEventListener('abort', () =>
              setTimeout(() => {
                resp.newState = { ...req.plannedState, id: 'w-1', size: 1, updated_at: 't' };
                resolve();
              }, 20),
            );
          }),
      }),
      { cancelGraceMs: 2000 },
    );
    const pending = create(server);
    await tick();
    await call(server, 'StopProvider', {});
    await jest.advanceTimersByTimeAsync(20); // the handler's own 20 ms, far inside the 2 s
    const r = await pending;
    expect(errors(r)).toEqual([]);
    expect(val(r.newState)!.id).toBe('w-1');
  });

  it('drain() cancels what is in flight, refuses new requests and resolves once all are answered', async () => {
    const server = await configured(makeProvider({ create: () => new Promise<void>(() => undefined) }), { cancelGraceMs: 20 });
    const pending = create(server);
    await tick();
    expect(server.requestsInFlight).toBe(1);
    const drained = server.drain('the provider hit an internal error and is exiting');
    const refused = await call(server, 'ReadResource', { typeName: 'test_widget', currentState: dv(widget({ id: 'w-1', name: 'n' })) });
    expect(errors(refused)[0]).toMatchObject({ summary: 'Provider is shutting down' });
    expect(errors(refused)[0].detail).toContain('the provider hit an internal error and is exiting');
    const done = settled(drained);
    await jest.advanceTimersByTimeAsync(19);
    expect(done.done).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    await drained;
    expect(server.requestsInFlight).toBe(0);
    expect(errors(await pending)[0].summary).toBe('Operation cancelled');
  });
});
