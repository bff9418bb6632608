// workato-import's pure parts: selection, stable Terraform names, and escaping in the output.
import type { Profile } from '../client/client';
import { hclString, nameProfiles, renderHcl, renderTypeScript, selectProfiles } from './import';

const profile = (id: number, name: string, provider = 'hubspot'): Profile => ({
  id,
  name,
  provider,
  user_id: 1,
  data: { client_id: `c${id}` },
  shared_accounts_count: 0,
  oem_customers_count: 0,
  created_at: null,
  updated_at: null,
});

describe('nameProfiles', () => {
  test('lower case, _ for anything else, a suffix in id order where names collide', () => {
    const names = nameProfiles([profile(9, 'Acme HubSpot'), profile(3, 'acme-hubspot'), profile(5, 'ACME  HubSpot!'), profile(7, '2024 Sales'), profile(8, '¡!'), profile(10, 'Crème brûlée')]);
    expect(names.map((a) => [a.profile.id, a.name])).toEqual([
      [3, 'acme_hubspot'],
      [5, 'acme_hubspot_2'],
      [7, 'profile_2024_sales'],
      [8, 'profile'],
      [9, 'acme_hubspot_3'],
      [10, 'creme_brulee'],
    ]);
  });

  test('is stable: the same profiles in any order get the same names; Slack apps get a token variable', () => {
    const ps = [profile(1, 'A'), profile(2, 'a'), profile(3, 'S', 'slack')];
    expect(nameProfiles([...ps].reverse())).toEqual(nameProfiles(ps));
    expect(nameProfiles(ps)[2]).toMatchObject({ name: 's', secretVariable: 's_client_secret', tokenVariable: 's_token' });
    expect(nameProfiles(ps)[0].tokenVariable).toBeUndefined();
  });

  test("a profile's name never takes another's variable name", () => {
    expect(nameProfiles([profile(1, 'x'), profile(2, 'x client secret')]).map((a) => a.name)).toEqual(['x', 'x_client_secret_2']);
  });
});

test('selectProfiles: every kind of filter holds, any value of one kind; sorted by id', () => {
  const ps = [profile(3, 'Acme S', 'slack'), profile(1, 'Acme H'), profile(2, 'Other', 'slack')];
  expect(selectProfiles(ps, { providerNames: [], ids: [] }).map((p) => p.id)).toEqual([1, 2, 3]);
  expect(selectProfiles(ps, { providerNames: ['slack'], ids: [] }).map((p) => p.id)).toEqual([2, 3]);
  expect(selectProfiles(ps, { providerNames: ['slack'], nameRegex: /^Acme/, ids: [] }).map((p) => p.id)).toEqual([3]);
  expect(selectProfiles(ps, { providerNames: [], ids: [1, 2] }).map((p) => p.id)).toEqual([1, 2]);
});

test('hclString escapes quotes, backslashes, control characters and template sequences', () => {
  expect(hclString('a "b" \\ c')).toBe('"a \\"b\\" \\\\ c"');
  expect(hclString('${var.x} and %{ if }')).toBe('"$${var.x} and %%{ if }"');
  expect(hclString('line\nbreak\ttab\u0001')).toBe('"line\\nbreak\\ttab\\u0001"');
  expect(hclString('Ünïcödé')).toBe('"Ünïcödé"');
});

test('the outputs hold no secret attribute value, and name each profile once', () => {
  const adopted = nameProfiles([profile(1, 'A'), profile(2, 'S', 'slack')]);
  const hcl = renderHcl(adopted, 'workato-import');
  expect(hcl.match(/^import \{/gm)).toHaveLength(2);
  expect(hcl).toContain('  client_secret_wo = var.a_client_secret\n');
  expect(hcl).toContain('  token_wo         = var.s_token\n');
  expect(hcl).toContain('  ephemeral   = true\n  default     = null\n');
  const ts = renderTypeScript(adopted, 'cdktn', 'workato-import --format cdktn');
  expect(ts).toContain("import { TerraformVariable } from 'cdktn';");
  expect(ts).toContain("import { CustomOAuthProfile } from 'cdktn-provider-workato';");
  expect(ts).toContain('profiles["s"].importFrom(2);');
});
