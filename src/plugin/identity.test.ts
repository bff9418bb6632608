// Resource identity (protocol 6.9) as the framework serves it, through real protocol messages: the
// identity schemas, the identity of every read, plan, apply and import, import by identity, and the
// upgrade of a stored identity; the checks that catch a provider whose identity would change.

import { decodeMsgpack, encodeMsgpack } from './codec';
import { ProviderServer } from './dispatch';
import { defineIdentity, isUnknown, type ResourceWithIdentity, type TfObject, unknown } from './framework';
import { tfplugin6 } from './wire';
import { call, caps, configured, dv, errors, makeProvider, quiet, val, widget, type Calls } from '../../test/plugin/fixtures/widget-provider';

const widgetIdentity = defineIdentity({
  version: 1,
  attributes: {
    id: { type: 'string', description: 'The widget id.', requiredForImport: true },
    region: { type: 'string', description: 'Where it lives.', optionalForImport: true },
  },
});
const identityType = { object: { id: 'string', region: 'string' } } as const;
const ident = (values: TfObject) => ({ identityData: { msgpack: encodeMsgpack({ id: null, region: null, ...values }, identityType) } });
const identOf = (data: tfplugin6.IResourceIdentityData | null | undefined) =>
  data?.identityData?.msgpack?.length ? decodeMsgpack(data.identityData.msgpack, identityType) : undefined;

/** The fixture's widget, with an identity derived from its id (region from its tags). */
function identityProvider(overrides: Partial<ResourceWithIdentity<string>> = {}, calls: Calls = {}) {
  const provider = makeProvider({}, calls);
  const withIdentity: ResourceWithIdentity<string> = {
    ...provider.resources[0],
    identitySchema: widgetIdentity,
    identity: (state) => ({ id: state.id, region: 'eu' }),
    importState(req, resp) {
      (calls.import ??= []).push(req);
      const id = req.identity ? req.identity.id : req.id;
      resp.state = widget({ id: typeof id === 'string' ? id : null });
    },
    ...overrides,
  };
  provider.resources = [withIdentity];
  return provider;
}

describe('GetResourceIdentitySchemas', () => {
  it('answers the identity of each resource that has one, attributes sorted with their types and import flags', async () => {
    const r = await call(new ProviderServer(identityProvider(), { logger: quiet }), 'GetResourceIdentitySchemas', {});
    expect(r.diagnostics).toEqual([]);
    const s = r.identitySchemas.test_widget;
    expect(Number(s.version)).toBe(1);
    expect(s.identityAttributes!.map((a) => [a.name, Buffer.from(a.type!).toString(), a.requiredForImport, a.optionalForImport, a.description])).toEqual([
      ['id', '"string"', true, false, 'The widget id.'],
      ['region', '"string"', false, true, 'Where it lives.'],
    ]);
  });

  it('answers no identities for resources without one, and never an error', async () => {
    const r = await call(new ProviderServer(makeProvider(), { logger: quiet }), 'GetResourceIdentitySchemas', {});
    expect(r).toMatchObject({ identitySchemas: {}, diagnostics: [] });
  });

  it('leaves out an invalid identity, which GetProviderSchema reports', async () => {
    const p = identityProvider({ identitySchema: { version: 0, attributes: { tags: { type: { map: 'string' }, description: 'd' } } } });
    const server = new ProviderServer(p, { logger: quiet });
    expect(await call(server, 'GetResourceIdentitySchemas', {})).toMatchObject({ identitySchemas: {}, diagnostics: [] });
    expect(errors(await call(server, 'GetProviderSchema', {}))[0].detail).toContain('The identity of test_widget is invalid: attribute "tags" must be a string, number, bool or a list');
  });
});

