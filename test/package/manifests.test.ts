// The three tarballs of `npm run pack`, read as npm will publish them: one version for all (the
// repository's), the CDK packages depending on exactly that provider version, neither naming the
// other library in any dependency field, and each carrying its README, the LICENSE and no sources.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packPackages, PACKAGE_VERSION, Tarballs } from './packed-app';

interface Manifest {
  name: string;
  version: string;
  license: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, unknown>;
  bundleDependencies?: string[];
  scripts?: Record<string, string>;
  bin?: Record<string, string>;
}

const FIELDS = ['dependencies', 'peerDependencies', 'optionalDependencies', 'peerDependenciesMeta', 'bundleDependencies'] as const;
let dir: string;
let tarballs: Tarballs;
const files = (name: keyof Tarballs) => execFileSync('tar', ['-tzf', tarballs[name]], { encoding: 'utf8' }).trim().split('\n').sort();
const manifest = (name: keyof Tarballs) => JSON.parse(execFileSync('tar', ['-xzOf', tarballs[name], 'package/package.json'], { encoding: 'utf8' })) as Manifest;
const names = (m: Manifest) => FIELDS.flatMap((f) => (Array.isArray(m[f]) ? (m[f] as string[]) : Object.keys(m[f] ?? {})));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'workato-manifests-'));
  tarballs = await packPackages(dir);
}, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('all three share the repository version, under the MPL-2.0, with no install scripts', () => {
  for (const name of ['terraform-provider-workato', 'cdktf-provider-workato', 'cdktn-provider-workato'] as const) {
    const m = manifest(name);
    expect({ name: m.name, version: m.version, license: m.license, scripts: m.scripts }).toEqual({ name, version: PACKAGE_VERSION, license: 'MPL-2.0', scripts: undefined });
    expect(files(name)).toEqual(expect.arrayContaining(['package/LICENSE', 'package/README.md', 'package/package.json']));
    expect(files(name).filter((f) => /\.ts$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
    expect(files(name).filter((f) => /\.map$|\.test\./.test(f))).toEqual([]);
  }
});

test('the provider package depends on nothing and carries the plugin directory and its commands', () => {
  const m = manifest('terraform-provider-workato');
  expect(names(m)).toEqual([]);
  expect(Object.keys(m.bin ?? {}).sort()).toEqual(['terraform-provider-workato', 'workato-drift', 'workato-emulator', 'workato-import']);
  expect(files('terraform-provider-workato')).toContain(
    `package/dist/terraform-providers/registry.terraform.io/workato-iac/workato/${PACKAGE_VERSION}/linux_amd64/terraform-provider-workato_v${PACKAGE_VERSION}`,
  );
});

test.each([
  ['cdktf-provider-workato', 'cdktf', 'cdktn'],
  ['cdktn-provider-workato', 'cdktn', 'cdktf'],
] as const)('%s depends on the same provider version, peers on %s and constructs, and never names %s', (name, library, other) => {
  const m = manifest(name);
  expect(m.dependencies).toEqual({ 'terraform-provider-workato': PACKAGE_VERSION });
  expect(Object.keys(m.peerDependencies ?? {}).sort()).toEqual([library, 'constructs'].sort());
  expect(names(m).filter((n) => n.includes(other))).toEqual([]);
  // The bindings of the other library are not in the package, and no file in it loads that library
  // (the construct's one source, lib/cdktf/*-base.js, is library-neutral and ships in both).
  expect(files(name).filter((f) => f.startsWith(`package/lib/${other}/index`) || f.includes(other === 'cdktn' ? 'generated-cdktn' : 'lib/generated/'))).toEqual([]);
  const loading = files(name)
    .filter((f) => /\.(js|d\.ts)$/.test(f))
    .filter((f) => new RegExp(`(require\\(|from |import\\()["']${other}["'/]`).test(execFileSync('tar', ['-xzOf', tarballs[name], f], { encoding: 'utf8' })));
  expect(loading).toEqual([]);
});
