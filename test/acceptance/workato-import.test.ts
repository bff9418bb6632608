// Acceptance: adopting an existing account with workato-import (the compiled command, as a user
// runs it) and the real terraform CLI against the emulator. 250 profiles made by hand — Slack ones,
// colliding names, odd characters — are adopted from its output: the plan imports them all and
// changes nothing, apply writes nothing, the next plan is empty; a change to one asks for that
// profile's secret only. Each case has a workspace and emulator of its own.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { API_TOKEN, REPO_ROOT, withWorkspace, type Workspace } from './harness';

const COMMAND = join(REPO_ROOT, 'lib', 'cli', 'workato-import.js');
const flat = (text: string) => text.replace(/\s+/g, ' ');

function workatoImport(ws: Workspace, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [COMMAND, ...args], {
      cwd: ws.dir,
      env: { PATH: process.env.PATH, WORKATO_API_TOKEN: API_TOKEN, WORKATO_BASE_URL: ws.emulator.url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const ODD_NAMES = ['Acme HubSpot', 'Acme HubSpot', 'acme-hubspot', 'Ünïcödé — "quotes" ${var.x} %{ if true }', 'back\\slash', '2024 Sales', '!!!', 'Line\nbreak'];

/** 250 profiles: every 10th a Slack app (with a token), some with colliding or odd names. */
function seedAccount(ws: Workspace): void {
  for (let i = 1; i <= 250; i++) {
    const slack = i % 10 === 0;
    ws.emulator.seed({
      name: i <= ODD_NAMES.length ? ODD_NAMES[i - 1] : `Profile ${i}`,
      provider: slack ? 'slack' : i % 3 === 0 ? 'salesforce' : 'hubspot',
      client_id: `client-${i}`,
      client_secret: `hand-made-secret-${i}`,
      ...(slack ? { token: `hand-made-token-${i}` } : {}),
    });
  }
}

describe('workato-import', () => {
  test('adopts 250 hand-made profiles: 250 to import, 0 to change; apply writes nothing; then no changes', () =>
    withWorkspace(async (ws) => {
      seedAccount(ws);
      ws.writeConfig('');
      await ws.init();

      const before = ws.emulator.requests.length;
      const generate = await workatoImport(ws, []);
      expect(generate).toMatchObject({ code: 0, stdout: '' });
      expect(generate.stderr).toContain('wrote workato_profiles.tf: 250 of 250 profiles (read in 3 requests)');
      expect(ws.emulator.requests.length - before).toBeLessThanOrEqual(3);
      const generated = readFileSync(join(ws.dir, 'workato_profiles.tf'), 'utf8');
      expect(generated).not.toMatch(/hand-made-(secret|token)/);
      expect(generated).toContain('resource "workato_custom_oauth_profile" "acme_hubspot" {');
      expect(generated).toContain('resource "workato_custom_oauth_profile" "acme_hubspot_2" {');
      expect(generated).toContain('resource "workato_custom_oauth_profile" "acme_hubspot_3" {');
      expect(generated).toContain('name             = "Ünïcödé — \\"quotes\\" $${var.x} %%{ if true }"');
      expect(generated).toContain('resource "workato_custom_oauth_profile" "profile_2024_sales" {');
      expect(generated).toContain('  token_wo         = var.profile_10_token');

      const planStart = ws.emulator.requests.length;
      const plan = await ws.tf(['plan', '-no-color']);
      expect(flat(plan.output)).toContain('Plan: 250 to import, 0 to add, 0 to change, 0 to destroy.');
      expect(ws.emulator.requests.length - planStart).toBeLessThanOrEqual(6);

      const applyStart = ws.emulator.requests.length;
      const apply = await ws.tf(['apply', '-auto-approve', '-no-color'], { timeoutMs: 180_000 });
      expect(flat(apply.output)).toContain('Apply complete! Resources: 250 imported, 0 added, 0 changed, 0 destroyed.');
      expect(ws.emulator.requests.slice(applyStart).filter((r) => r.method !== 'GET')).toEqual([]);
      expect((await ws.tf(['plan', '-detailed-exitcode', '-no-color'])).code).toBe(0);

      // A change to one adopted profile asks for its secret, and only that one.
      writeFileSync(join(ws.dir, 'workato_profiles.tf'), generated.replace('name             = "Profile 42"', 'name             = "Profile 42 (renamed)"'));
      const refused = await ws.tf(['plan', '-no-color'], { allowFailure: true });
      expect(refused.code).toBe(1);
      expect(flat(refused.output).match(/Error: Missing client secret/g)).toHaveLength(1);
      expect(flat(refused.output)).toContain('with workato_custom_oauth_profile.profile_42,');
      const withSecret = await ws.tf(['plan', '-no-color'], { env: { TF_VAR_profile_42_client_secret: 'the-real-secret-42' } });
      expect(flat(withSecret.output)).toContain('Plan: 0 to add, 1 to change, 0 to destroy.');
      expect(withSecret.output).not.toContain('the-real-secret-42');
    }));

  test('filters by provider, name and id, writes cdktf code, and never overwrites a file without --force', () =>
    withWorkspace(async (ws) => {
      seedAccount(ws);
      const slack = await workatoImport(ws, ['--provider-name', 'slack', '--out', 'slack.tf']);
      expect(slack.stderr).toContain('wrote slack.tf: 25 of 250 profiles');
      const byName = await workatoImport(ws, ['--name-regex', '^Acme', '--id', '1', '--id', '2', '--out', 'acme.tf']);
      expect(byName.stderr).toContain('wrote acme.tf: 2 of 250 profiles');

      const again = await workatoImport(ws, ['--provider-name', 'slack', '--out', 'slack.tf']);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('slack.tf exists; pass --force to overwrite it');
      const requests = ws.emulator.requests.length;
      await workatoImport(ws, ['--provider-name', 'slack', '--out', 'slack.tf']);
      expect(ws.emulator.requests.length).toBe(requests); // refused before any request
      expect((await workatoImport(ws, ['--provider-name', 'hubspot', '--out', 'slack.tf', '--force'])).code).toBe(0);

      const ts = await workatoImport(ws, ['--format', 'cdktf', '--id', '10']);
      expect(ts.code).toBe(0);
      expect(existsSync(join(ws.dir, 'workato-profiles.ts'))).toBe(true);
      const code = readFileSync(join(ws.dir, 'workato-profiles.ts'), 'utf8');
      expect(code).toContain("import { CustomOAuthProfile } from 'cdktf-provider-workato';");
      expect(code).toContain("profiles[\"profile_10\"].importFrom(10);");

      const bad = await workatoImport(ws, ['--format', 'yaml']);
      expect(bad).toMatchObject({ code: 1 });
      expect(bad.stderr).toContain('--format is hcl, cdktf or cdktn, not "yaml"');
    }));
});
