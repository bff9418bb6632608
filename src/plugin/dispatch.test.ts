// The framework's RPC semantics, driven through real protocol messages (encoded and decoded as on
// the wire): schema and diagnostics encoding, plan defaults, apply consistency checks, write-only
// attributes, import, state upgrade. Failures and edge cases are in dispatch-failures.test.ts.

import { encode } from '@msgpack/msgpack';
import { encodeMsgpack } from './codec';
import { ProviderServer } from './dispatch';
import {
  isUnknown,
  type TfObject,
  Unknown,
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
  widgetType,
  type Calls,
} from '../../test/plugin/fixtures/widget-provider';

// ------------------------------------------------------------------------------------------------

describe('GetProviderSchema', () => {
  it('encodes attributes sorted, with cty types and every flag', async () => {
    const server = new ProviderServer(makeProvider(), { logger: quiet });
    const r = await call(server, 'GetProviderSchema', {});
    expect(r.diagnostics).toEqual([]);
    const s = r.resourceSchemas.test_widget;
    expect(Number(s.version)).toBe(2);
    expect(s.block!.attributes!.map((a) => a.name)).toEqual(['id', 'name', 'secret', 'secret_wo', 'size', 'tags', 'updated_at']);
    const byName = Object.fromEntries(s.block!.attributes!.map((a) => [a.name, a]));
    expect(Buffer.from(byName.tags.type!).toString()).toBe('["map","string"]');
    expect(byName.secret_wo).toMatchObject({ writeOnly: true, sensitive: true, optional: true, computed: false, descriptionKind: tfplugin6.StringKind.PLAIN });
    expect(byName.size).toMatchObject({ optional: true, computed: true, writeOnly: false });
    expect(byName.name).toMatchObject({ required: true, description: 'd' });
    expect(Object.keys(r.dataSourceSchemas)).toEqual(['test_gadget']);
    expect(r.provider!.block!.attributes![0].name).toBe('endpoint');
    expect(r.serverCapabilities).toMatchObject({ planDestroy: false, getProviderSchemaOptional: true, moveResourceState: false });
  });

  it('reports type names that do not carry the provider prefix', async () => {
    const p = makeProvider();
    p.resources.push({ ...p.resources[0], typeName: 'other_widget' });
    const r = await call(new ProviderServer(p, { logger: quiet }), 'GetProviderSchema', {});
    expect(errors(r)[0].detail).toContain('"other_widget" must be named "test_…"');
  });

  it('lists types in GetMetadata', async () => {
    const r = await call(new ProviderServer(makeProvider(), { logger: quiet }), 'GetMetadata', {});
    expect(r.resources.map((x) => x.typeName)).toEqual(['test_widget']);
    expect(r.dataSources.map((x) => x.typeName)).toEqual(['test_gadget']);
  });
});

