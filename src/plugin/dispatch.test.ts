// The framework's RPC semantics, driven through real protocol messages (encoded and decoded as on
// the wire): schema and diagnostics encoding, plan defaults, apply consistency checks, write-only
// attributes, import, state upgrade, and failures that must become diagnostics.

import { decodeMsgpack, encodeMsgpack } from './codec';
import { ProviderServer } from './dispatch';
import {
  type Attribute,
  type DataSource,
  isUnknown,
  type Provider,
  type Resource,
  type Schema,
  TfBigNumber,
  type TfObject,
  type TfValue,
  Unknown,
  unknown,
} from './framework';
import { Logger } from './log';
import { providerMethods, type ProviderMethodName, type RequestOf, type ResponseOf } from './rpc';
import { blockType } from './values';
import { tfplugin6 } from './wire';

// ------------------------------------------------------------------------------------------------
// A provider to test with
// ------------------------------------------------------------------------------------------------

const attr = (type: Attribute['type'], flags: Partial<Attribute> = {}): Attribute => ({ type, description: 'd', ...flags });

const widgetSchema: Schema = {
  version: 2,
  block: {
    description: 'A widget.',
    attributes: {
      id: attr('string', { computed: true }),
      name: attr('string', { required: true }),
      size: attr('number', { optional: true, computed: true }),
      secret: attr('string', { optional: true, sensitive: true }),
      secret_wo: attr('string', { optional: true, sensitive: true, writeOnly: true }),
      updated_at: attr('string', { computed: true }),
      tags: attr({ map: 'string' }, { optional: true }),
    },
  },
};
const widgetType = blockType(widgetSchema.block);

interface Calls {
  [op: string]: unknown[];
}

function makeProvider(overrides: Partial<Resource<string>> = {}, calls: Calls = {}) {
  const record = (op: string, req: unknown) => (calls[op] ??= []).push(req);
  const widget: Resource<string> = {
    typeName: 'test_widget',
    schema: widgetSchema,
    validate(req, resp) {
      record('validate', req);
      if (req.config.name === 'bad') resp.diagnostics.addError('Bad name', 'Not that one.', ['name']);
    },
    async create(req, resp) {
      record('create', req);
      resp.newState = { ...req.plannedState, id: 'w-1', size: req.plannedState.size ?? 1, updated_at: 't1' };
      if (isUnknown(resp.newState.size)) resp.newState.size = 1;
    },
    async read(req, resp) {
      record('read', req);
      if (req.state.id === 'gone') resp.newState = null;
    },
    async update(req, resp) {
      record('update', req);
      resp.newState = { ...req.plannedState, size: isUnknown(req.plannedState.size) ? 5 : req.plannedState.size, updated_at: 't2' };
    },
    async delete(req) {
      record('delete', req);
    },
    ...overrides,
  };
  const gadgets: DataSource<string> = {
    typeName: 'test_gadget',
    schema: { version: 0, block: { description: 'g', attributes: { name: attr('string', { required: true }), size: attr('number', { computed: true }) } } },
    async read(req, resp) {
      record('gadget', req);
      resp.state!.size = 7;
    },
  };
  const provider: Provider<string> = {
    typeName: 'test',
    version: '1.2.3',
    schema: { version: 0, block: { description: 'p', attributes: { endpoint: attr('string', { optional: true }) } } },
    configure(req, resp) {
      record('configure', req);
      resp.providerData = `client for ${String(req.config.endpoint)}`;
    },
    resources: [widget],
    dataSources: [gadgets],
  };
  return provider;
}

const quiet = new Logger({ level: 'off' });

/** Sends a request through its protobuf encoding and returns the response as Terraform decodes it. */
async function call<K extends ProviderMethodName>(server: ProviderServer<string>, name: K, request: object): Promise<ResponseOf<K>> {
  const m = providerMethods[name];
  const req = m.request.decode((m.request as unknown as { encode(x: object): { finish(): Uint8Array } }).encode(request).finish()) as RequestOf<K>;
  const res = await (server[name] as (r: RequestOf<K>) => Promise<ResponseOf<K>>)(req);
  const bytes = m.response.encode(res as never).finish();
  return (m.response as unknown as { decode(b: Uint8Array): ResponseOf<K> }).decode(bytes);
}

const dv = (value: TfValue, type = widgetType) => ({ msgpack: encodeMsgpack(value, type) });
const val = (d: tfplugin6.IDynamicValue | null | undefined, type = widgetType) => (d?.msgpack?.length ? decodeMsgpack(d.msgpack, type) : null) as TfObject | null;
const caps = { writeOnlyAttributesAllowed: true };

function widget(values: Partial<Record<string, TfValue>>): TfObject {
  return { id: null, name: null, size: null, secret: null, secret_wo: null, updated_at: null, tags: null, ...values } as TfObject;
}

async function configured(provider = makeProvider(), options: { cancelGraceMs?: number } = {}) {
  const server = new ProviderServer(provider, { logger: quiet, ...options });
  const r = await call(server, 'ConfigureProvider', { terraformVersion: '1.11.4', config: dv({ endpoint: 'e' }, blockType(provider.schema.block)), clientCapabilities: caps });
  expect(r.diagnostics).toEqual([]);
  return server;
}

function errors(r: { diagnostics?: tfplugin6.IDiagnostic[] | null }) {
  return (r.diagnostics ?? []).filter((d) => d.severity === tfplugin6.Diagnostic.Severity.ERROR);
}

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
    expect(r.serverCapabilities).toMatchObject({ planDestroy: false, getProviderSchemaOptional: false, moveResourceState: false });
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
