// Installing from a mirror, as air-gapped sites and HCP Terraform agents do: `terraform providers
// mirror` copies the release out of the registry, then `terraform init` installs it from a
// provider network mirror over HTTPS (a CA made here, trusted through SSL_CERT_FILE) and from a
// filesystem mirror, without the registry.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliConfig, release, signingKeyId, terraform, VERSION, zipTools, releaseFiles } from './fixture';
import { CONFIG, HOST, startHttpsFiles, startRegistry, TestServer } from './registry';

const temps: string[] = [];
const tempDir = (prefix: string) => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  temps.push(d);
  return d;
};

/** A CA and a server certificate for 127.0.0.1 signed by it (openssl, P-256). */
function localCa(dir: string): { caFile: string; cert: string; key: string } {
  const openssl = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  openssl(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=workato release test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  openssl(['req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1']);
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature\nbasicConstraints=CA:FALSE\n');
  openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '1', '-extfile', 'server.ext']);
  return { caFile: join(dir, 'ca.pem'), cert: readFileSync(join(dir, 'server.pem'), 'utf8'), key: readFileSync(join(dir, 'server.key'), 'utf8') };
}

let mirrorDir: string;
let registry: TestServer;

beforeAll(async () => {
  const releaseDir = await release();
  registry = await startRegistry(releaseDir, { keyId: signingKeyId(join(releaseDir, 'signing-key.asc')) });
  // What an operator runs once, where the registry is reachable, for the platforms they need.
  const dir = tempDir('workato-mirror-source-');
  writeFileSync(join(dir, 'main.tf'), CONFIG);
  const rc = cliConfig(dir, `host "${HOST}" {\n  services = {\n    "providers.v1" = "${registry.url}/v1/providers/"\n  }\n}\n`);
  mirrorDir = tempDir('workato-mirror-');
  const r = await terraform(['providers', 'mirror', '-platform=linux_amd64', '-platform=darwin_arm64', mirrorDir], dir, { TF_CLI_CONFIG_FILE: rc });
  if (r.code !== 0) throw new Error(`terraform providers mirror failed:\n${r.output}`);
  await registry.close();
}, 900_000);
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

test('terraform providers mirror writes the network-mirror layout with the release zips', () => {
  const base = join(mirrorDir, HOST, 'workato-iac/workato');
  expect(JSON.parse(readFileSync(join(base, 'index.json'), 'utf8'))).toEqual({ versions: { [VERSION]: {} } });
  const archives = JSON.parse(readFileSync(join(base, `${VERSION}.json`), 'utf8')).archives;
  expect(Object.keys(archives).sort()).toEqual(['darwin_arm64', 'linux_amd64']);
  const zip = readFileSync(join(base, archives.linux_amd64.url));
  // The mirror's h1: hash is the one this repository computes for the zip's contents.
  expect(archives.linux_amd64.hashes).toContain(zipTools.h1Hash(zipTools.unzip(zip)));
  expect(existsSync(join(base, releaseFiles.zipName(VERSION, 'darwin_arm64')))).toBe(true);
});

describe('a provider network mirror over HTTPS', () => {
  let server: TestServer;
  let ca: ReturnType<typeof localCa>;
  let rc: string;
  let ws: string;

  beforeAll(async () => {
    ca = localCa(tempDir('workato-ca-'));
    server = await startHttpsFiles(mirrorDir, ca);
    ws = tempDir('workato-mirror-ws-');
    writeFileSync(join(ws, 'main.tf'), CONFIG);
    rc = cliConfig(ws, `provider_installation {\n  network_mirror {\n    url = "${server.url}/"\n  }\n}\n`);
  });
  afterAll(async () => server?.close());

  test('is refused while its CA is not trusted', async () => {
    const r = await terraform(['init', '-no-color', '-input=false'], ws, { TF_CLI_CONFIG_FILE: rc });
    expect(r.code).not.toBe(0);
    expect(r.output).toMatch(/certificate signed by unknown authority|x509/);
  });

  test('installs the provider when SSL_CERT_FILE trusts the CA', async () => {
    rmSync(join(ws, '.terraform'), { recursive: true, force: true });
    const r = await terraform(['init', '-no-color', '-input=false'], ws, { TF_CLI_CONFIG_FILE: rc, SSL_CERT_FILE: ca.caFile });
    expect(r.code).toBe(0);
    expect(r.output).toContain(`Installed ${HOST}/workato-iac/workato v${VERSION}`);
    expect(server.requests).toContain(`GET /${HOST}/workato-iac/workato/index.json`);
    expect(server.requests).toContain(`GET /${HOST}/workato-iac/workato/${releaseFiles.zipName(VERSION, 'linux_amd64')}`);
    // A network mirror has no signed SHA256SUMS: the lock file gets the h1: hash the mirror
    // lists for this platform (`terraform providers lock -net-mirror=… -platform=…` adds the others).
    const lock = readFileSync(join(ws, '.terraform.lock.hcl'), 'utf8');
    const archives = JSON.parse(readFileSync(join(mirrorDir, HOST, 'workato-iac/workato', `${VERSION}.json`), 'utf8')).archives;
    expect([...lock.matchAll(/"(h1:[^"]+)"/g)].map((m) => m[1])).toEqual(archives.linux_amd64.hashes);
  });
});

test('a filesystem mirror installs the same zips with no network at all', async () => {
  const ws = tempDir('workato-fs-mirror-ws-');
  writeFileSync(join(ws, 'main.tf'), CONFIG);
  const rc = cliConfig(ws, `provider_installation {\n  filesystem_mirror {\n    path = "${mirrorDir}"\n  }\n}\n`);
  const r = await terraform(['init', '-no-color', '-input=false'], ws, { TF_CLI_CONFIG_FILE: rc });
  expect(r.code).toBe(0);
  expect(r.output).toContain(`Installed ${HOST}/workato-iac/workato v${VERSION}`);
  const plugin = join(ws, '.terraform/providers', HOST, 'workato-iac/workato', VERSION, 'linux_amd64', `terraform-provider-workato_v${VERSION}`);
  expect(existsSync(plugin)).toBe(true);
});