describe('validation', () => {
  it('returns the handler diagnostics with their attribute path', async () => {
    const server = new ProviderServer(makeProvider(), { logger: quiet });
    const r = await call(server, 'ValidateResourceConfig', { typeName: 'test_widget', config: dv(widget({ name: 'bad' })), clientCapabilities: caps });
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ severity: tfplugin6.Diagnostic.Severity.ERROR, summary: 'Bad name', detail: 'Not that one.' });
    expect(r.diagnostics[0].attribute!.steps).toEqual([expect.objectContaining({ attributeName: 'name' })]);
  });

  it('rejects a write-only attribute when the client does not announce support', async () => {
    const server = new ProviderServer(makeProvider(), { logger: quiet });
    const config = dv(widget({ name: 'ok', secret_wo: 'x' }));
    const older = await call(server, 'ValidateResourceConfig', { typeName: 'test_widget', config, clientCapabilities: {} });
    expect(older.diagnostics[0].detail).toContain('requires Terraform 1.11 or later; an older Terraform would store it in state');
    expect(older.diagnostics[0].attribute!.steps![0].attributeName).toBe('secret_wo');
    expect((await call(server, 'ValidateResourceConfig', { typeName: 'test_widget', config, clientCapabilities: caps })).diagnostics).toEqual([]);
    // No capabilities at all: this RPC cannot tell, so it leaves the check to the plan.
    expect((await call(server, 'ValidateResourceConfig', { typeName: 'test_widget', config })).diagnostics).toEqual([]);
  });

  it('also counts an unknown write-only value as set', async () => {
    const server = new ProviderServer(makeProvider(), { logger: quiet });
    const r = await call(server, 'ValidateResourceConfig', { typeName: 'test_widget', config: dv(widget({ name: 'ok', secret_wo: unknown })), clientCapabilities: {} });
    expect(errors(r)).toHaveLength(1);
  });

  it('names a type that does not exist', async () => {
    const server = new ProviderServer(makeProvider(), { logger: quiet });
    const r = await call(server, 'ValidateResourceConfig', { typeName: 'test_nope', config: dv(widget({})) });
    expect(r.diagnostics[0]).toMatchObject({ summary: 'Unknown resource type' });
    expect(r.diagnostics[0].detail).toContain('"test_nope"');
    const d = await call(server, 'ValidateDataResourceConfig', { typeName: 'test_nope', config: dv(widget({})) });
    expect(d.diagnostics[0].summary).toBe('Unknown data source type');
  });

  it('turns an exception into an error diagnostic', async () => {
    const server = new ProviderServer(
      makeProvider({
        validate() {
          throw new Error('boom');
        },
      }),
      { logger: quiet },
    );
    const r = await call(server, 'ValidateResourceConfig', { typeName: 'test_widget', config: dv(widget({ name: 'x' })), clientCapabilities: caps });
    expect(r.diagnostics[0].summary).toBe('Unexpected error in test_widget validate: boom');
  });

  it('reports a value that does not fit the schema at its attribute', async () => {
    const server = new ProviderServer(makeProvider(), { logger: quiet });
    const sizeAsString = { object: { ...(widgetType as { object: Record<string, 'string'> }).object, size: 'string' as const } };
    const wrong = encodeMsgpack(widget({ size: 'big' }), sizeAsString);
    const r2 = await call(server, 'ValidateResourceConfig', { typeName: 'test_widget', config: { msgpack: wrong }, clientCapabilities: caps });
    expect(r2.diagnostics[0].summary).toBe('Invalid configuration received from Terraform');
    expect(r2.diagnostics[0].attribute!.steps![0].attributeName).toBe('size');
  });
});

