// Acceptance: bringing existing profiles under Terraform with `terraform import` and `import {}`.
import { expr, profileResource, resourceAttributes, sensitiveVariable, Workspace, workspace } from './harness';

const SECRET = 'import-secret-61b0d2';
const env = { TF_VAR_client_secret: SECRET };

const resourceBlock = (name: string) => `
${sensitiveVariable('client_secret')}
${profileResource(name, { name: 'Existing Salesforce', provider_name: 'salesforce', client_id: 'sf-client', client_secret: expr('var.client_secret') })}`;

describe('importing custom OAuth profiles', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await workspace();
  });
  afterEach(async () => ws?.close());

  test('terraform import reads the profile; the next plan only re-sends the secret', async () => {
    const existing = ws.emulator.seed({
      name: 'Existing Salesforce',
      provider: 'salesforce',
      client_id: 'sf-client',
      client_secret: 'old-secret',
    });
    ws.writeConfig(resourceBlock('sf'));
    await ws.init();

    const result = await ws.tf(['import', '-no-color', 'workato_custom_oauth_profile.sf', String(existing.id)], { env });
    expect(result.output).toContain('Import successful!');
    const attrs = resourceAttributes(ws.state(), 'workato_custom_oauth_profile', 'sf');
    expect(attrs).toMatchObject({
      id: String(existing.id),
      name: 'Existing Salesforce',
      provider_name: 'salesforce',
      client_id: 'sf-client',
      client_secret: null,
      created_at: existing.created_at,
    });

    // Workato never returns the secret, so Terraform sets it once from the configuration.
    const plan = await ws.tf(['plan', '-no-color'], { env });
    expect(plan.output).toContain('0 to add, 1 to change, 0 to destroy');
    expect(plan.output).toContain('client_secret');
    expect(plan.output).not.toContain(SECRET);

    await ws.tf(['apply', '-auto-approve', '-no-color'], { env });
    expect(ws.emulator.profile(existing.id)?.data.client_secret).toBe(SECRET);
    expect(ws.emulator.profiles()).toHaveLength(1);
    expect((await ws.tf(['plan', '-detailed-exitcode', '-no-color'], { env })).code).toBe(0);
  });

  test('an import {} block imports during plan and apply', async () => {
    const existing = ws.emulator.seed({
      name: 'Existing Salesforce',
      provider: 'salesforce',
      client_id: 'sf-client',
      client_secret: 'old-secret',
    });
    ws.writeConfig(`${resourceBlock('sf')}
import {
  to = workato_custom_oauth_profile.sf
  id = "${existing.id}"
}
`);
    await ws.init();
    const plan = await ws.tf(['plan', '-no-color'], { env });
    expect(plan.output).toContain('1 to import, 0 to add, 1 to change, 0 to destroy');

    await ws.tf(['apply', '-auto-approve', '-no-color'], { env });
    expect(ws.emulator.profiles()).toHaveLength(1);
    expect(resourceAttributes(ws.state(), 'workato_custom_oauth_profile', 'sf').id).toBe(String(existing.id));
  });

  test('an id that is not a number is refused with a clear error', async () => {
    ws.writeConfig(resourceBlock('sf'));
    await ws.init();
    const result = await ws.tf(['import', '-no-color', 'workato_custom_oauth_profile.sf', 'my-profile'], {
      env,
      allowFailure: true,
    });
    expect(result.code).toBe(1);
    expect(result.output).toContain('Invalid import id');
    expect(result.output).toContain('numeric id');
  });

  test('importing an id that does not exist says so', async () => {
    ws.writeConfig(resourceBlock('sf'));
    await ws.init();
    const result = await ws.tf(['import', '-no-color', 'workato_custom_oauth_profile.sf', '999999'], {
      env,
      allowFailure: true,
    });
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/Cannot import non-existent remote object/);
  });
});
