// Acceptance: the workato_custom_oauth_profile lifecycle with the real terraform CLI against the
// emulator — create, no-op plan, update in place, drift, deletion out of band, import, destroy.
// Each case is independent: its own workspace and emulator, its own steps (run one with -t).
import { expr, profileResource, resourceTest, sensitiveVariable, type StepContext } from './harness';

const ADDRESS = 'workato_custom_oauth_profile.hubspot';
const SECRET = 'hubspot-secret-5c1e9a';
const env = { TF_VAR_hubspot_client_secret: SECRET };

const config = (name = 'Acme HubSpot', clientId = 'hubspot-client-1') => `
${sensitiveVariable('hubspot_client_secret')}
${profileResource('hubspot', { name, provider_name: 'hubspot', client_id: clientId, client_secret: expr('var.hubspot_client_secret') })}
output "hubspot_profile_id" {
  value = ${ADDRESS}.id
}
`;

/** The id of the profile in the state, as Workato's integer. */
const profileId = (ctx: StepContext) => Number(ctx.attributes(ADDRESS).id);

describe('workato_custom_oauth_profile lifecycle', () => {
  test('apply creates the profile and sends the secret; the next plan is empty', async () => {
    await resourceTest({
      env,
      steps: [
        {
          config: config(),
          check(ctx) {
            expect(ctx.result!.output).toContain('1 added, 0 changed, 0 destroyed');
            const profiles = ctx.emulator.profiles();
            expect(profiles).toHaveLength(1);
            expect(profiles[0]).toMatchObject({
              name: 'Acme HubSpot',
              provider: 'hubspot',
              data: { client_id: 'hubspot-client-1', client_secret: SECRET },
            });
            expect(ctx.attributes(ADDRESS)).toMatchObject({
              id: String(profiles[0].id),
              name: 'Acme HubSpot',
              provider_name: 'hubspot',
              client_id: 'hubspot-client-1',
              user_id: profiles[0].user_id,
              shared_accounts_count: 0,
              oem_customers_count: 0,
              created_at: profiles[0].created_at,
              updated_at: profiles[0].updated_at,
              client_secret_wo: null,
              token: null,
            });
            expect(ctx.result!.output).not.toContain(SECRET);
          },
        },
        // The empty plan after the apply above is checked by every config step; here explicitly.
        { planOnly: true, check: (ctx) => expect(ctx.plan!.output).toContain('No changes.') },
      ],
      checkDestroy: (ctx) => expect(ctx.emulator.profiles()).toEqual([]),
    });
  });

  test('a changed name is updated in place with the whole payload, keeping id and created_at', async () => {
    let before: Record<string, unknown> = {};
    await resourceTest({
      env,
      steps: [
        { config: config(), check: (ctx) => void (before = ctx.attributes(ADDRESS)) },
        {
          config: config('Acme HubSpot (prod)'),
          check(ctx) {
            expect(ctx.plan!.output).toContain('~ update in-place');
            expect(ctx.plan!.output).toMatch(/~ name\s+= "Acme HubSpot" -> "Acme HubSpot \(prod\)"/);
            expect(ctx.plan!.output).toContain('0 to add, 1 to change, 0 to destroy');
            expect(ctx.emulator.requestCount({ method: 'PUT' })).toBe(1);
            const after = ctx.attributes(ADDRESS);
            expect(after.id).toBe(before.id);
            expect(after.created_at).toBe(before.created_at);
            expect(after.name).toBe('Acme HubSpot (prod)');
            // PUT carries the whole payload, the secret from the configuration included.
            const put = ctx.emulator.requests.filter((r) => r.method === 'PUT').pop();
            expect(put?.body).toEqual({
              name: 'Acme HubSpot (prod)',
              provider: 'hubspot',
              data: { client_id: 'hubspot-client-1', client_secret: SECRET },
            });
          },
        },
      ],
    });
  });

  test('a name and client id changed out of band show as drift, and apply corrects them', async () => {
    await resourceTest({
      env,
      steps: [
        { config: config() },
        {
          preConfig: (ctx) => void ctx.emulator.modify(profileId(ctx), { name: 'Renamed in the Workato UI', client_id: 'someone-elses-client' }),
          planOnly: true,
          expectNonEmptyPlan: true,
          check(ctx) {
            // Terraform's "changed outside of Terraform" note lists only drift that other objects
            // refer to; the plan itself shows the live value being put back.
            expect(ctx.plan!.output).toMatch(/~ name\s+= "Renamed in the Workato UI" -> "Acme HubSpot"/);
            expect(ctx.plan!.output).toMatch(/~ client_id\s+= "someone-elses-client" -> "hubspot-client-1"/);
          },
        },
        {
          // Applying the same configuration puts the declared values back; the plan after it is empty.
          check: (ctx) => expect(ctx.emulator.profile(profileId(ctx))).toMatchObject({ name: 'Acme HubSpot', data: { client_id: 'hubspot-client-1' } }),
        },
      ],
    });
  });

  test('a profile deleted out of band is planned for re-creation, with the secret', async () => {
    let deleted = 0;
    await resourceTest({
      env,
      steps: [
        { config: config() },
        {
          preConfig(ctx) {
            deleted = profileId(ctx);
            ctx.emulator.remove(deleted);
          },
          check(ctx) {
            expect(ctx.plan!.output).toContain('1 to add, 0 to change, 0 to destroy');
            const profiles = ctx.emulator.profiles();
            expect(profiles).toHaveLength(1);
            expect(profiles[0].id).not.toBe(deleted);
            expect(profiles[0].data.client_secret).toBe(SECRET);
          },
        },
      ],
    });
  });

  test('terraform import reads back every attribute but the secret', async () => {
    await resourceTest({
      env,
      steps: [
        { config: config() },
        { importState: true, resourceName: ADDRESS, importStateVerify: true, importStateVerifyIgnore: ['client_secret'] },
      ],
    });
  });

  test('destroy leaves nothing behind', async () => {
    await resourceTest({
      env,
      steps: [
        { config: config() },
        {
          destroy: true,
          check(ctx) {
            expect(ctx.result!.output).toContain('1 destroyed');
            expect(ctx.emulator.profiles()).toHaveLength(0);
            expect(ctx.state().resources).toHaveLength(0);
          },
        },
      ],
    });
  });

  test('destroy of a profile already deleted out of band succeeds', async () => {
    await resourceTest({
      env,
      steps: [
        { config: config() },
        {
          // Deleted between refresh and delete: destroy with -refresh=false sends DELETE for a gone id.
          preConfig: (ctx) => void ctx.emulator.remove(profileId(ctx)),
          destroy: true,
          args: ['-refresh=false'],
          check(ctx) {
            expect(ctx.result!.output).toContain('1 destroyed');
            expect(ctx.emulator.requests.filter((r) => r.method === 'DELETE').map((r) => r.status)).toEqual([404]);
            expect(ctx.state().resources).toHaveLength(0);
          },
        },
      ],
    });
  });
});

describe('resourceTest, the harness', () => {
  test('fails a step whose plan after apply is not empty, naming the step', async () => {
    const failing = resourceTest({
      env,
      steps: [
        { config: config() },
        { name: 'drift appears', preConfig: (ctx) => void ctx.emulator.modify(profileId(ctx), { name: 'Changed' }), planOnly: true },
      ],
    });
    await expect(failing).rejects.toThrow(/^step 2 of 2 \(drift appears\): the plan is not empty:/);
  });

  test('import verification names the attributes that differ', async () => {
    const failing = resourceTest({ env, steps: [{ config: config() }, { importState: true, resourceName: ADDRESS, importStateVerify: true }] });
    await expect(failing).rejects.toThrow(/^step 2 of 2: the imported workato_custom_oauth_profile\.hubspot differs from the state:\n {2}client_secret: state \(sensitive value\), imported null$/);
  });

  test('checks an expected error', async () => {
    await resourceTest({
      steps: [
        {
          config: profileResource('p', { name: 'a', provider_name: 'hubspot', client_id: 'c' }),
          expectError: /Missing client secret/,
          check: (ctx) => expect(ctx.emulator.requestCount()).toBe(0),
        },
      ],
    });
  });
});