describe('PlanResourceChange', () => {
  const plan = (server: ProviderServer<string>, prior: TfObject | null, proposed: TfObject | null, config: TfObject, clientCapabilities: object = caps) =>
    call(server, 'PlanResourceChange', {
      typeName: 'test_widget',
      priorState: dv(prior),
      proposedNewState: dv(proposed),
      config: dv(config),
      clientCapabilities,
    });

  it('on create: computed attributes unset in config become unknown; write-only become null', async () => {
    const server = await configured();
    const config = widget({ name: 'n', secret_wo: 'pw' });
    const r = await plan(server, null, config, config);
    expect(errors(r)).toEqual([]);
    const planned = val(r.plannedState)!;
    expect(isUnknown(planned.id)).toBe(true);
    expect(isUnknown(planned.size)).toBe(true);
    expect(isUnknown(planned.updated_at)).toBe(true);
    expect(planned.secret_wo).toBeNull();
    expect(planned.name).toBe('n');
  });

  it('keeps a computed attribute that the configuration sets', async () => {
    const server = await configured();
    const config = widget({ name: 'n', size: 3 });
    expect(val((await plan(server, null, config, config)).plannedState)!.size).toBe(3);
  });

  it('on update without changes keeps prior computed values; with changes makes them unknown', async () => {
    const server = await configured();
    const prior = widget({ id: 'w-1', name: 'n', size: 1, updated_at: 't1' });
    const same = await plan(server, prior, { ...prior }, widget({ name: 'n' }));
    expect(val(same.plannedState)).toEqual(prior);

    const changed = await plan(server, prior, { ...prior, name: 'm' }, widget({ name: 'm' }));
    const planned = val(changed.plannedState)!;
    expect(planned.name).toBe('m');
    expect(isUnknown(planned.id)).toBe(true); // the handler may keep it: see below
    expect(isUnknown(planned.updated_at)).toBe(true);
  });

  it('answers a plan that changes nothing with the proposed new state\'s own bytes', async () => {
    const prior = widget({ id: 'w-1', name: 'n', size: 1, updated_at: 't1' });
    // Every number a float64, as no encoder of ours writes it: only a pass-through keeps it.
    const sent = encode(Object.fromEntries(Object.keys(prior).sort().map((k) => [k, prior[k]])), { forceIntegerToFloat: true });
    const r = await call(await configured(), 'PlanResourceChange', {
      typeName: 'test_widget',
      priorState: dv(prior),
      proposedNewState: { msgpack: sent },
      config: dv(widget({ name: 'n' })),
      clientCapabilities: caps,
    });
    expect(errors(r)).toEqual([]);
    expect(Buffer.from(r.plannedState!.msgpack!).equals(Buffer.from(sent))).toBe(true);
  });

  it('does not count a write-only value as a change', async () => {
    const server = await configured();
    const prior = widget({ id: 'w-1', name: 'n', size: 1, updated_at: 't1' });
    const r = await plan(server, prior, { ...prior, secret_wo: 'pw' }, widget({ name: 'n', secret_wo: 'pw' }));
    expect(val(r.plannedState)).toEqual(prior);
  });

  it('lets the handler adjust the plan and require replacement', async () => {
    const calls: Calls = {};
    const server = await configured(
      makeProvider(
        {
          plan(req, resp) {
            if (req.priorState) resp.plannedState.id = req.priorState.id;
            resp.requiresReplace.push(['name'], ['tags', { key: 'k' }]);
            resp.plannedPrivate = Buffer.from('p');
            expect(req.providerData).toBe('client for e');
            expect(req.clientCapabilities.writeOnlyAttributesAllowed).toBe(true);
          },
        },
        calls,
      ),
    );
    const prior = widget({ id: 'w-1', name: 'n', size: 1, updated_at: 't1' });
    const r = await plan(server, prior, { ...prior, name: 'm' }, widget({ name: 'm' }));
    expect(val(r.plannedState)!.id).toBe('w-1');
    expect(r.requiresReplace.map((p) => p.steps!.map((s) => s.attributeName || s.elementKeyString))).toEqual([['name'], ['tags', 'k']]);
    expect(Buffer.from(r.plannedPrivate).toString()).toBe('p');
  });

  it('plans a destroy without calling the resource', async () => {
    const calls: Calls = {};
    const server = await configured(makeProvider({ plan: (req) => void (calls.plan ??= []).push(req) }, calls));
    const r = await plan(server, widget({ id: 'w-1', name: 'n' }), null, widget({}));
    expect(val(r.plannedState)).toBeNull();
    expect(calls.plan).toBeUndefined();
  });

  it('rejects write-only values from a Terraform that does not support them', async () => {
    const server = await configured();
    const config = widget({ name: 'n', secret_wo: 'pw' });
    const r = await plan(server, null, config, config, {});
    expect(errors(r)[0].attribute!.steps![0].attributeName).toBe('secret_wo');
  });

  it('forces write-only attributes to null even if the handler sets them', async () => {
    const server = await configured(makeProvider({ plan: (_req, resp) => void (resp.plannedState.secret_wo = 'leak') }));
    const config = widget({ name: 'n', secret_wo: 'pw' });
    expect(val((await plan(server, null, config, config)).plannedState)!.secret_wo).toBeNull();
  });

  it('reports a planned attribute the schema does not have as a provider bug', async () => {
    const server = await configured(makeProvider({ plan: (_req, resp) => void (resp.plannedState.colour = 'red') }));
    const config = widget({ name: 'n' });
    const r = await plan(server, null, config, config);
    expect(errors(r)[0].summary).toBe('Provider produced an invalid planned state');
    expect(errors(r)[0].detail).toContain('attribute "colour" is not in the schema');
  });
});

