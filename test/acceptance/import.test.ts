// Acceptance: bringing existing profiles under Terraform with `terraform import` and `import {}`.
// Each case is independent: its own workspace and emulator (run one with -t).
import type { StoredProfile } from '../../src/emulator';
import { expr, profileResource, resourceAttributes, resourceTest, sensitiveVariable, withWorkspace, type Workspace } from './harness';

const SECRET = 'import-secret-61b0d2';
const env = { TF_VAR_client_secret: SECRET };
const ADDRESS = 'workato_custom_oauth_profile.sf';

const resourceBlock = (name: string) => `
${sensitiveVariable('client_secret')}
${profileResource(name, { name: 'Existing Salesforce', provider_name: 'salesforce', client_id: 'sf-client', client_secret: expr('var.client_secret') })}`;

/** The profile that exists in Workato before Terraform knows of it. */
const seedExisting = (ws: Pick<Workspace, 'emulator'>): StoredProfile =>
  ws.emulator.seed({
    name: 'Existing Salesforce',
    provider: 'salesforce',
    client_id: 'sf-client',
    client_secret: 'old-secret',
  });

/** The id the `import {}` case's emulator gives its first profile, so that the block can name it. */
const IMPORT_BLOCK_ID = 4_201;

describe('importing custom OAuth profiles', () => {
  // `terraform import` into the workspace's own state, then plan and apply from it: a sequence of
  // commands on one state, where resourceTest's import step imports into a separate state.
  test('terraform import reads the profile; the next plan only re-sends the secret', () =>
    withWorkspace(async (ws) => {
      const existing = seedExisting(ws);
      ws.writeConfig(resourceBlock('sf'));
      await ws.init();

      const result = await ws.tf(['import', '-no-color', ADDRESS, String(existing.id)], { env });
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
    }));

  test('an import {} block imports during plan and apply', async () => {
    let existing: StoredProfile | undefined;
    await resourceTest({
      env,
      emulator: { firstId: IMPORT_BLOCK_ID },
      steps: [
        {
          name: 'plan',
          config: `${resourceBlock('sf')}
import {
  to = ${ADDRESS}
  id = "${IMPORT_BLOCK_ID}"
}
`,
          preConfig(ctx) {
            existing = seedExisting(ctx);
            expect(existing.id).toBe(IMPORT_BLOCK_ID);
          },
          planOnly: true,
          expectNonEmptyPlan: true,
          check: (ctx) => expect(ctx.plan!.output).toContain('1 to import, 0 to add, 1 to change, 0 to destroy'),
        },
        {
          name: 'apply',
          check(ctx) {
            expect(ctx.emulator.profiles()).toHaveLength(1);
            expect(ctx.attributes(ADDRESS).id).toBe(String(existing!.id));
          },
        },
      ],
    });
  });

  test('an id that is not a number is refused with a clear error', async () => {
    await resourceTest({
      env,
      steps: [
        {
          config: resourceBlock('sf'),
          importState: true,
          resourceName: ADDRESS,
          importStateId: 'my-profile',
          expectError: /Invalid import id/,
          check(ctx) {
            expect(ctx.result!.code).toBe(1);
            expect(ctx.result!.output).toContain('Invalid import id');
            expect(ctx.result!.output).toContain('numeric id');
          },
        },
      ],
    });
  });

  test('importing an id that does not exist says so', async () => {
    await resourceTest({
      env,
      steps: [
        {
          config: resourceBlock('sf'),
          importState: true,
          resourceName: ADDRESS,
          importStateId: '999999',
          expectError: /Cannot import non-existent remote object/,
          check: (ctx) => expect(ctx.result!.code).toBe(1),
        },
      ],
    });
  });
});
