// Installing the release like any Terraform provider: `terraform init` from a provider registry
// (the `providers.v1` protocol) on 127.0.0.1, found through a CLI config `host` block, checks the
// GPG signature of SHA256SUMS and the zip's checksum, and locks the hashes of every platform.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliConfig, pathWithoutNode, release, Run, terraform, releaseFiles, signingKeyId, standalone, VERSION } from './fixture';
import { CONFIG, HOST, startRegistry, TestServer } from './registry';

let releaseDir: string;
let keyId: string;
const temps: string[] = [];
const tempDir = (prefix: string) => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  temps.push(d);
  return d;
};

beforeAll(async () => {
  releaseDir = await release();
  keyId = signingKeyId(join(releaseDir, 'signing-key.asc'));
}, 900_000);
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A workspace whose CLI config sends HOST's providers.v1 to `registry`; returns `init`. */
function workspaceFor(registry: TestServer) {
  const dir = tempDir('workato-registry-ws-');
  writeFileSync(join(dir, 'main.tf'), CONFIG);
  const rc = cliConfig(dir, `host "${HOST}" {\n  services = {\n    "providers.v1" = "${registry.url}/v1/providers/"\n  }\n}\n`);
  return { dir, init: () => terraform(['init', '-no-color', '-input=false'], dir, { TF_CLI_CONFIG_FILE: rc }) };
}

/** A copy of the release directory, to tamper with. */
function copyOfRelease(): string {
  const dir = tempDir('workato-release-copy-');
  for (const f of readdirSync(releaseDir)) copyFileSync(join(releaseDir, f), join(dir, f));
  return dir;
}

describe('terraform init from a provider registry', () => {
  let registry: TestServer;
  let ws: ReturnType<typeof workspaceFor>;
  let init: Run;

  beforeAll(async () => {
    registry = await startRegistry(releaseDir, { keyId });
    ws = workspaceFor(registry);
    init = await ws.init();
  }, 300_000);
  afterAll(async () => registry?.close());

  test('installs the linux_amd64 zip and verifies its signature', () => {
    expect(init.code).toBe(0);
    expect(init.output).toContain(`Installed ${HOST}/workato-iac/workato v${VERSION} (self-signed, key ID ${keyId})`);
    expect(registry.requests).toEqual(
      expect.arrayContaining([
        `GET /v1/providers/workato-iac/workato/versions`,
        `GET /v1/providers/workato-iac/workato/${VERSION}/download/linux/amd64`,
        `GET /files/${releaseFiles.sumsName(VERSION)}`,
        `GET /files/${releaseFiles.sumsName(VERSION)}.sig`,
        `GET /files/${releaseFiles.zipName(VERSION, 'linux_amd64')}`,
      ]),
    );
    // Only the platform Terraform runs on is downloaded.
    expect(registry.requests.filter((r) => r.startsWith('GET ') && r.endsWith('.zip'))).toEqual([`GET /files/${releaseFiles.zipName(VERSION, 'linux_amd64')}`]);
  });

  test('the lock file holds the zh: hash of every platform zip from the signed SHA256SUMS', () => {
    const lock = readFileSync(join(ws.dir, '.terraform.lock.hcl'), 'utf8');
    const sums = readFileSync(join(releaseDir, releaseFiles.sumsName(VERSION)), 'utf8');
    const zh = [...lock.matchAll(/"zh:([0-9a-f]{64})"/g)].map((m) => m[1]);
    const zips = standalone.RELEASE_PLATFORMS.map((p) => sums.split('\n').find((l) => l.endsWith(`  ${releaseFiles.zipName(VERSION, p)}`))?.slice(0, 64));
    expect(zips).toHaveLength(5);
    expect(zh).toEqual(expect.arrayContaining(zips));
    // Terraform takes every line of the signed file, the manifest's too.
    expect(zh.sort()).toEqual(sums.trim().split('\n').map((l) => l.slice(0, 64)).sort());
    expect(lock).toContain(`provider "${HOST}/workato-iac/workato"`);
    expect(lock).toMatch(/"h1:[A-Za-z0-9+/]+=*"/);
  });

  test('the installed provider is the standalone executable and answers terraform', async () => {
    const r = await terraform(['providers', 'schema', '-json'], ws.dir, { TF_CLI_CONFIG_FILE: join(ws.dir, 'terraform.rc'), PATH: temps[temps.push(pathWithoutNode()) - 1] });
    // Terraform finds the provider by its path in .terraform/, and the provider needs no node.
    expect(r.code).toBe(0);
    expect(JSON.parse(r.output).provider_schemas[`${HOST}/workato-iac/workato`].resource_schemas).toHaveProperty('workato_custom_oauth_profile');
  });
});

describe('terraform init refuses a tampered release', () => {
  test('a changed zip with a SHA256SUMS to match fails the signature check', async () => {
    // An attacker who replaces the zip and fixes its line in SHA256SUMS (and the registry's
    // shasum, which this registry reads from that file) cannot make the signature match.
    const dir = copyOfRelease();
    const zipName = releaseFiles.zipName(VERSION, 'linux_amd64');
    const zipFile = join(dir, zipName);
    const zip = readFileSync(zipFile);
    zip[zip.length >> 1] ^= 0xff;
    writeFileSync(zipFile, zip);
    const sumsFile = join(dir, releaseFiles.sumsName(VERSION));
    const sums = readFileSync(sumsFile, 'utf8');
    const line = sums.split('\n').find((l) => l.endsWith(`  ${zipName}`)) as string;
    writeFileSync(sumsFile, sums.replace(line, `${createHash('sha256').update(zip).digest('hex')}  ${zipName}`));
    const registry = await startRegistry(dir, { keyId });
    try {
      const r = await workspaceFor(registry).init();
      expect(r.code).not.toBe(0);
      expect(r.output).toContain('Failed to install provider');
      expect(r.output).toContain('error checking signature');
      expect(r.output).not.toMatch(/Installed .*workato/);
    } finally {
      await registry.close();
    }
  }, 300_000);

  test('a changed zip fails the checksum check', async () => {
    const dir = copyOfRelease();
    const zipFile = join(dir, releaseFiles.zipName(VERSION, 'linux_amd64'));
    const zip = readFileSync(zipFile);
    zip[zip.length >> 1] ^= 0xff;
    writeFileSync(zipFile, zip);
    const registry = await startRegistry(dir, { keyId });
    try {
      const r = await workspaceFor(registry).init();
      expect(r.code).not.toBe(0);
      expect(r.output).toContain('Failed to install provider');
      expect(r.output).toContain('archive has incorrect checksum');
    } finally {
      await registry.close();
    }
  }, 300_000);
});