describe('ApplyResourceChange', () => {
  const apply = (server: ProviderServer<string>, prior: TfObject | null, planned: TfObject | null, config: TfObject | null) =>
    call(server, 'ApplyResourceChange', { typeName: 'test_widget', priorState: dv(prior), plannedState: dv(planned), config: dv(config), plannedPrivate: Buffer.from('pp') });

  const plannedCreate = widget({ id: unknown, name: 'n', size: unknown, updated_at: unknown });

  it('creates, with the write-only value in config and null in the new state', async () => {
    const calls: Calls = {};
    const server = await configured(makeProvider({}, calls));
    const r = await apply(server, null, plannedCreate, widget({ name: 'n', secret_wo: 'pw' }));
    expect(errors(r)).toEqual([]);
    expect(val(r.newState)).toEqual(widget({ id: 'w-1', name: 'n', size: 1, updated_at: 't1' }));
    expect((calls.create[0] as { config: TfObject }).config.secret_wo).toBe('pw');
    expect(Buffer.from(r.private).toString()).toBe('pp');
  });

  it('nulls a write-only value the handler copied into the state', async () => {
    const server = await configured(makeProvider({ create: async (req, resp) => void (resp.newState = { ...req.config, id: 'w', size: 1, updated_at: 't' }) }));
    const r = await apply(server, null, plannedCreate, widget({ name: 'n', secret_wo: 'pw' }));
    expect(errors(r)).toEqual([]);
    expect(val(r.newState)!.secret_wo).toBeNull();
  });

  it('names the attribute when the result differs from a known planned value', async () => {
    const server = await configured(makeProvider({ create: async (req, resp) => void (resp.newState = { ...req.plannedState, id: 'w', size: 1, updated_at: 't', name: 'renamed' }) }));
    const r = await apply(server, null, plannedCreate, widget({ name: 'n' }));
    expect(errors(r)).toHaveLength(1);
    expect(errors(r)[0].summary).toBe('Provider produced inconsistent result after apply');
    expect(errors(r)[0].detail).toContain('name');
    expect(errors(r)[0].detail).toContain('this is a bug in the provider'.replace('this', 'This'));
    expect(errors(r)[0].attribute!.steps![0].attributeName).toBe('name');
    expect(val(r.newState)!.name).toBe('renamed'); // recorded anyway: the object exists
  });

  it('honours refinements of planned unknowns', async () => {
    const server = await configured(makeProvider({ create: async (req, resp) => void (resp.newState = { ...req.plannedState, id: 'x-1', size: 1, updated_at: 't' }) }));
    const planned = { ...plannedCreate, id: new Unknown({ stringPrefix: 'w-' }) };
    const r = await apply(server, null, planned, widget({ name: 'n' }));
    expect(errors(r)[0].attribute!.steps![0].attributeName).toBe('id');
  });

  it('refuses unknown values left after apply, and a missing id', async () => {
    const server = await configured(makeProvider({ create: async (req, resp) => void (resp.newState = { ...req.plannedState, size: 1, updated_at: unknown, id: null }) }));
    const r = await apply(server, null, plannedCreate, widget({ name: 'n' }));
    const summaries = errors(r).map((d) => d.summary);
    expect(summaries).toContain('Provider returned an unknown value');
    expect(summaries).toContain('Provider returned no id');
  });

  it('says so when a create returns no state', async () => {
    const server = await configured(makeProvider({ create: async () => undefined }));
    const r = await apply(server, null, plannedCreate, widget({ name: 'n' }));
    expect(errors(r)[0].summary).toBe('Provider returned no state after create');
    expect(val(r.newState)).toBeNull();
  });

  it('turns a throwing create into a diagnostic and records nothing', async () => {
    const server = await configured(makeProvider({ create: async () => Promise.reject(new Error('API down')) }));
    const r = await apply(server, null, plannedCreate, widget({ name: 'n' }));
    expect(errors(r)[0].summary).toBe('Unexpected error in test_widget create: API down');
    expect(val(r.newState)).toBeNull();
  });

  it('updates, and keeps the prior object when an update fails', async () => {
    const prior = widget({ id: 'w-1', name: 'n', size: 1, updated_at: 't1' });
    const planned = { ...prior, name: 'm', updated_at: unknown };
    const ok = await apply(await configured(), prior, planned, widget({ name: 'm' }));
    expect(errors(ok)).toEqual([]);
    expect(val(ok.newState)).toEqual({ ...prior, name: 'm', updated_at: 't2' });

    const failing = await configured(makeProvider({ update: async (_req, resp) => resp.diagnostics.addError('Conflict', 'busy') }));
    const r = await apply(failing, prior, planned, widget({ name: 'm' }));
    expect(errors(r)[0].summary).toBe('Conflict');
    expect(val(r.newState)).toEqual(prior);
  });

  it('deletes; a failed delete keeps the object in state', async () => {
    const prior = widget({ id: 'w-1', name: 'n', size: 1, updated_at: 't1' });
    const calls: Calls = {};
    const r = await apply(await configured(makeProvider({}, calls)), prior, null, null);
    expect(errors(r)).toEqual([]);
    expect(val(r.newState)).toBeNull();
    expect(calls.delete).toHaveLength(1);

    const failing = await configured(makeProvider({ delete: async (_req, resp) => resp.diagnostics.addError('Locked', 'no') }));
    expect(val((await apply(failing, prior, null, null)).newState)).toEqual(prior);
  });

  it('requires a configured provider', async () => {
    const server = new ProviderServer(makeProvider(), { logger: quiet });
    const r = await apply(server, null, plannedCreate, widget({ name: 'n' }));
    expect(errors(r)[0].summary).toBe('Provider not configured');
  });
});

