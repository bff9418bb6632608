// Acceptance: the workato_custom_oauth_profile and workato_custom_oauth_profiles data sources,
// the list reading every page.
import type { Emulator } from '../../src/emulator';
import { dataAttributes, resourceTest, withWorkspace } from './harness';

/** 230 profiles, every third a Slack one with a token: three pages of the list (100, 100, 30). */
function seedProfiles(emulator: Emulator): void {
  for (let i = 1; i <= 230; i++) {
    emulator.seed({
      name: `Profile ${i}`,
      provider: i % 3 === 0 ? 'slack' : 'hubspot',
      client_id: `client-${i}`,
      client_secret: `secret-${i}`,
      ...(i % 3 === 0 ? { token: `token-${i}` } : {}),
    });
  }
}

// Each case has a workspace and emulator of its own, seeded alike (run one with -t).
describe('data sources', () => {
  // The listing's request count is of the apply alone, which resourceTest's plan after apply would
  // add to: a sequence of commands in a workspace of its own.
  test('workato_custom_oauth_profiles reads every page and filters exactly', () =>
    withWorkspace(async (ws) => {
      seedProfiles(ws.emulator);
      const target = ws.emulator.profiles()[204];
      ws.writeConfig(`
data "workato_custom_oauth_profiles" "all" {}

data "workato_custom_oauth_profiles" "slack" {
  provider_name = "slack"
}

data "workato_custom_oauth_profiles" "by_name" {
  name = "${target.name}"
}

data "workato_custom_oauth_profile" "one" {
  id = "${target.id}"
}

output "all_count" { value = length(data.workato_custom_oauth_profiles.all.profiles) }
output "slack_count" { value = length(data.workato_custom_oauth_profiles.slack.profiles) }
output "by_name_ids" { value = data.workato_custom_oauth_profiles.by_name.profiles[*].id }
output "one_client_id" { value = data.workato_custom_oauth_profile.one.client_id }
`);
      await ws.init();
      const listsBefore = ws.emulator.requestCount({ method: 'GET', path: '/api/custom_oauth_profiles' });
      await ws.tf(['apply', '-auto-approve', '-no-color']);
      // Three pages (100, 100, 30), once: the data sources of one provider process share the listing.
      expect(ws.emulator.requestCount({ method: 'GET', path: '/api/custom_oauth_profiles' }) - listsBefore).toBe(3);

      const out = JSON.parse((await ws.tf(['output', '-json'])).stdout);
      expect(out.all_count.value).toBe(230);
      expect(out.slack_count.value).toBe(76);
      expect(out.by_name_ids.value).toEqual([String(target.id)]);
      expect(out.one_client_id.value).toBe(target.data.client_id);

      const all = dataAttributes(ws.state(), 'workato_custom_oauth_profiles', 'all');
      expect((all.profiles as unknown[])[0]).toEqual({
        id: String(ws.emulator.profiles()[0].id),
        name: 'Profile 1',
        provider_name: 'hubspot',
        client_id: 'client-1',
        user_id: ws.emulator.profiles()[0].user_id,
        shared_accounts_count: 0,
        oem_customers_count: 0,
        created_at: ws.emulator.profiles()[0].created_at,
        updated_at: ws.emulator.profiles()[0].updated_at,
      });
      const one = dataAttributes(ws.state(), 'workato_custom_oauth_profile', 'one');
      expect(Object.keys(one).sort()).toEqual(
        ['client_id', 'created_at', 'id', 'name', 'oem_customers_count', 'provider_name', 'shared_accounts_count', 'updated_at', 'user_id'],
      );
      expect(ws.stateText()).not.toMatch(/secret-\d|token-\d/);
    }));

  test('a missing id is a clear error on the attribute', async () => {
    await resourceTest({
      steps: [
        {
          config: `
data "workato_custom_oauth_profile" "missing" {
  id = "424242"
}
`,
          preConfig: (ctx) => seedProfiles(ctx.emulator),
          planOnly: true,
          expectError: /Custom OAuth profile not found/,
          check(ctx) {
            expect(ctx.plan!.code).toBe(1);
            expect(ctx.plan!.output).toContain('Custom OAuth profile not found');
            expect(ctx.plan!.output).toContain('id = "424242"');
          },
        },
      ],
    });
  });
});
