// Resource identity of workato_custom_oauth_profile at the protocol level, as Terraform 1.12 and
// later use it (only 1.11.4 is on these machines): the built provider executable, started as core
// starts it, against the emulator. GetResourceIdentitySchemas; import by identity, the read core
// makes next and a plan of the config that `-generate-config-out` writes (clean, no secret needed);
// the identity of every create, read, update and import; UpgradeResourceIdentity. Request counts
// are the emulator's.

import { startEmulator, type Emulator } from '../../src/emulator';
import { tfplugin6 } from '../../src/plugin/wire';
import {
  configure,
  fromMsgpack,
  identity,
  identityOf,
  msgpack,
  objectOf,
  proposedNewState,
  startProvider,
  TYPE,
  UNKNOWN,
  type Core,
  type Value,
} from './terraform-core';

const TOKEN = 'wrkprod-protocol-test-token-93c1';
const SECRET = 'identity-secret-61f0';
const capabilities = { deferralAllowed: true, writeOnlyAttributesAllowed: true };
const ERROR = tfplugin6.Diagnostic.Severity.ERROR;

interface Setup {
  emulator: Emulator;
  core: Core;
  block: tfplugin6.Schema.IBlock;
}

async function withProvider(test: (s: Setup) => Promise<void>): Promise<void> {
  const emulator = await startEmulator({ token: TOKEN, requestsPerMinute: 0 });
  const core = await startProvider({ TF_LOG_PROVIDER: 'debug' });
  try {
    const schema = await core.call('GetProviderSchema', {});
    expect(schema.diagnostics).toEqual([]);
    expect((await configure(core, { api_token: TOKEN, base_url: emulator.url, requests_per_minute: 1_000_000 })).diagnostics).toEqual([]);
    await test({ emulator, core, block: schema.resourceSchemas[TYPE].block! });
    // Nothing secret in any log line (TF_LOG_PROVIDER=debug).
    expect(core.stderr()).not.toContain(TOKEN);
    expect(core.stderr()).not.toContain(SECRET);
    expect(await core.shutdown()).toBe(0);
  } finally {
    core.kill();
    await emulator.close();
  }
}

const state = (dv: tfplugin6.IDynamicValue | null | undefined) => fromMsgpack(dv) as Record<string, Value>;
const errorsOf = (r: { diagnostics: tfplugin6.IDiagnostic[] }) => r.diagnostics.filter((d) => d.severity === ERROR);

it('GetResourceIdentitySchemas answers the identity { id = number }, version 0, required for import', async () => {
  const core = await startProvider();
  try {
    // Core asks right after GetProviderSchema, before anything is configured.
    await core.call('GetProviderSchema', {});
    const r = await core.call('GetResourceIdentitySchemas', {});
    expect(r.diagnostics).toEqual([]);
    expect(Object.keys(r.identitySchemas)).toEqual([TYPE]);
    const s = r.identitySchemas[TYPE];
    expect(Number(s.version)).toBe(0);
    expect(s.identityAttributes!.map((a) => ({ name: a.name, type: Buffer.from(a.type!).toString(), requiredForImport: a.requiredForImport, optionalForImport: a.optionalForImport }))).toEqual([
      { name: 'id', type: '"number"', requiredForImport: true, optionalForImport: false },
    ]);
    expect(s.identityAttributes![0].description).toContain('Workato id');
    expect(await core.shutdown()).toBe(0);
  } finally {
    core.kill();
  }
});

