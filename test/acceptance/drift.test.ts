// Acceptance: workato-drift against a real Terraform directory and the emulator — clean (exit 0),
// changed and deleted outside Terraform (exit 2, Markdown and JSON), errors (exit 1), no secrets.
// Each case applies two profiles in its own workspace, then runs workato-drift.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expr, profileResource, REPO_ROOT, resourceTest, sensitiveVariable, type StepContext, Workspace, workspace } from './harness';

const SECRET = 'drift-secret-0b7e44';
const DRIFT_BIN = join(REPO_ROOT, 'lib', 'cli', 'workato-drift.js');

function drift(
  ws: Workspace,
  args: string[] = [],
  extraEnv: Record<string, string | undefined> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DRIFT_BIN, ws.dir, ...args], {
      env: {
        ...process.env,
        TF_CLI_CONFIG_FILE: join(ws.dir, '.terraformrc'),
        CHECKPOINT_DISABLE: '1',
        WORKATO_API_TOKEN: 'wrkprod-acceptance-test-token-7f3a',
        TF_VAR_secret: SECRET,
        TF_LOG: '',
        ...extraEnv,
      },
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

const secret = expr('var.secret');
const CONFIG = [
  sensitiveVariable('secret'),
  profileResource('hubspot', { name: 'Acme HubSpot', provider_name: 'hubspot', client_id: 'hubspot-client', client_secret: secret }),
  profileResource('salesforce', { name: 'Acme Salesforce', provider_name: 'salesforce', client_id: 'sf-client', client_secret: secret }),
].join('');

/** Applies CONFIG in a workspace of its own, then runs `check` (which runs workato-drift). */
function afterApply(check: (ctx: StepContext) => Promise<void>): Promise<void> {
  return resourceTest({ env: { TF_VAR_secret: SECRET }, steps: [{ config: CONFIG, check }] });
}

/** Renames the HubSpot profile (and rotates its secret) and deletes the Salesforce one, in Workato. */
function changeOutOfBand(ctx: StepContext): { hubspotId: number } {
  const hubspotId = Number(ctx.attributes('workato_custom_oauth_profile.hubspot').id);
  ctx.emulator.modify(hubspotId, { name: 'Renamed in Workato', client_secret: 'rotated-in-ui' });
  ctx.emulator.remove(Number(ctx.attributes('workato_custom_oauth_profile.salesforce').id));
  return { hubspotId };
}

describe('workato-drift', () => {
  test('reports nothing and exits 0 when Workato matches the configuration', async () => {
    await afterApply(async (ctx) => {
      const result = await drift(ctx.ws);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('No drift');
      expect(result.stdout).toContain('cannot be compared');
    });
  });

  test('a profile that connections start to use is not drift', async () => {
    await afterApply(async (ctx) => {
      ctx.emulator.modify(Number(ctx.attributes('workato_custom_oauth_profile.hubspot').id), { shared_accounts_count: 3, oem_customers_count: 1 });
      const result = await drift(ctx.ws);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('No drift');
    });
  });

  test('reports changed and deleted profiles in Markdown and exits 2', async () => {
    await afterApply(async (ctx) => {
      const { hubspotId } = changeOutOfBand(ctx);
      const result = await drift(ctx.ws);
      expect(result.code).toBe(2);
      const md = result.stdout;
      expect(md).toContain('**1** changed outside Terraform');
      expect(md).toContain('**1** deleted outside Terraform');
      expect(md).toContain(`### \`workato_custom_oauth_profile.hubspot\` (id ${hubspotId}): changed outside Terraform`);
      expect(md).toContain('| `name` | `Acme HubSpot` | `Renamed in Workato` | `Acme HubSpot` |');
      expect(md).toContain('`workato_custom_oauth_profile.salesforce`');
      expect(md).toContain('deleted outside Terraform');
      expect(md).toContain('Apply would create it.');
      expect(md).toContain('Apply would update it in place');
      expect(md).not.toContain(SECRET);
      expect(md).not.toContain('rotated-in-ui');
    });
  });

  test('writes JSON on request', async () => {
    await afterApply(async (ctx) => {
      changeOutOfBand(ctx);
      const result = await drift(ctx.ws, ['--format', 'json']);
      expect(result.code).toBe(2);
      const report = JSON.parse(result.stdout);
      expect(report.summary).toMatchObject({ changedOutside: 1, deletedOutside: 1, toCreate: 1, toUpdate: 1 });
      const hubspot = report.profiles.find((p: { address: string }) => p.address === 'workato_custom_oauth_profile.hubspot');
      expect(hubspot.differences).toEqual([
        { field: 'name', declared: 'Acme HubSpot', live: 'Renamed in Workato', lastApplied: 'Acme HubSpot' },
      ]);
      expect(result.stdout).not.toContain(SECRET);
      expect(result.stdout).not.toContain('rotated-in-ui');
    });
  });

  test('passes plan arguments after -- (e.g. a var file) and says how when a variable is missing', async () => {
    await afterApply(async (ctx) => {
      const missing = await drift(ctx.ws, [], { TF_VAR_secret: undefined });
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('No value for required variable');
      expect(missing.stderr).toContain('-- -var-file=');

      changeOutOfBand(ctx);
      writeFileSync(join(ctx.ws.dir, 'secrets.tfvars'), `secret = "${SECRET}"\n`);
      const withFile = await drift(ctx.ws, ['--format', 'json', '--', '-var-file=secrets.tfvars'], { TF_VAR_secret: undefined });
      expect(withFile.code).toBe(2);
      expect(withFile.stdout).not.toContain(SECRET);
    });
  });

  test('exits 1 with a message that says what to do', async () => {
    const ws = await workspace();
    const bare = mkdtempSync(join(tmpdir(), 'workato-drift-bare-'));
    try {
      const gone = await drift({ ...ws, dir: join(ws.dir, 'no-such-dir') } as Workspace);
      expect(gone.code).toBe(1);
      expect(gone.stderr).toContain('does not exist');

      const uninitialized = await drift({ ...ws, dir: bare } as Workspace);
      expect(uninitialized.code).toBe(1);
      expect(uninitialized.stderr).toContain('terraform init -plugin-dir=');

      writeFileSync(join(bare, 'cdktf.json'), '{}');
      mkdirSync(join(bare, 'cdktf.out', 'stacks', 'prod'), { recursive: true });
      const cdktfRoot = await drift({ ...ws, dir: bare } as Workspace);
      expect(cdktfRoot.stderr).toContain(join(bare, 'cdktf.out', 'stacks', 'prod'));
    } finally {
      rmSync(bare, { recursive: true, force: true });
      await ws.close();
    }
  });
});
