// Acceptance: a user's own CDKTF app (written here, not the example) using CustomOAuthProfile
// synthesizes, applies against the emulator with the real terraform CLI, and keeps secrets out of
// cdktf.out.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, LocalBackend, TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { CustomOAuthProfile, WorkatoProvider } from '../../src/cdktf';
import { withWorkspace } from './harness';

const SECRET = 'cdktf-user-app-secret-4be1';
const TOKEN = 'xoxb-cdktf-user-app-token-90af';

class SalesOps extends TerraformStack {
  constructor(scope: Construct, id: string, baseUrl: string, statePath: string) {
    super(scope, id);
    new LocalBackend(this, { path: statePath });
    new WorkatoProvider(this, 'workato', { baseUrl, requestsPerMinute: 600 });
    const secret = new TerraformVariable(this, 'client_secret', { type: 'string', sensitive: true });
    const token = new TerraformVariable(this, 'slack_token', { type: 'string', sensitive: true });
    const salesforce = new CustomOAuthProfile(this, 'salesforce', {
      name: 'Sales Ops Salesforce',
      providerName: 'salesforce',
      clientId: 'sales-ops-sf',
      clientSecret: secret.stringValue,
    });
    const slack = new CustomOAuthProfile(this, 'slack', {
      name: 'Sales Ops Slack',
      providerName: 'slack',
      clientId: 'sales-ops-slack',
      clientSecretWriteOnly: secret.stringValue,
      clientSecretWriteOnlyVersion: 1,
      tokenWriteOnly: token.stringValue,
      tokenWriteOnlyVersion: 1,
    });
    new TerraformOutput(this, 'salesforce_id', { value: salesforce.profileId });
    new TerraformOutput(this, 'slack_created_at', { value: slack.createdAt });
  }
}

describe("a user's own CDKTF app", () => {
  test('synthesizes and applies against the emulator', () =>
    withWorkspace(async (ws) => {
      const outdir = join(ws.dir, 'cdktf.out');
      const app = new App({ outdir });
      const statePath = join(ws.dir, 'sales-ops.tfstate');
      new SalesOps(app, 'sales-ops', ws.emulator.url, statePath);
      app.synth();
      const stackDir = join(outdir, 'stacks', 'sales-ops');
      const synthesized = readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8');
      expect(synthesized).not.toContain(SECRET);
      expect(JSON.parse(synthesized).resource.workato_custom_oauth_profile).toHaveProperty('salesforce');

      const env = { TF_VAR_client_secret: SECRET, TF_VAR_slack_token: TOKEN };
      await ws.init(stackDir);
      const apply = await ws.tf(['apply', '-auto-approve', '-no-color'], { cwd: stackDir, env });
      expect(apply.output).toContain('2 added');
      expect(apply.output).not.toContain(SECRET);

      const byProvider = Object.fromEntries(ws.emulator.profiles().map((p) => [p.provider, p]));
      expect(byProvider.salesforce.data).toEqual({ client_id: 'sales-ops-sf', client_secret: SECRET });
      expect(byProvider.slack.data).toEqual({ client_id: 'sales-ops-slack', client_secret: SECRET, token: TOKEN });

      const plan = await ws.tf(['plan', '-detailed-exitcode', '-no-color'], { cwd: stackDir, env });
      expect(plan.code).toBe(0);
      const state = readFileSync(statePath, 'utf8');
      expect(state).not.toContain(TOKEN); // write-only: never stored

      await ws.tf(['destroy', '-auto-approve', '-no-color'], { cwd: stackDir, env });
      expect(ws.emulator.profiles()).toHaveLength(0);
    }));
});