describe('ReadResource', () => {
  const read = (server: ProviderServer<string>, state: TfObject) =>
    call(server, 'ReadResource', { typeName: 'test_widget', currentState: dv(state), private: Buffer.from('keep'), clientCapabilities: caps });

  it('starts from the current state and keeps private data', async () => {
    const state = widget({ id: 'w-1', name: 'n', size: 1, updated_at: 't1' });
    const r = await read(await configured(), state);
    expect(val(r.newState)).toEqual(state);
    expect(Buffer.from(r.private).toString()).toBe('keep');
  });

  it('answers a read that found no drift with the very bytes Terraform sent, and re-encodes one that did', async () => {
    // Written the way no encoder of ours would (every number a float64): only a pass-through keeps it.
    const state = widget({ id: 'w-1', name: 'n', size: 1, updated_at: 't1' });
    const sent = encode(Object.fromEntries(Object.keys(state).sort().map((k) => [k, state[k]])), { forceIntegerToFloat: true });
    const request = (s: Uint8Array) => ({ typeName: 'test_widget', currentState: { msgpack: s }, clientCapabilities: caps });
    const same = await call(await configured(), 'ReadResource', request(sent));
    expect(Buffer.from(same.newState!.msgpack!).equals(Buffer.from(sent))).toBe(true);
    const drifted = makeProvider({ read: async (_req, resp) => void (resp.newState!.size = 2) });
    const changed = await call(await configured(drifted), 'ReadResource', request(sent));
    expect(Buffer.from(changed.newState!.msgpack!).equals(Buffer.from(encodeMsgpack({ ...state, size: 2 }, widgetType)))).toBe(true);
  });

  it('returns null when the object is gone, so Terraform drops it', async () => {
    const r = await read(await configured(), widget({ id: 'gone', name: 'n' }));
    expect(errors(r)).toEqual([]);
    expect(val(r.newState)).toBeNull();
  });
});