describe('the identity of every answer', () => {
  it('read returns the identity of the new state, and sees the stored one', async () => {
    const calls: Calls = {};
    const server = await configured(identityProvider({}, calls));
    const r = await call(server, 'ReadResource', { typeName: 'test_widget', currentState: dv(widget({ id: 'w-1', name: 'a' })), currentIdentity: ident({ id: 'w-1', region: 'eu' }) });
    expect(r.diagnostics).toEqual([]);
    expect(identOf(r.newIdentity)).toEqual({ id: 'w-1', region: 'eu' });
    expect((calls.read[0] as { identity: unknown }).identity).toEqual({ id: 'w-1', region: 'eu' });
    // A state written without identity: the read gives it one.
    const older = await call(server, 'ReadResource', { typeName: 'test_widget', currentState: dv(widget({ id: 'w-1', name: 'a' })) });
    expect(identOf(older.newIdentity)).toEqual({ id: 'w-1', region: 'eu' });
    expect((calls.read[1] as { identity: unknown }).identity).toBeNull();
    // Gone: no state, no identity.
    const gone = await call(server, 'ReadResource', { typeName: 'test_widget', currentState: dv(widget({ id: 'gone', name: 'a' })) });
    expect(val(gone.newState)).toBeNull();
    expect(gone.newIdentity).toBeNull();
  });

  it('a read whose identity changes is a provider bug, and the stored identity stands', async () => {
    const server = await configured(identityProvider({ identity: (s) => ({ id: `${String(s.id)}-x`, region: 'eu' }) }));
    const r = await call(server, 'ReadResource', { typeName: 'test_widget', currentState: dv(widget({ id: 'w-1', name: 'a' })), currentIdentity: ident({ id: 'w-1', region: 'eu' }) });
    expect(errors(r).map((d) => d.summary)).toEqual(['Unexpected identity change']);
    expect(identOf(r.newIdentity)).toEqual({ id: 'w-1', region: 'eu' });
  });

  it('a create plans an unknown identity; an update plans the prior one; apply returns the known one', async () => {
    const server = await configured(identityProvider());
    const config = widget({ name: 'a' });
    const create = await call(server, 'PlanResourceChange', { typeName: 'test_widget', priorState: dv(null), proposedNewState: dv(config), config: dv(config), clientCapabilities: caps });
    expect(create.diagnostics).toEqual([]);
    expect(isUnknown(decodeMsgpack(create.plannedIdentity!.identityData!.msgpack!, identityType))).toBe(true);

    const applied = await call(server, 'ApplyResourceChange', {
      typeName: 'test_widget', priorState: dv(null), plannedState: create.plannedState, config: dv(config), plannedIdentity: create.plannedIdentity,
    });
    expect(applied.diagnostics).toEqual([]);
    expect(identOf(applied.newIdentity)).toEqual({ id: 'w-1', region: 'eu' });

    const prior = val(applied.newState)!;
    const renamed = widget({ name: 'b' });
    const update = await call(server, 'PlanResourceChange', {
      typeName: 'test_widget', priorState: dv(prior), proposedNewState: dv({ ...prior, name: 'b' }), config: dv(renamed), priorIdentity: applied.newIdentity, clientCapabilities: caps,
    });
    expect(update.diagnostics).toEqual([]);
    // The plan leaves id unknown (computed, and the update changes something): the prior identity stands.
    expect(isUnknown(val(update.plannedState)!.id)).toBe(true);
    expect(identOf(update.plannedIdentity)).toEqual({ id: 'w-1', region: 'eu' });

    const deleted = await call(server, 'ApplyResourceChange', { typeName: 'test_widget', priorState: dv(prior), plannedState: dv(null), config: dv(null), plannedIdentity: applied.newIdentity });
    expect(deleted.diagnostics).toEqual([]);
    expect(deleted.newIdentity).toBeNull();
  });

  it('an update whose result has another identity than planned is a provider bug', async () => {
    const server = await configured(identityProvider({ async update(req, resp) { resp.newState = { ...req.plannedState, id: 'w-2', size: 1, updated_at: 't2' }; } }));
    const prior = widget({ id: 'w-1', name: 'a', size: 1, updated_at: 't1' });
    const planned = { ...prior, name: 'b', updated_at: unknown };
    const r = await call(server, 'ApplyResourceChange', {
      typeName: 'test_widget', priorState: dv(prior), plannedState: dv(planned), config: dv(widget({ name: 'b' })), plannedIdentity: ident({ id: 'w-1', region: 'eu' }),
    });
    expect(errors(r).map((d) => d.summary)).toEqual(['Provider produced inconsistent result after apply']);
    expect(identOf(r.newIdentity)).toEqual({ id: 'w-1', region: 'eu' });
  });
});

