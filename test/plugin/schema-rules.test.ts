// The schema's rules on configuration, enforced by the framework before any provider code runs
// (as terraform-plugin-framework does), on the toy provider: a required attribute set to null, a
// computed-only attribute set at all, a fraction for a whole-number attribute. Driven through real
// protocol messages; the acceptance side is in terraform.test.ts and test/acceptance.

import { decodeMsgpack, encodeMsgpack } from '../../src/plugin/codec';
import { ProviderServer } from '../../src/plugin/dispatch';
import { type Provider, type Schema, TfBigNumber, type TfObject, type TfValue, unknown } from '../../src/plugin/framework';
import { Logger } from '../../src/plugin/log';
import { providerMethods, type ProviderMethodName, type RequestOf, type ResponseOf } from '../../src/plugin/rpc';
import { blockType } from '../../src/plugin/values';
import { tfplugin6 } from '../../src/plugin/wire';
import { toyProvider } from './fixtures/toy-provider';

const quiet = new Logger({ level: 'off' });

async function call<K extends ProviderMethodName>(server: ProviderServer<unknown>, name: K, request: object): Promise<ResponseOf<K>> {
  const m = providerMethods[name];
  const req = m.request.decode((m.request as unknown as { encode(x: object): { finish(): Uint8Array } }).encode(request).finish()) as RequestOf<K>;
  const res = await (server[name] as (r: RequestOf<K>) => Promise<ResponseOf<K>>)(req);
  return (m.response as unknown as { decode(b: Uint8Array): ResponseOf<K> }).decode(m.response.encode(res as never).finish());
}

/** The toy provider with every provider-author handler counted. */
function countedToy(): { provider: Provider<unknown>; calls: string[] } {
  const calls: string[] = [];
  const provider = toyProvider() as Provider<unknown>;
  const count = <T extends object>(target: T, label: string, names: string[]) => {
    const t = target as Record<string, unknown>;
    for (const n of names) {
      const original = t[n] as ((...a: unknown[]) => unknown) | undefined;
      t[n] = (...args: unknown[]) => {
        calls.push(`${label}.${n}`);
        return original ? original.apply(target, args) : undefined;
      };
    }
  };
  count(provider, 'provider', ['validate', 'configure']);
  for (const r of provider.resources) count(r, r.typeName, ['validate', 'plan', 'create', 'update', 'read']);
  for (const d of provider.dataSources) count(d, `data.${d.typeName}`, ['validate', 'read']);
  return { provider, calls };
}

function objectOf(schema: Schema, values: Record<string, TfValue>): TfObject {
  const out: TfObject = {};
  for (const name of Object.keys(schema.block.attributes)) out[name] = null;
  return { ...out, ...values };
}

const dv = (schema: Schema, values: Record<string, TfValue>) => ({ msgpack: encodeMsgpack(objectOf(schema, values), blockType(schema.block)) });

function diagnostics(r: { diagnostics?: tfplugin6.IDiagnostic[] | null }) {
  return (r.diagnostics ?? []).map((d) => ({
    error: d.severity === tfplugin6.Diagnostic.Severity.ERROR,
    summary: d.summary,
    detail: d.detail,
    path: (d.attribute?.steps ?? []).map((s) => s.attributeName ?? s.elementKeyInt ?? s.elementKeyString),
  }));
}

const caps = { writeOnlyAttributesAllowed: true };
const thing = () => toyProvider().resources[0].schema;
const thingData = () => toyProvider().dataSources[0].schema;
const providerSchema = () => toyProvider().schema;

async function validateThing(values: Record<string, TfValue>) {
  const { provider, calls } = countedToy();
  const server = new ProviderServer(provider, { logger: quiet });
  const r = await call(server, 'ValidateResourceConfig', { typeName: 'toy_thing', config: dv(thing(), values), clientCapabilities: caps });
  return { diags: diagnostics(r), calls };
}