describe('ImportResourceState', () => {
  it('answers clearly when the resource cannot be imported', async () => {
    const r = await call(await configured(), 'ImportResourceState', { typeName: 'test_widget', id: 'w-1', clientCapabilities: caps });
    expect(errors(r)[0].summary).toBe('Resource import not supported');
    expect(r.importedResources).toEqual([]);
  });

  it('fills the attributes the handler leaves out with null', async () => {
    const server = await configured(makeProvider({ importState: (req, resp) => void (resp.state = { id: req.id }) }));
    const r = await call(server, 'ImportResourceState', { typeName: 'test_widget', id: 'w-9', clientCapabilities: caps });
    expect(errors(r)).toEqual([]);
    expect(r.importedResources[0].typeName).toBe('test_widget');
    expect(val(r.importedResources[0].state)).toEqual(widget({ id: 'w-9' }));
  });
});

describe('UpgradeResourceState', () => {
  const upgrade = (server: ProviderServer<string>, version: number, rawState: object) => call(server, 'UpgradeResourceState', { typeName: 'test_widget', version, rawState });

  it('reads stored JSON with the current schema: drops gone attributes, nulls new ones', async () => {
    const server = new ProviderServer(makeProvider(), { logger: quiet });
    const json = Buffer.from(JSON.stringify({ id: 'w-1', name: 'n', size: 2, removed_long_ago: true }));
    const r = await upgrade(server, 2, { json });
    expect(errors(r)).toEqual([]);
    expect(val(r.upgradedState)).toEqual(widget({ id: 'w-1', name: 'n', size: 2 }));
  });

  it('answers with the stored JSON itself when it already is a state of the current schema', async () => {
    const server = new ProviderServer(makeProvider(), { logger: quiet });
    const stored = { id: 'w-1', name: 'n', size: 20251128152430123, secret: 's', secret_wo: null, updated_at: 't', tags: { a: 'b' } };
    // Spacing no encoder of ours writes, and a number JavaScript cannot hold: the bytes come back.
    const json = Buffer.from(JSON.stringify(stored, null, 1));
    const r = await upgrade(server, 2, { json });
    expect(errors(r)).toEqual([]);
    expect(r.upgradedState.msgpack ?? Buffer.alloc(0)).toHaveLength(0);
    expect(Buffer.from(r.upgradedState.json!).equals(json)).toBe(true);
  });

  it('decodes and re-encodes a stored state that differs from the current schema in any way', async () => {
    const server = new ProviderServer(makeProvider(), { logger: quiet });
    const full = { id: 'w-1', name: 'n', size: 2, secret: null, secret_wo: null, updated_at: 't', tags: null };
    const cases: Array<[object, Partial<TfObject>]> = [
      [{ ...full, secret_wo: 'leaked' }, {}], // a write-only value: nulled
      [{ ...full, size: '2' }, {}], // a number as a string: read as the number
      [{ ...full, removed_long_ago: 1 }, {}], // an attribute that is gone: dropped
      [{ id: 'w-1', name: 'n', size: 2, updated_at: 't' }, {}], // attributes that are new: null
    ];
    for (const [stored, differences] of cases) {
      const r = await upgrade(server, 2, { json: Buffer.from(JSON.stringify(stored)) });
      expect(errors(r)).toEqual([]);
      expect(r.upgradedState.json ?? Buffer.alloc(0)).toHaveLength(0);
      expect(val(r.upgradedState)).toEqual(widget({ ...full, ...differences }));
    }
  });

  it('hands older versions to upgradeState when the resource has it', async () => {
    const server = new ProviderServer(
      makeProvider({
        upgradeState(req, resp) {
          expect(req.version).toBe(1);
          resp.state = { id: String(req.rawState.identifier), name: 'n' };
        },
      }),
      { logger: quiet },
    );
    const r = await upgrade(server, 1, { json: Buffer.from('{"identifier": 42}') });
    expect(val(r.upgradedState)).toEqual(widget({ id: '42', name: 'n' }));
  });

  it('refuses flatmap state, newer versions and mistyped values', async () => {
    const server = new ProviderServer(makeProvider(), { logger: quiet });
    expect(errors(await upgrade(server, 0, { flatmap: { id: 'x' } }))[0].summary).toBe('Unsupported state format');
    expect(errors(await upgrade(server, 3, { json: Buffer.from('{}') }))[0].summary).toBe('State written by a newer provider');
    const mistyped = errors(await upgrade(server, 2, { json: Buffer.from('{"size": "big"}') }))[0];
    expect(mistyped.summary).toBe('Unable to read stored state');
    expect(mistyped.attribute!.steps![0].attributeName).toBe('size');
  });
});

