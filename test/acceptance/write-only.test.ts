// Acceptance: write-only secrets (Terraform 1.11+) reach Workato, never the plan or the state, and
// are re-sent when their version changes.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expr, profileResource, resourceAttributes, sensitiveVariable, Workspace, workspace } from './harness';

const config = (version: number) => `
${sensitiveVariable('slack_client_secret', { ephemeral: true })}
${sensitiveVariable('slack_token', { ephemeral: true })}
${profileResource('slack', {
  name: 'Acme Slack',
  provider_name: 'slack',
  client_id: 'slack-client',
  client_secret_wo: expr('var.slack_client_secret'),
  client_secret_wo_version: version,
  token_wo: expr('var.slack_token'),
  token_wo_version: 1,
})}`;

describe('write-only secrets', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await workspace();
    ws.writeConfig(config(1));
    await ws.init();
  });
  afterAll(async () => ws?.close());

  const env = (secret: string) => ({ TF_VAR_slack_client_secret: secret, TF_VAR_slack_token: 'xoxb-wo-token-1d2e' });

  test('the secret is sent on create and absent from the plan file and the state', async () => {
    const plan = await ws.tf(['plan', '-out=tfplan', '-no-color'], { env: env('wo-secret-v1-8f2a') });
    expect(plan.output).toContain('1 to add');
    const show = await ws.tf(['show', '-json', 'tfplan'], { env: env('wo-secret-v1-8f2a') });
    expect(show.stdout).not.toContain('wo-secret-v1-8f2a');
    expect(show.stdout).not.toContain('xoxb-wo-token-1d2e');
    expect(readFileSync(join(ws.dir, 'tfplan')).toString('latin1')).not.toContain('wo-secret-v1-8f2a');

    await ws.tf(['apply', '-auto-approve', '-no-color'], { env: env('wo-secret-v1-8f2a') });
    const [profile] = ws.emulator.profiles();
    expect(profile.data).toEqual({ client_id: 'slack-client', client_secret: 'wo-secret-v1-8f2a', token: 'xoxb-wo-token-1d2e' });

    const attrs = resourceAttributes(ws.state(), 'workato_custom_oauth_profile', 'slack');
    expect(attrs.client_secret_wo).toBeNull();
    expect(attrs.token_wo).toBeNull();
    expect(attrs.client_secret_wo_version).toBe(1);
    for (const file of readdirSync(ws.dir).filter((f) => f.includes('tfstate'))) {
      const text = readFileSync(join(ws.dir, file), 'utf8');
      expect(text).not.toContain('wo-secret-v1-8f2a');
      expect(text).not.toContain('xoxb-wo-token-1d2e');
    }
  });

  test('a new value alone changes nothing; bumping the version re-sends it', async () => {
    const plan = await ws.tf(['plan', '-detailed-exitcode', '-no-color'], { env: env('wo-secret-v2-93cc') });
    expect(plan.code).toBe(0);

    ws.writeConfig(config(2));
    const puts = ws.emulator.requestCount({ method: 'PUT' });
    const apply = await ws.tf(['apply', '-auto-approve', '-no-color'], { env: env('wo-secret-v2-93cc') });
    expect(apply.output).toContain('1 changed');
    expect(ws.emulator.requestCount({ method: 'PUT' })).toBe(puts + 1);
    expect(ws.emulator.profiles()[0].data.client_secret).toBe('wo-secret-v2-93cc');
    expect(ws.stateText()).not.toContain('wo-secret-v2-93cc');
    expect(resourceAttributes(ws.state(), 'workato_custom_oauth_profile', 'slack').client_secret_wo_version).toBe(2);
  });

  test('adding or removing a write-only token without a version still reaches Workato', async () => {
    const hubspot = (tokenWo?: string) =>
      sensitiveVariable('secret') +
      sensitiveVariable('token') +
      profileResource('hubspot', {
        name: 'Acme HubSpot',
        provider_name: 'hubspot',
        client_id: 'hubspot-client',
        client_secret: expr('var.secret'),
        token_wo: tokenWo === undefined ? undefined : expr(tokenWo),
      });
    const env = { TF_VAR_secret: 'hubspot-secret-2c4d', TF_VAR_token: 'hubspot-token-77aa' };
    ws.writeConfig(hubspot());
    await ws.tf(['apply', '-auto-approve', '-no-color'], { env });
    const id = Number(resourceAttributes(ws.state(), 'workato_custom_oauth_profile', 'hubspot').id);
    expect(ws.emulator.profile(id)?.data.token).toBeUndefined();

    ws.writeConfig(hubspot('var.token'));
    const plan = await ws.tf(['plan', '-no-color'], { env });
    expect(plan.output).toContain('1 to change');
    expect(plan.output).toContain('Warning: token_wo was added');
    await ws.tf(['apply', '-auto-approve', '-no-color'], { env });
    expect(ws.emulator.profile(id)?.data.token).toBe('hubspot-token-77aa');
    expect((await ws.tf(['plan', '-detailed-exitcode', '-no-color'], { env })).code).toBe(0);

    ws.writeConfig(hubspot());
    await ws.tf(['apply', '-auto-approve', '-no-color'], { env });
    expect(ws.emulator.profile(id)?.data.token).toBeUndefined();
    expect((await ws.tf(['plan', '-detailed-exitcode', '-no-color'], { env })).code).toBe(0);
    expect(ws.stateText()).not.toContain('hubspot-token-77aa');
  });
});
