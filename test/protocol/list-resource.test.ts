// The workato_custom_oauth_profile list resource at the protocol level, as `terraform query`
// (Terraform 1.14) drives it: the built provider executable, started as core starts it, against the
// emulator holding 250 profiles. The schema core wraps into a `list` block, ValidateListResourceConfig,
// and ListResource's stream: every profile with its identity and display name in 3 requests, the
// filters, the resource object without secrets, `limit`, and core's cancellation of the stream,
// after which no page is asked for. Request counts are the emulator's; no clock is involved.

import { startEmulator, type Emulator } from '../../src/emulator';
import { tfplugin6 } from '../../src/plugin/wire';
import { startHoldingProxy } from './holding-proxy';
import { configure, fromMsgpack, identityOf, msgpack, objectOf, startProvider, TYPE, type Core, type Value } from './terraform-core';

const TOKEN = 'wrkprod-protocol-list-token-2b7e';
const ERROR = tfplugin6.Diagnostic.Severity.ERROR;
const PROFILES = '/api/custom_oauth_profiles';

interface Setup {
  emulator: Emulator;
  core: Core;
  listBlock: tfplugin6.Schema.IBlock;
  resourceBlock: tfplugin6.Schema.IBlock;
  /** The seeded profiles' ids, in order: every fifth is a Slack app. */
  ids: number[];
}

/** 250 profiles "Profile 1" … "Profile 250"; every fifth is Slack (with a token), the rest HubSpot. */
function seed(emulator: Emulator): number[] {
  return Array.from({ length: 250 }, (_, i) => {
    const n = i + 1;
    const slack = n % 5 === 0;
    return emulator.seed({
      name: `Profile ${n}`,
      provider: slack ? 'slack' : 'hubspot',
      client_id: `client-${n}`,
      client_secret: `secret-${n}-c4a1`,
      ...(slack ? { token: `token-${n}-9d2e` } : {}),
    }).id;
  });
}

async function withProvider(test: (s: Setup) => Promise<void>, options: { baseUrl?: (emulator: Emulator) => Promise<string> } = {}): Promise<void> {
  const emulator = await startEmulator({ token: TOKEN, requestsPerMinute: 0 });
  const core = await startProvider({ TF_LOG_PROVIDER: 'debug' });
  try {
    const ids = seed(emulator);
    const schema = await core.call('GetProviderSchema', {});
    expect(schema.diagnostics).toEqual([]);
    const baseUrl = options.baseUrl ? await options.baseUrl(emulator) : emulator.url;
    expect((await configure(core, { api_token: TOKEN, base_url: baseUrl, requests_per_minute: 1_000_000, max_retries: 0 })).diagnostics).toEqual([]);
    await test({ emulator, core, ids, listBlock: schema.listResourceSchemas[TYPE].block!, resourceBlock: schema.resourceSchemas[TYPE].block! });
    // Nothing secret in any log line (TF_LOG_PROVIDER=debug).
    expect(core.stderr()).not.toContain(TOKEN);
    expect(core.stderr()).not.toMatch(/secret-\d+-c4a1|token-\d+-9d2e/);
    expect(await core.shutdown()).toBe(0);
  } finally {
    core.kill();
    await emulator.close();
  }
}

/** What core sends for a `list` block: the `config { }` object (every attribute null when absent). */
const listConfig = (block: tfplugin6.Schema.IBlock, values: Record<string, Value> = {}) => msgpack(objectOf(block, values));
const pages = (emulator: Emulator) => emulator.requests.filter((r) => r.method === 'GET' && r.path === PROFILES).map((r) => Number(r.query.page));

