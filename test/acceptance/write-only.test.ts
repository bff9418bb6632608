// Acceptance: write-only secrets (Terraform 1.11+) reach Workato, never the plan or the state, and
// are re-sent when their version changes. Each case has its own workspace.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expr, profileResource, resourceTest, sensitiveVariable, type StepContext } from './harness';

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

const ADDRESS = 'workato_custom_oauth_profile.slack';
const TOKEN = 'xoxb-wo-token-1d2e';
const secret = (value: string) => ({ TF_VAR_slack_client_secret: value });

describe('write-only secrets', () => {
  test('the secret is sent on create and absent from the plan file and the state', async () => {
    await resourceTest({
      env: { TF_VAR_slack_token: TOKEN, ...secret('wo-secret-v1-8f2a') },
      steps: [
        {
          config: config(1),
          async preConfig(ctx) {
            const plan = await ctx.tf(['plan', '-out=tfplan', '-no-color']);
            expect(plan.output).toContain('1 to add');
            const show = await ctx.tf(['show', '-json', 'tfplan']);
            expect(show.stdout).not.toContain('wo-secret-v1-8f2a');
            expect(show.stdout).not.toContain(TOKEN);
            expect(readFileSync(join(ctx.ws.dir, 'tfplan')).toString('latin1')).not.toContain('wo-secret-v1-8f2a');
          },
          check(ctx) {
            const [profile] = ctx.emulator.profiles();
            expect(profile.data).toEqual({ client_id: 'slack-client', client_secret: 'wo-secret-v1-8f2a', token: TOKEN });
            const attrs = ctx.attributes(ADDRESS);
            expect(attrs.client_secret_wo).toBeNull();
            expect(attrs.token_wo).toBeNull();
            expect(attrs.client_secret_wo_version).toBe(1);
            for (const file of readdirSync(ctx.ws.dir).filter((f) => f.includes('tfstate'))) {
              const text = readFileSync(join(ctx.ws.dir, file), 'utf8');
              expect(text).not.toContain('wo-secret-v1-8f2a');
              expect(text).not.toContain(TOKEN);
            }
          },
        },
      ],
    });
  });

  test('a new value alone changes nothing; bumping the version re-sends it', async () => {
    await resourceTest({
      env: { TF_VAR_slack_token: TOKEN },
      steps: [
        { config: config(1), env: secret('wo-secret-v1-8f2a') },
        { planOnly: true, env: secret('wo-secret-v2-93cc') },
        {
          config: config(2),
          env: secret('wo-secret-v2-93cc'),
          check(ctx) {
            expect(ctx.result!.output).toContain('1 changed');
            expect(ctx.emulator.requestCount({ method: 'PUT' })).toBe(1);
            expect(ctx.emulator.profiles()[0].data.client_secret).toBe('wo-secret-v2-93cc');
            expect(ctx.ws.stateText()).not.toContain('wo-secret-v2-93cc');
            expect(ctx.attributes(ADDRESS).client_secret_wo_version).toBe(2);
          },
        },
      ],
    });
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
    const token = (ctx: StepContext) => ctx.emulator.profiles()[0].data.token;
    await resourceTest({
      env: { TF_VAR_secret: 'hubspot-secret-2c4d', TF_VAR_token: 'hubspot-token-77aa' },
      steps: [
        { config: hubspot(), check: (ctx) => expect(token(ctx)).toBeUndefined() },
        {
          config: hubspot('var.token'),
          check(ctx) {
            expect(ctx.plan!.output).toContain('1 to change');
            expect(ctx.plan!.output).toContain('Warning: token_wo was added');
            expect(token(ctx)).toBe('hubspot-token-77aa');
          },
        },
        {
          config: hubspot(),
          check(ctx) {
            expect(token(ctx)).toBeUndefined();
            expect(ctx.ws.stateText()).not.toContain('hubspot-token-77aa');
          },
        },
      ],
    });
  });
});