it('imports by identity; the read that follows and a plan of the generated config keep the identity, change nothing and need no secret', () =>
  withProvider(async ({ emulator, core, block }) => {
    const p = emulator.seed({ name: 'HubSpot (prod)', provider: 'hubspot', client_id: 'hs-client', client_secret: SECRET });

    // import { to = workato_custom_oauth_profile.hubspot, identity = { id = <id> } }
    const imported = await core.call('ImportResourceState', { typeName: TYPE, id: '', identity: identity({ id: p.id }), clientCapabilities: capabilities });
    expect(imported.diagnostics).toEqual([]);
    expect(imported.importedResources).toHaveLength(1);
    const [resource] = imported.importedResources;
    expect(resource.typeName).toBe(TYPE);
    expect(identityOf(resource.identity)).toEqual({ id: p.id });
    expect(state(resource.state)).toEqual(objectOf(block, { id: String(p.id) }));
    expect(emulator.requestCount()).toBe(0);

    // Core then reads with the imported identity as current_identity.
    const read = await core.call('ReadResource', {
      typeName: TYPE,
      currentState: resource.state,
      private: resource.private,
      currentIdentity: resource.identity,
      clientCapabilities: capabilities,
    });
    expect(read.diagnostics).toEqual([]);
    expect(identityOf(read.newIdentity)).toEqual({ id: p.id });
    const prior = state(read.newState);
    expect(prior).toMatchObject({ id: String(p.id), name: 'HubSpot (prod)', provider_name: 'hubspot', client_id: 'hs-client', client_secret: null, token: null });
    expect(emulator.requestCount()).toBe(1); // page 1 of the shared listing

    // What `-generate-config-out` writes: the configurable attributes, secrets `null # sensitive`.
    const config = objectOf(block, { name: prior.name, provider_name: prior.provider_name, client_id: prior.client_id });
    const plan = await core.call('PlanResourceChange', {
      typeName: TYPE,
      priorState: read.newState,
      proposedNewState: msgpack(proposedNewState(block, prior, config)),
      config: msgpack(config),
      priorPrivate: read.private,
      priorIdentity: read.newIdentity,
      clientCapabilities: capabilities,
    });
    expect(plan.diagnostics).toEqual([]);
    expect(state(plan.plannedState)).toEqual(prior); // "1 to import, 0 to change"
    expect(plan.requiresReplace).toEqual([]);
    expect(identityOf(plan.plannedIdentity)).toEqual({ id: p.id });
    expect(emulator.requestCount()).toBe(1);
  }));

it('refuses to import by an identity that is no profile id, and a profile that is gone reads as gone', () =>
  withProvider(async ({ emulator, core }) => {
    for (const id of [0, -3, 1.5]) {
      const r = await core.call('ImportResourceState', { typeName: TYPE, id: '', identity: identity({ id }), clientCapabilities: capabilities });
      expect(errorsOf(r).map((d) => d.summary)).toEqual(['Invalid import identity']);
      expect(errorsOf(r)[0].detail).toContain(`The identity's id is ${id}, not a Workato custom OAuth profile id`);
      expect(r.importedResources).toEqual([]);
    }
    const missing = await core.call('ImportResourceState', { typeName: TYPE, id: '', identity: identity({ id: null }) });
    expect(errorsOf(missing)[0].summary).toBe('Missing identity attribute');

    // An identity of a profile that does not exist imports (as by id); the read finds it gone.
    const imported = await core.call('ImportResourceState', { typeName: TYPE, id: '', identity: identity({ id: 999 }) });
    const read = await core.call('ReadResource', { typeName: TYPE, currentState: imported.importedResources[0].state, currentIdentity: imported.importedResources[0].identity });
    expect(read.diagnostics).toEqual([]);
    expect(fromMsgpack(read.newState)).toBeNull();
    expect(read.newIdentity).toBeNull();
    expect(emulator.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['GET /api/custom_oauth_profiles 200', 'GET /api/custom_oauth_profiles/999 404']);
  }));