describe('ReadDataSource', () => {
  const gadgetType = { object: { name: 'string', size: 'number' } } as const;

  it('starts from the configuration and returns what the handler filled in', async () => {
    const r = await call(await configured(), 'ReadDataSource', { typeName: 'test_gadget', config: dv({ name: 'g', size: null }, gadgetType) });
    expect(errors(r)).toEqual([]);
    expect(val(r.state, gadgetType)).toEqual({ name: 'g', size: 7 });
  });
});

describe('what the provider does not offer', () => {
  it('answers every such RPC at once', async () => {
    const server = new ProviderServer(makeProvider(), { logger: quiet });
    expect(errors(await call(server, 'ValidateEphemeralResourceConfig', { typeName: 'test_e' }))[0].summary).toBe('Unknown ephemeral resource type');
    expect(errors(await call(server, 'OpenEphemeralResource', { typeName: 'test_e' }))).toHaveLength(1);
    expect(errors(await call(server, 'RenewEphemeralResource', { typeName: 'test_e' }))).toHaveLength(1);
    expect(errors(await call(server, 'CloseEphemeralResource', { typeName: 'test_e' }))).toHaveLength(1);
    expect(errors(await call(server, 'MoveResourceState', { sourceTypeName: 'a', targetTypeName: 'test_widget' }))[0].summary).toBe('Moving resource state is not supported');
    expect(errors(await call(server, 'UpgradeResourceIdentity', { typeName: 'test_widget' }))).toHaveLength(1);
    expect((await call(server, 'GetFunctions', {})).functions).toEqual({});
    expect((await call(server, 'CallFunction', { name: 'f' })).error!.text).toContain('no functions');
    expect((await call(server, 'GetResourceIdentitySchemas', {})).identitySchemas).toEqual({});
  });
});

describe('StopProvider', () => {
  it('aborts the signal of requests in flight; later requests get a fresh one', async () => {
    let seen: AbortSignal | undefined;
    let release!: () => void;
    const server = await configured(
      makeProvider({
        read: (req) => {
          seen = req.signal;
          return new Promise<void>((resolve) => {
            release = resolve;
            req.signal.addEventListener('abort', () => resolve());
          });
        },
      }),
    );
    const state = widget({ id: 'w-1', name: 'n' });
    const pending = call(server, 'ReadResource', { typeName: 'test_widget', currentState: dv(state) });
    await new Promise((r) => setImmediate(r));
    expect(seen!.aborted).toBe(false);
    expect((await call(server, 'StopProvider', {})).Error).toBe('');
    expect(seen!.aborted).toBe(true);
    await pending;

    const again = call(server, 'ReadResource', { typeName: 'test_widget', currentState: dv(state) });
    await new Promise((r) => setImmediate(r));
    expect(seen!.aborted).toBe(false);
    release();
    await again;
  });
});