describe('schema rules on a resource configuration', () => {
  it('accepts a configuration that fits, and then runs the provider\'s own validation', async () => {
    const { diags, calls } = await validateThing({ name: 'a', password_wo: 'pw', password_wo_version: 2 });
    expect(diags).toEqual([]);
    expect(calls).toEqual(['toy_thing.validate']);
  });

  it('refuses null for a required attribute, at the attribute, without calling the provider', async () => {
    const { diags, calls } = await validateThing({ name: null });
    expect(diags).toEqual([{ error: true, summary: 'Missing required argument', detail: expect.stringContaining('"name" is required'), path: ['name'] }]);
    expect(calls).toEqual([]);
  });

  it('refuses a value for a computed-only attribute and says to remove the line', async () => {
    for (const [name, value] of [['id', '5'], ['revision', 1], ['created_at', '2026-01-01T00:00:00Z']] as const) {
      const { diags, calls } = await validateThing({ name: 'a', [name]: value });
      expect(diags).toEqual([
        { error: true, summary: 'Value for a read-only attribute', detail: expect.stringContaining(`Remove the line that sets "${name}"`), path: [name] },
      ]);
      expect(calls).toEqual([]);
    }
  });

  it('refuses a computed-only attribute set to a value known only after apply', async () => {
    const { diags } = await validateThing({ name: 'a', id: unknown });
    expect(diags.map((d) => d.path)).toEqual([['id']]);
  });

  it('refuses fractions for a whole-number attribute, including exact big ones', async () => {
    let r = await validateThing({ name: 'a', password_wo: 'pw', password_wo_version: 1.5 });
    expect(r.diags).toEqual([
      { error: true, summary: 'Whole number required', detail: 'password_wo_version must be a whole number, such as 1 or 2; got 1.5.', path: ['password_wo_version'] },
    ]);
    expect(r.calls).toEqual([]);
    r = await validateThing({ name: 'a', password_wo: 'pw', password_wo_version: new TfBigNumber('0.30000000000000001') });
    expect(r.diags.map((d) => d.detail)).toEqual(['password_wo_version must be a whole number, such as 1 or 2; got 0.30000000000000001.']);
    // Whole numbers of any size pass; fractions in attributes not declared whole do too.
    r = await validateThing({ name: 'a', size: 2.5, password_wo: 'pw', password_wo_version: new TfBigNumber('12345678901234567890') });
    expect(r.diags).toEqual([]);
  });

  it('waits for unknown values: they are checked once known', async () => {
    const { diags, calls } = await validateThing({ name: unknown, password_wo: 'pw', password_wo_version: unknown });
    expect(diags).toEqual([]);
    expect(calls).toEqual(['toy_thing.validate']);
  });

  it('reports every rule broken at once', async () => {
    const { diags } = await validateThing({ name: null, id: 'x', password_wo_version: 0.5 });
    expect(diags.map((d) => d.path)).toEqual([['id'], ['name'], ['password_wo_version']]);
  });

  it('checks again at plan time, before the provider\'s plan', async () => {
    const { provider, calls } = countedToy();
    const server = new ProviderServer(provider, { logger: quiet });
    const config = dv(thing(), { name: 'a', id: '5' });
    const r = await call(server, 'PlanResourceChange', { typeName: 'toy_thing', config, proposedNewState: config, priorState: dv(thing(), {}), clientCapabilities: caps });
    expect(diagnostics(r).map((d) => d.summary)).toContain('Value for a read-only attribute');
    expect(calls).toEqual([]);
  });
});

describe('schema rules on a data source and on the provider configuration', () => {
  it('data source: required null and computed-only set', async () => {
    const { provider, calls } = countedToy();
    const server = new ProviderServer(provider, { logger: quiet });
    let r = await call(server, 'ValidateDataResourceConfig', { typeName: 'toy_thing', config: dv(thingData(), { id: null }) });
    expect(diagnostics(r)).toEqual([{ error: true, summary: 'Missing required argument', detail: expect.any(String), path: ['id'] }]);
    r = await call(server, 'ValidateDataResourceConfig', { typeName: 'toy_thing', config: dv(thingData(), { id: 'thing-1', name: 'x' }) });
    expect(diagnostics(r).map((d) => [d.summary, d.path])).toEqual([['Value for a read-only attribute', ['name']]]);
    const read = await call(server, 'ReadDataSource', { typeName: 'toy_thing', config: dv(thingData(), { id: 'thing-1', revision: 3 }) });
    expect(diagnostics(read).map((d) => d.path)).toEqual([['revision']]);
    expect(calls).toEqual([]);
  });

  it('provider: a fraction for a whole number, at validate and at configure', async () => {
    const { provider, calls } = countedToy();
    const server = new ProviderServer(provider, { logger: quiet });
    const config = dv(providerSchema(), { store_file: '/nonexistent', max_things: 2.25 });
    const v = await call(server, 'ValidateProviderConfig', { config });
    expect(diagnostics(v)).toEqual([
      { error: true, summary: 'Whole number required', detail: 'max_things must be a whole number, such as 1 or 2; got 2.25.', path: ['max_things'] },
    ]);
    const c = await call(server, 'ConfigureProvider', { terraformVersion: '1.11.4', config, clientCapabilities: caps });
    expect(diagnostics(c).map((d) => d.path)).toEqual([['max_things']]);
    expect(calls).toEqual([]);
    // Left unconfigured: resource calls say why.
    const read = await call(server, 'ReadResource', { typeName: 'toy_thing', currentState: dv(thing(), { id: 'thing-1', name: 'a' }) });
    expect(diagnostics(read)[0].summary).toBe('Provider configuration failed');
  });

  it('provider: a whole number passes and configure runs', async () => {
    const { provider, calls } = countedToy();
    const server = new ProviderServer(provider, { logger: quiet });
    const config = dv(providerSchema(), { store_file: '/nonexistent', max_things: 3 });
    expect(diagnostics(await call(server, 'ValidateProviderConfig', { config }))).toEqual([]);
    expect(diagnostics(await call(server, 'ConfigureProvider', { terraformVersion: '1.11.4', config, clientCapabilities: caps }))).toEqual([]);
    expect(calls).toEqual(['provider.validate', 'provider.configure']);
  });
});

describe('values pass through unchanged', () => {
  it('a whole number declared integer decodes as a plain number', () => {
    const schema = thing();
    const bytes = encodeMsgpack(objectOf(schema, { name: 'a', password_wo_version: 7 }), blockType(schema.block));
    expect((decodeMsgpack(bytes, blockType(schema.block)) as TfObject).password_wo_version).toBe(7);
  });
});