it('create, read, update and delete carry the identity; import by id returns it too', () =>
  withProvider(async ({ emulator, core, block }) => {
    // Plan and apply a create: the identity is unknown until the profile exists.
    const config = objectOf(block, { name: 'Slack ops', provider_name: 'slack', client_id: 'sl', client_secret: SECRET, token: 'xoxb-token' });
    const create = await core.call('PlanResourceChange', {
      typeName: TYPE,
      priorState: msgpack(null),
      proposedNewState: msgpack(config),
      config: msgpack(config),
      clientCapabilities: capabilities,
    });
    expect(create.diagnostics).toEqual([]);
    expect(identityOf(create.plannedIdentity)).toBe(UNKNOWN);
    const created = await core.call('ApplyResourceChange', {
      typeName: TYPE,
      priorState: msgpack(null),
      plannedState: create.plannedState,
      config: msgpack(config),
      plannedPrivate: create.plannedPrivate,
      plannedIdentity: create.plannedIdentity,
    });
    expect(created.diagnostics).toEqual([]);
    const id = Number(state(created.newState).id);
    expect(emulator.profile(id)).toMatchObject({ name: 'Slack ops' });
    expect(identityOf(created.newIdentity)).toEqual({ id });

    const read = await core.call('ReadResource', { typeName: TYPE, currentState: created.newState, private: created.private, currentIdentity: created.newIdentity });
    expect(read.diagnostics).toEqual([]);
    expect(identityOf(read.newIdentity)).toEqual({ id });

    // An update (a rename) plans and applies the same identity.
    const prior = state(read.newState);
    const renamed = { ...config, name: 'Slack operations' };
    const update = await core.call('PlanResourceChange', {
      typeName: TYPE,
      priorState: read.newState,
      proposedNewState: msgpack(proposedNewState(block, prior, renamed)),
      config: msgpack(renamed),
      priorPrivate: read.private,
      priorIdentity: read.newIdentity,
      clientCapabilities: capabilities,
    });
    expect(update.diagnostics).toEqual([]);
    expect(identityOf(update.plannedIdentity)).toEqual({ id });
    const updated = await core.call('ApplyResourceChange', {
      typeName: TYPE,
      priorState: read.newState,
      plannedState: update.plannedState,
      config: msgpack(renamed),
      plannedPrivate: update.plannedPrivate,
      plannedIdentity: update.plannedIdentity,
    });
    expect(updated.diagnostics).toEqual([]);
    expect(identityOf(updated.newIdentity)).toEqual({ id });
    expect(emulator.profile(id)).toMatchObject({ name: 'Slack operations' });

    // terraform import ADDR ID (and import { id = "…" }) returns the identity as well.
    const byId = await core.call('ImportResourceState', { typeName: TYPE, id: String(id), clientCapabilities: capabilities });
    expect(byId.diagnostics).toEqual([]);
    expect(identityOf(byId.importedResources[0].identity)).toEqual({ id });

    // A delete leaves no identity (and no state).
    const deleted = await core.call('ApplyResourceChange', {
      typeName: TYPE,
      priorState: updated.newState,
      plannedState: msgpack(null),
      config: msgpack(null),
      plannedIdentity: updated.newIdentity,
    });
    expect(deleted.diagnostics).toEqual([]);
    expect(fromMsgpack(deleted.newState)).toBeNull();
    expect(deleted.newIdentity).toBeNull();
    expect(emulator.profile(id)).toBeUndefined();
  }));

it('UpgradeResourceIdentity reads a stored identity of version 0, and refuses one of a newer version', async () => {
  const core = await startProvider();
  try {
    const stored = (json: string) => ({ json: Buffer.from(json) });
    const current = await core.call('UpgradeResourceIdentity', { typeName: TYPE, version: 0, rawIdentity: stored('{"id":321}') });
    expect(current.diagnostics).toEqual([]);
    expect(identityOf(current.upgradedIdentity)).toEqual({ id: 321 });
    const newer = await core.call('UpgradeResourceIdentity', { typeName: TYPE, version: 1, rawIdentity: stored('{"id":321}') });
    expect(errorsOf(newer).map((d) => d.summary)).toEqual(['Identity written by a newer provider']);
    expect(newer.upgradedIdentity).toBeNull();
    expect(await core.shutdown()).toBe(0);
  } finally {
    core.kill();
  }
});
