// Acceptance: adopting profiles whose secrets nobody has at hand ("a secret is needed only when
// something is sent"). Terraform's own `plan -generate-config-out` output plans clean with no
// edits; an adopted profile the plan leaves alone needs no secret; a change to it asks for the
// secret, and plans with it. Each case has a workspace and emulator of its own.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expr, profileResource, sensitiveVariable, withWorkspace } from './harness';

const flat = (text: string) => text.replace(/\s+/g, ' ');
const importBlock = (to: string, id: number) => `import {\n  to = workato_custom_oauth_profile.${to}\n  id = "${id}"\n}\n`;

describe('adopting existing profiles without their secrets', () => {
  test('import {} blocks with plan -generate-config-out: "3 to import, 0 to change", apply writes nothing, then no changes', () =>
    withWorkspace(async (ws) => {
      const seeded = [
        ws.emulator.seed({ name: 'HubSpot (prod)', provider: 'hubspot', client_id: 'hs', client_secret: 'unknown-1' }),
        ws.emulator.seed({ name: 'Slack "ops"', provider: 'slack', client_id: 'sl', client_secret: 'unknown-2', token: 'unknown-3' }),
        ws.emulator.seed({ name: 'Salesforce', provider: 'salesforce', client_id: 'sf', client_secret: 'unknown-4' }),
      ];
      ws.writeConfig(seeded.map((p, i) => importBlock(`p${i + 1}`, p.id)).join('\n'));
      await ws.init();

      const generate = await ws.tf(['plan', '-generate-config-out=generated.tf', '-no-color']);
      expect(flat(generate.output)).toContain('Plan: 3 to import, 0 to add, 0 to change, 0 to destroy.');
      const generated = readFileSync(join(ws.dir, 'generated.tf'), 'utf8');
      expect(generated).toMatch(/client_secret += null # sensitive/);
      expect(generated).toMatch(/name += "Slack \\"ops\\""/);

      const writesBefore = ws.emulator.requests.filter((r) => r.method !== 'GET').length;
      const apply = await ws.tf(['apply', '-auto-approve', '-no-color']);
      expect(flat(apply.output)).toContain('Apply complete! Resources: 3 imported, 0 added, 0 changed, 0 destroyed.');
      expect(ws.emulator.requests.filter((r) => r.method !== 'GET').length).toBe(writesBefore);
      expect((await ws.tf(['plan', '-detailed-exitcode', '-no-color'])).code).toBe(0);
    }));

  test('an adopted profile left alone needs no secret; renaming it asks for the secret, and plans "1 to change" with it', () =>
    withWorkspace(async (ws) => {
      const existing = ws.emulator.seed({ name: 'Existing HubSpot', provider: 'hubspot', client_id: 'hs', client_secret: 'nobody-knows' });
      const config = (name: string) =>
        `${importBlock('hubspot', existing.id)}
variable "hubspot_client_secret" {
  type      = string
  sensitive = true
  ephemeral = true
  default   = null
}
${profileResource('hubspot', { name, provider_name: 'hubspot', client_id: 'hs', client_secret_wo: expr('var.hubspot_client_secret') })}`;
      ws.writeConfig(config('Existing HubSpot'));
      await ws.init();
      const adopt = await ws.tf(['apply', '-auto-approve', '-no-color']);
      expect(flat(adopt.output)).toContain('Resources: 1 imported, 0 added, 0 changed, 0 destroyed.');
      expect((await ws.tf(['plan', '-detailed-exitcode', '-no-color'])).code).toBe(0);

      ws.writeConfig(config('Renamed HubSpot'));
      const requestsBefore = ws.emulator.requests.length;
      const refused = await ws.tf(['plan', '-no-color'], { allowFailure: true });
      expect(refused.code).toBe(1);
      expect(flat(refused.output)).toContain(
        `Error: Missing client secret with workato_custom_oauth_profile.hubspot, on main.tf`,
      );
      expect(flat(refused.output)).toContain(`This plan updates profile ${existing.id} (a PUT sends the whole profile): it would send name "Renamed HubSpot", provider_name and client_id`);
      expect(ws.emulator.requests.slice(requestsBefore).filter((r) => r.method !== 'GET')).toEqual([]);

      const planned = await ws.tf(['plan', '-no-color'], { env: { TF_VAR_hubspot_client_secret: 'the-rotated-secret-1' } });
      expect(flat(planned.output)).toContain('Plan: 0 to add, 1 to change, 0 to destroy.');
      await ws.tf(['apply', '-auto-approve', '-no-color'], { env: { TF_VAR_hubspot_client_secret: 'the-rotated-secret-1' } });
      expect(ws.emulator.profile(existing.id)).toMatchObject({ name: 'Renamed HubSpot', data: { client_secret: 'the-rotated-secret-1' } });
      // Its variable left without a value again means "not given this time": nothing to send.
      const after = await ws.tf(['plan', '-detailed-exitcode', '-no-color']);
      expect(after.code).toBe(0);
      expect(after.output).not.toContain('Warning');
    }));

  test('a hand-written resource without any secret attribute adopts cleanly too', () =>
    withWorkspace(async (ws) => {
      const existing = ws.emulator.seed({ name: 'Slack', provider: 'slack', client_id: 'sl', client_secret: 'x', token: 'y' });
      ws.writeConfig(`${importBlock('slack', existing.id)}${sensitiveVariable('unused')}${profileResource('slack', { name: 'Slack', provider_name: 'slack', client_id: 'sl' })}`);
      await ws.init();
      const plan = await ws.tf(['plan', '-no-color'], { env: { TF_VAR_unused: 'x' } });
      expect(flat(plan.output)).toContain('Plan: 1 to import, 0 to add, 0 to change, 0 to destroy.');
    }));
});