it('GetProviderSchema has the list resource schema (the config block), GetMetadata names it, ValidateListResourceConfig checks the filters', () =>
  withProvider(async ({ core, listBlock }) => {
    expect(listBlock.attributes!.map((a) => ({ name: a.name, type: Buffer.from(a.type!).toString(), optional: a.optional, required: a.required }))).toEqual([
      { name: 'name', type: '"string"', optional: true, required: false },
      { name: 'provider_name', type: '"string"', optional: true, required: false },
    ]);
    expect((await core.call('GetMetadata', {})).listResources.map((l) => l.typeName)).toEqual([TYPE]);

    const validate = (values: Record<string, Value>) => core.call('ValidateListResourceConfig', { typeName: TYPE, config: listConfig(listBlock, values) });
    expect((await validate({})).diagnostics).toEqual([]);
    expect((await validate({ provider_name: 'hubspot', name: 'Profile 7' })).diagnostics).toEqual([]);
    const empty = await validate({ name: '' });
    expect(empty.diagnostics.map((d) => [d.severity, d.summary, d.attribute?.steps?.[0].attributeName])).toEqual([[ERROR, 'Empty name', 'name']]);
    const invalid = await validate({ provider_name: 'HubSpot' });
    expect(invalid.diagnostics[0]).toMatchObject({ severity: ERROR, summary: 'Invalid provider_name' });
    expect(invalid.diagnostics[0].detail).toContain('Did you mean "hubspot"?');
    const unknownType = await core.call('ValidateListResourceConfig', { typeName: 'workato_custom_oauth_profiles', config: listConfig(listBlock) });
    expect(unknownType.diagnostics[0].summary).toBe('Unknown list resource type');
  }));

it('streams all 250 profiles with at most 3 requests (one per 100), each with its identity and display name', () =>
  withProvider(async ({ emulator, core, listBlock, ids }) => {
    const { events, ended } = await core.list({ typeName: TYPE, config: listConfig(listBlock), includeResourceObject: false, limit: 1000 });
    expect(ended).toBe('end');
    expect(events).toHaveLength(250);
    expect(events.map((e) => identityOf(e.identity))).toEqual(ids.map((id) => ({ id })));
    expect(events[0].displayName).toBe(`Profile 1 (hubspot, id ${ids[0]})`);
    expect(events[4].displayName).toBe(`Profile 5 (slack, id ${ids[4]})`);
    expect(events.every((e) => e.resourceObject === null && e.diagnostic.length === 0)).toBe(true);
    expect(emulator.requestCount()).toBeLessThanOrEqual(3);
    expect(pages(emulator)).toEqual([1, 2, 3]);
    expect(emulator.requests.every((r) => r.query.per_page === '100')).toBe(true);
  }));

it('filters by provider_name and by name, exactly', () =>
  withProvider(async ({ emulator, core, listBlock, ids }) => {
    const slack = await core.list({ typeName: TYPE, config: listConfig(listBlock, { provider_name: 'slack' }), limit: 1000 });
    expect(slack.events.map((e) => identityOf(e.identity))).toEqual(ids.filter((_, i) => (i + 1) % 5 === 0).map((id) => ({ id })));
    expect(slack.events).toHaveLength(50);
    expect(emulator.requestCount()).toBe(3);

    const one = await core.list({ typeName: TYPE, config: listConfig(listBlock, { name: 'Profile 123' }), limit: 1000 });
    expect(one.events.map((e) => e.displayName)).toEqual([`Profile 123 (hubspot, id ${ids[122]})`]);
    expect(emulator.requestCount()).toBe(3 + 3);

    const both = await core.list({ typeName: TYPE, config: listConfig(listBlock, { name: 'Profile 123', provider_name: 'slack' }), limit: 1000 });
    expect(both).toEqual({ events: [], ended: 'end' });
    const prefix = await core.list({ typeName: TYPE, config: listConfig(listBlock, { name: 'Profile 12' }), limit: 1000 });
    expect(prefix.events.map((e) => e.displayName)).toEqual([`Profile 12 (hubspot, id ${ids[11]})`]);
  }));

it('sends each resource object when asked (-generate-config-out asks), typed by the resource schema, its secrets null', () =>
  withProvider(async ({ emulator, core, listBlock, resourceBlock, ids }) => {
    const { events } = await core.list({ typeName: TYPE, config: listConfig(listBlock, { provider_name: 'slack' }), includeResourceObject: true, limit: 1000 });
    expect(events).toHaveLength(50);
    const object = fromMsgpack(events[0].resourceObject) as Record<string, Value>;
    const stored = emulator.profile(ids[4])!;
    expect(object).toEqual(
      objectOf(resourceBlock, {
        id: String(ids[4]),
        name: 'Profile 5',
        provider_name: 'slack',
        client_id: 'client-5',
        user_id: stored.user_id,
        shared_accounts_count: stored.shared_accounts_count,
        oem_customers_count: stored.oem_customers_count,
        created_at: stored.created_at,
        updated_at: stored.updated_at,
      }),
    );
    expect(Object.keys(object).sort()).toEqual(resourceBlock.attributes!.map((a) => a.name).sort());
    for (const secret of ['client_secret', 'client_secret_wo', 'token', 'token_wo']) expect(object[secret]).toBeNull();
    // Not a byte of any secret or token in the stream.
    const bytes = Buffer.concat(events.map((e) => Buffer.from(tfplugin6.ListResource.Event.encode(e).finish()))).toString('latin1');
    expect(bytes).not.toMatch(/secret-\d+-c4a1|token-\d+-9d2e/);
    expect(emulator.requestCount()).toBe(3);
  }));

