// The resource page's "Identity Schema" is written by hand in its template (the page generator
// renders the resource schema, not the identity's): this holds it to the identity the provider
// declares, attribute by attribute.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { customOAuthProfileIdentity } from '../src/provider';

const typeLabel = (type: unknown) => ({ string: 'String', number: 'Number', bool: 'Boolean' })[type as string] ?? JSON.stringify(type);

it("the resource page's Identity Schema lists the identity's attributes, with their types and descriptions", () => {
  const page = readFileSync(join(__dirname, '..', 'docs', 'resources', 'custom_oauth_profile.md'), 'utf8');
  const section = page.slice(page.indexOf('\n### Identity Schema\n'));
  expect(section).not.toBe(page);
  const required = Object.entries(customOAuthProfileIdentity.attributes).filter(([, a]) => a.requiredForImport);
  const optional = Object.entries(customOAuthProfileIdentity.attributes).filter(([, a]) => !a.requiredForImport);
  const expected = [
    ...(required.length ? ['#### Required', ...required.map(([name, a]) => `- \`${name}\` (${typeLabel(a.type)}) ${a.description}`)] : []),
    ...(optional.length ? ['#### Optional', ...optional.map(([name, a]) => `- \`${name}\` (${typeLabel(a.type)}) ${a.description}`)] : []),
  ];
  expect(section.split('\n').filter((line) => line.startsWith('#### ') || line.startsWith('- '))).toEqual(expected);
});