describe('import', () => {
  it('by id returns the identity with the imported state', async () => {
    const r = await call(await configured(identityProvider()), 'ImportResourceState', { typeName: 'test_widget', id: 'w-7', clientCapabilities: caps });
    expect(r.diagnostics).toEqual([]);
    expect(identOf(r.importedResources[0].identity)).toEqual({ id: 'w-7', region: 'eu' });
  });

  it('by identity hands the identity to importState (id empty) and returns it', async () => {
    const calls: Calls = {};
    const server = await configured(identityProvider({}, calls));
    const r = await call(server, 'ImportResourceState', { typeName: 'test_widget', id: '', identity: ident({ id: 'w-8' }), clientCapabilities: caps });
    expect(r.diagnostics).toEqual([]);
    expect(calls.import[0]).toMatchObject({ id: '', identity: { id: 'w-8', region: null } });
    expect(val(r.importedResources[0].state)!.id).toBe('w-8');
    // region was left to the provider, which worked it out.
    expect(identOf(r.importedResources[0].identity)).toEqual({ id: 'w-8', region: 'eu' });
  });

  it('refuses an identity without what import requires, or for a resource without identity', async () => {
    const missing = await call(await configured(identityProvider()), 'ImportResourceState', { typeName: 'test_widget', id: '', identity: ident({ region: 'eu' }) });
    expect(errors(missing)[0]).toMatchObject({ summary: 'Missing identity attribute', detail: 'Importing a test_widget by identity needs "id" in the identity.' });
    const plain = makeProvider({ importState: (req, resp) => void (resp.state = widget({ id: req.id })) });
    const none = await call(await configured(plain), 'ImportResourceState', { typeName: 'test_widget', id: '', identity: ident({ id: 'w-1' }) });
    expect(errors(none)[0].summary).toBe('Import by identity not supported');
  });

  it('an imported object of another identity than asked for is a provider bug', async () => {
    const server = await configured(identityProvider({ identity: () => ({ id: 'w-other', region: 'eu' }) }));
    const r = await call(server, 'ImportResourceState', { typeName: 'test_widget', id: '', identity: ident({ id: 'w-8' }) });
    expect(errors(r).map((d) => d.summary)).toEqual(['Unexpected identity change']);
    expect(r.importedResources).toEqual([]);
  });
});

describe('UpgradeResourceIdentity', () => {
  const raw = (json: object) => ({ json: Buffer.from(JSON.stringify(json)) });

  it('reads an identity of the current version (or an older one without an upgrader) with the current schema', async () => {
    const server = new ProviderServer(identityProvider(), { logger: quiet });
    const r = await call(server, 'UpgradeResourceIdentity', { typeName: 'test_widget', version: 1, rawIdentity: raw({ id: 'w-1', region: 'us' }) });
    expect(r.diagnostics).toEqual([]);
    expect(identOf(r.upgradedIdentity)).toEqual({ id: 'w-1', region: 'us' });
    const older = await call(server, 'UpgradeResourceIdentity', { typeName: 'test_widget', version: 0, rawIdentity: raw({ id: 'w-1', gone: 1 }) });
    expect(identOf(older.upgradedIdentity)).toEqual({ id: 'w-1', region: null });
  });

  it("calls the resource's upgrader for an older version, and refuses a newer one", async () => {
    const server = new ProviderServer(
      identityProvider({ upgradeIdentity: (req, resp) => void (resp.identity = { id: String(req.rawIdentity.name), region: `v${req.version}` }) }),
      { logger: quiet },
    );
    const r = await call(server, 'UpgradeResourceIdentity', { typeName: 'test_widget', version: 0, rawIdentity: raw({ name: 'w-3' }) });
    expect(identOf(r.upgradedIdentity)).toEqual({ id: 'w-3', region: 'v0' });
    const newer = await call(server, 'UpgradeResourceIdentity', { typeName: 'test_widget', version: 2, rawIdentity: raw({ id: 'w-1' }) });
    expect(errors(newer)[0]).toMatchObject({ summary: 'Identity written by a newer provider' });
    const none = await call(new ProviderServer(makeProvider(), { logger: quiet }), 'UpgradeResourceIdentity', { typeName: 'test_widget', version: 0, rawIdentity: raw({ id: 'w-1' }) });
    expect(errors(none)[0].summary).toBe('Resource identity is not supported');
  });
});

describe('a resource without identity', () => {
  it('answers no identity anywhere, whatever Terraform sends', async () => {
    const server = await configured();
    const read = await call(server, 'ReadResource', { typeName: 'test_widget', currentState: dv(widget({ id: 'w-1', name: 'a' })), currentIdentity: ident({ id: 'w-1' }) });
    expect(read.diagnostics).toEqual([]);
    expect(read.newIdentity).toBeNull();
    const config = widget({ name: 'a' });
    const plan = await call(server, 'PlanResourceChange', { typeName: 'test_widget', priorState: dv(null), proposedNewState: dv(config), config: dv(config), clientCapabilities: caps });
    expect(plan.plannedIdentity).toBeNull();
  });
});
