// Acceptance: the workato_custom_oauth_profile lifecycle with the real terraform CLI against the
// emulator — create, no-op plan, update in place, drift, deletion out of band, destroy.
import { resourceAttributes, Workspace, workspace } from './harness';

const CONFIG = (name: string, clientId: string) => `
variable "hubspot_client_secret" {
  type      = string
  sensitive = true
}

resource "workato_custom_oauth_profile" "hubspot" {
  name          = "${name}"
  provider_name = "hubspot"
  client_id     = "${clientId}"
  client_secret = var.hubspot_client_secret
}

output "hubspot_profile_id" {
  value = workato_custom_oauth_profile.hubspot.id
}
`;

const SECRET = 'hubspot-secret-5c1e9a';
const env = { TF_VAR_hubspot_client_secret: SECRET };

describe('workato_custom_oauth_profile lifecycle', () => {
  let ws: Workspace;

  beforeAll(async () => {
    ws = await workspace();
    ws.writeConfig(CONFIG('Acme HubSpot', 'hubspot-client-1'));
    await ws.init();
  });
  afterAll(async () => ws?.close());

  test('apply creates the profile and sends the secret', async () => {
    const result = await ws.tf(['apply', '-auto-approve', '-no-color'], { env });
    expect(result.output).toContain('1 added, 0 changed, 0 destroyed');

    const profiles = ws.emulator.profiles();
    expect(profiles).toHaveLength(1);
    expect(profiles[0]).toMatchObject({
      name: 'Acme HubSpot',
      provider: 'hubspot',
      data: { client_id: 'hubspot-client-1', client_secret: SECRET },
    });

    const attrs = resourceAttributes(ws.state(), 'workato_custom_oauth_profile', 'hubspot');
    expect(attrs).toMatchObject({
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
    expect(result.output).not.toContain(SECRET);
  });

  test('a plan right after apply is empty', async () => {
    const plan = await ws.tf(['plan', '-detailed-exitcode', '-no-color'], { env });
    expect(plan.code).toBe(0);
    expect(plan.output).toContain('No changes.');
  });

  test('a changed name is updated in place, keeping id and created_at', async () => {
    const before = resourceAttributes(ws.state(), 'workato_custom_oauth_profile', 'hubspot');
    ws.writeConfig(CONFIG('Acme HubSpot (prod)', 'hubspot-client-1'));

    const plan = await ws.tf(['plan', '-no-color'], { env });
    expect(plan.output).toContain('~ update in-place');
    expect(plan.output).toMatch(/~ name\s+= "Acme HubSpot" -> "Acme HubSpot \(prod\)"/);
    expect(plan.output).toContain('0 to add, 1 to change, 0 to destroy');

    const putsBefore = ws.emulator.requestCount({ method: 'PUT' });
    await ws.tf(['apply', '-auto-approve', '-no-color'], { env });
    expect(ws.emulator.requestCount({ method: 'PUT' })).toBe(putsBefore + 1);

    const after = resourceAttributes(ws.state(), 'workato_custom_oauth_profile', 'hubspot');
    expect(after.id).toBe(before.id);
    expect(after.created_at).toBe(before.created_at);
    expect(after.name).toBe('Acme HubSpot (prod)');
    // PUT carries the whole payload, the secret from the configuration included.
    const put = ws.emulator.requests.filter((r) => r.method === 'PUT').pop();
    expect(put?.body).toEqual({
      name: 'Acme HubSpot (prod)',
      provider: 'hubspot',
      data: { client_id: 'hubspot-client-1', client_secret: SECRET },
    });
  });

  test('a name and client id changed out of band show as drift, and apply corrects them', async () => {
    const id = Number(resourceAttributes(ws.state(), 'workato_custom_oauth_profile', 'hubspot').id);
    ws.emulator.modify(id, { name: 'Renamed in the Workato UI', client_id: 'someone-elses-client' });

    const plan = await ws.tf(['plan', '-detailed-exitcode', '-no-color'], { env });
    expect(plan.code).toBe(2);
    // Terraform's "changed outside of Terraform" note lists only drift that other objects refer
    // to; the plan itself shows the live value being put back.
    expect(plan.output).toMatch(/~ name\s+= "Renamed in the Workato UI" -> "Acme HubSpot \(prod\)"/);
    expect(plan.output).toMatch(/~ client_id\s+= "someone-elses-client" -> "hubspot-client-1"/);

    await ws.tf(['apply', '-auto-approve', '-no-color'], { env });
    expect(ws.emulator.profile(id)).toMatchObject({ name: 'Acme HubSpot (prod)', data: { client_id: 'hubspot-client-1' } });
    const again = await ws.tf(['plan', '-detailed-exitcode', '-no-color'], { env });
    expect(again.code).toBe(0);
  });

  test('a profile deleted out of band is planned for re-creation', async () => {
    const id = Number(resourceAttributes(ws.state(), 'workato_custom_oauth_profile', 'hubspot').id);
    ws.emulator.remove(id);

    const plan = await ws.tf(['plan', '-detailed-exitcode', '-no-color'], { env });
    expect(plan.code).toBe(2);
    expect(plan.output).toContain('1 to add, 0 to change, 0 to destroy');

    await ws.tf(['apply', '-auto-approve', '-no-color'], { env });
    const profiles = ws.emulator.profiles();
    expect(profiles).toHaveLength(1);
    expect(profiles[0].id).not.toBe(id);
    expect(profiles[0].data.client_secret).toBe(SECRET);
  });

  test('destroy leaves nothing behind', async () => {
    const result = await ws.tf(['destroy', '-auto-approve', '-no-color'], { env });
    expect(result.output).toContain('1 destroyed');
    expect(ws.emulator.profiles()).toHaveLength(0);
    expect(ws.state().resources).toHaveLength(0);
  });

  test('destroy of a profile already deleted out of band succeeds', async () => {
    await ws.tf(['apply', '-auto-approve', '-no-color'], { env });
    const [profile] = ws.emulator.profiles();
    // Delete it between refresh and delete: destroy with -refresh=false sends DELETE for a gone id.
    ws.emulator.remove(profile.id);
    const result = await ws.tf(['destroy', '-auto-approve', '-refresh=false', '-no-color'], { env });
    expect(result.output).toContain('1 destroyed');
    expect(ws.state().resources).toHaveLength(0);
  });
});