it('respects limit: the provider stops paging once it has sent that many', () =>
  withProvider(async ({ emulator, core, listBlock, ids }) => {
    // Core reads `limit` results, then cancels the stream; the provider has stopped by itself.
    const fifty = await core.list({ typeName: TYPE, config: listConfig(listBlock), limit: 50 });
    expect(fifty.events.map((e) => identityOf(e.identity))).toEqual(ids.slice(0, 50).map((id) => ({ id })));
    expect(pages(emulator)).toEqual([1]);

    emulator.reset();
    const reseeded = seed(emulator);
    const more = await core.list({ typeName: TYPE, config: listConfig(listBlock), limit: 150 }, { cancelAfter: 150 });
    expect(more.events.map((e) => identityOf(e.identity))).toEqual(reseeded.slice(0, 150).map((id) => ({ id })));
    // Logged once the stream's handler has finished: every request it made has been answered.
    await core.stderrContains('"@message":"Served ListResource"', 2);
    expect(pages(emulator)).toEqual([1, 2]);

    const none = await core.list({ typeName: TYPE, config: listConfig(listBlock), limit: 0 });
    expect(none).toEqual({ events: [], ended: 'end' });
    expect(pages(emulator)).toEqual([1, 2]);
  }));

it('when core cancels the stream, the page in flight is abandoned and no further page is asked for', async () => {
  let proxy: Awaited<ReturnType<typeof startHoldingProxy>> | undefined;
  try {
    await withProvider(
      async ({ emulator, core, listBlock }) => {
        // Page 2 is held by the proxy: it never comes unless the provider stops waiting for it.
        const listing = core.list(
          { typeName: TYPE, config: listConfig(listBlock), limit: 1000 },
          {
            onEvent: (_event, count, cancel) => {
              if (count === 100) void proxy!.held(1).then(cancel);
            },
          },
        );
        const { events, ended } = await listing;
        expect(ended).toBe('cancelled');
        expect(events).toHaveLength(100);
        await proxy!.abandoned(1); // the provider aborted page 2
        await core.stderrContains('"@message":"Served ListResource"');
        expect(proxy!.seen).toEqual([`${PROFILES}?page=1&per_page=100`, `${PROFILES}?page=2&per_page=100`]);
        expect(pages(emulator)).toEqual([1]);

        // The provider serves on: a listing limited to page 1 costs one more request.
        const again = await core.list({ typeName: TYPE, config: listConfig(listBlock), limit: 10 });
        expect(again.events).toHaveLength(10);
        expect(pages(emulator)).toEqual([1, 1]);
      },
      {
        baseUrl: async (emulator) => {
          let second = 0;
          proxy = await startHoldingProxy(emulator.url, (url) => url.includes('page=2') && ++second === 1);
          return proxy.url;
        },
      },
    );
  } finally {
    await proxy?.close();
  }
});

it("ends the listing with Workato's error as a diagnostic, without the token", async () => {
  const emulator = await startEmulator({ token: TOKEN, requestsPerMinute: 0 });
  const core = await startProvider();
  try {
    const schema = await core.call('GetProviderSchema', {});
    expect((await configure(core, { api_token: 'wrkprod-not-the-token-77aa', base_url: emulator.url, max_retries: 0 })).diagnostics).toEqual([]);
    const { events } = await core.list({ typeName: TYPE, config: listConfig(schema.listResourceSchemas[TYPE].block!), limit: 100 });
    expect(events).toHaveLength(1);
    expect(events[0].identity).toBeNull();
    expect(events[0].diagnostic.map((d) => [d.severity, d.summary])).toEqual([[ERROR, 'Could not list custom OAuth profiles']]);
    expect(events[0].diagnostic[0].detail).toContain('401');
    expect(events[0].diagnostic[0].detail).not.toContain('wrkprod-not-the-token-77aa');
    expect(await core.shutdown()).toBe(0);
  } finally {
    core.kill();
    await emulator.close();
  }
});
