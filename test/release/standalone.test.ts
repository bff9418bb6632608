// The standalone linux_amd64 executable (a Node single-executable application): it starts where no
// Node.js is installed, whatever NODE_OPTIONS holds, and passes the acceptance lifecycle with the
// real terraform CLI and no `node` on PATH. Built here, it starts from a V8 start-up snapshot
// (scripts/release/snapshot.js): what the snapshot must not hold (key, certificate, environment)
// is made or read after restore, and a variable that a module reads at load makes a fresh start.
import { X509Certificate } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { resourceAttributes, Workspace, workspace } from '../acceptance/harness';
import { elfNote, executables, handshake, HANDSHAKE, pathWithoutNode, pluginDirWith, SEA_USE_SNAPSHOT, standalone } from './fixture';

// Flags a user may have in NODE_OPTIONS for their own Node.js (a preload from a project, a flag
// Node 22 no longer allows there, a debugger that waits) which Node 22 refuses or obeys before any
// provider code runs; Terraform passes the environment on to the provider.
const HOSTILE_NODE_OPTIONS = [
  '--require ./preload-that-is-not-here.js',
  '--experimental-network-imports',
  '--experimental-policy=policy.json',
  '--eval 1',
  '--max-old-space-size=lots',
  '--inspect-brk=127.0.0.1:0',
  '--watch',
  '--test',
];

const CONFIG = (name: string) => `
variable "client_secret" {
  type      = string
  sensitive = true
}

resource "workato_custom_oauth_profile" "app" {
  name          = "${name}"
  provider_name = "hubspot"
  client_id     = "standalone-client"
  client_secret = var.client_secret
}
`;
const SECRET = 'standalone-secret-3b8e1f';

let exe: string;
let noNodePath: string;
const cleanup: string[] = [];

beforeAll(async () => {
  exe = (await executables(['linux_amd64'])).linux_amd64;
  noNodePath = pathWithoutNode();
  cleanup.push(noNodePath);
}, 600_000);
afterAll(() => cleanup.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('the standalone executable and NODE_OPTIONS', () => {
  test.each(HOSTILE_NODE_OPTIONS)('NODE_OPTIONS=%s stops plain Node of the same version', async (options) => {
    // The control: Node's own binary of the same version, run as `node -e` with that NODE_OPTIONS.
    const node = await standalone.nodeBinary('linux_amd64');
    // With stdin closed and no script, Node would start and exit quietly; it either refuses to start
    // (a non-zero exit) or, for --inspect-brk, waits for a debugger before running anything.
    const r = await handshake(node, { PATH: noNodePath, NODE_OPTIONS: options }, { stopOnStderr: /Debugger listening/ });
    expect(r.line).toBeUndefined();
    expect(r.code).not.toBe(0);
  });

  test.each(HOSTILE_NODE_OPTIONS)('with NODE_OPTIONS=%s the provider still hands Terraform its address', async (options) => {
    const r = await handshake(exe, { PATH: noNodePath, NODE_OPTIONS: options });
    expect(r.line).toMatch(HANDSHAKE);
  });
});

describe('the start-up snapshot', () => {
  const FRESH_START = 'Starting without the start-up snapshot';
  const certificateOf = (line: string) => new X509Certificate(Buffer.from(line.split('|')[5], 'base64'));

  test('the executable built on this machine carries one', () => {
    const blob = elfNote(readFileSync(exe), 'NODE_SEA_BLOB');
    expect(blob?.readUInt32LE(0)).toBe(0x143da20);
    expect(blob!.readUInt32LE(4) & SEA_USE_SNAPSHOT).toBe(SEA_USE_SNAPSHOT);
    // Its builder ran the warm-up (src/plugin/warm-up.ts): a plan's calls are in it compiled.
    const report = JSON.parse(readFileSync(join(dirname(dirname(exe)), 'snapshot-blob', 'snapshot-report.json'), 'utf8')) as { warmedUp?: boolean };
    expect(report.warmedUp).toBe(true);
  });

  test('every start makes a key and certificate of its own, and says nothing', async () => {
    const [a, b] = [await handshake(exe, { PATH: noNodePath }), await handshake(exe, { PATH: noNodePath })];
    expect(a.line).toMatch(HANDSHAKE);
    expect(b.line).toMatch(HANDSHAKE);
    const [ca, cb] = [certificateOf(a.line!), certificateOf(b.line!)];
    expect(ca.serialNumber).not.toBe(cb.serialNumber);
    expect(ca.publicKey.export({ type: 'spki', format: 'der' }).equals(cb.publicKey.export({ type: 'spki', format: 'der' }))).toBe(false);
    expect(ca.verify(ca.publicKey)).toBe(true);
    // No log line: without TF_LOG the provider logs at info and has nothing to say; no fresh start.
    expect(a.stderr).toBe('');
  });

  test('the magic cookie is read after restore', async () => {
    const r = await handshake(exe, { PATH: noNodePath, TF_PLUGIN_MAGIC_COOKIE: 'not-the-cookie' });
    expect(r.line).toBeUndefined();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('This is a Terraform provider plugin');
  });

  test('TF_LOG, read at load, makes a fresh start, and says so at debug level', async () => {
    const r = await handshake(exe, { PATH: noNodePath, TF_LOG: 'debug' });
    expect(r.line).toMatch(HANDSHAKE);
    const first = JSON.parse(r.stderr.split('\n')[0]) as Record<string, unknown>;
    expect(first).toMatchObject({ '@level': 'debug', '@message': expect.stringContaining(FRESH_START), '@module': 'provider', variables: 'TF_LOG' });
  });

  test("grpc-js's own variables, read at load, reach a fresh grpc-js", async () => {
    const r = await handshake(exe, { PATH: noNodePath, GRPC_VERBOSITY: 'DEBUG', GRPC_TRACE: 'server' });
    expect(r.line).toMatch(HANDSHAKE);
    expect(r.stderr).toContain(FRESH_START);
    expect(r.stderr).toMatch(/server \| .*Server constructed/);
  });

  test('a variable read at load that cannot matter to a server keeps the snapshot start', async () => {
    const r = await handshake(exe, { PATH: noNodePath, GRPC_DEFAULT_SSL_ROOTS_FILE_PATH: '/nonexistent/roots.pem' });
    expect(r.line).toMatch(HANDSHAKE);
    expect(r.stderr).toBe('');
  });
});

describe('lifecycle with the standalone executable and no node on PATH', () => {
  let ws: Workspace;
  // Terraform's environment for every command: no node anywhere, and a NODE_OPTIONS that Node refuses.
  let env: Record<string, string>;

  beforeAll(async () => {
    env = { PATH: noNodePath, NODE_OPTIONS: '--require ./preload-that-is-not-here.js', TF_VAR_client_secret: SECRET };
    ws = await workspace();
    const pluginDir = pluginDirWith(exe, 'linux_amd64');
    cleanup.push(pluginDir);
    ws.writeConfig(CONFIG('Standalone HubSpot'));
    await ws.tf(['init', '-no-color', `-plugin-dir=${pluginDir}`], { env });
  });
  afterAll(async () => ws?.close());

  test('apply creates the profile', async () => {
    const r = await ws.tf(['apply', '-auto-approve', '-no-color'], { env });
    expect(r.output).toContain('1 added, 0 changed, 0 destroyed');
    expect(ws.emulator.profiles()).toMatchObject([{ name: 'Standalone HubSpot', data: { client_id: 'standalone-client', client_secret: SECRET } }]);
  });

  test('the plan right after is empty', async () => {
    expect((await ws.tf(['plan', '-detailed-exitcode', '-no-color'], { env })).code).toBe(0);
  });

  test('with TF_LOG=trace (starts without the snapshot) the plan is empty too, and the provider logs', async () => {
    const r = await ws.tf(['plan', '-detailed-exitcode', '-no-color'], { env: { ...env, TF_LOG: 'trace' } });
    expect(r.code).toBe(0);
    expect(r.output).toContain('Starting without the start-up snapshot');
    expect(r.output).toContain('Provider started');
  });

  test('a changed name is updated in place', async () => {
    ws.writeConfig(CONFIG('Standalone HubSpot (prod)'));
    const r = await ws.tf(['apply', '-auto-approve', '-no-color'], { env });
    expect(r.output).toContain('0 added, 1 changed, 0 destroyed');
    expect(ws.emulator.profiles()[0].name).toBe('Standalone HubSpot (prod)');
  });

  test('a change out of band shows as drift and apply puts it back', async () => {
    const id = Number(resourceAttributes(ws.state(), 'workato_custom_oauth_profile', 'app').id);
    ws.emulator.modify(id, { name: 'Renamed in the Workato UI' });
    const plan = await ws.tf(['plan', '-detailed-exitcode', '-no-color'], { env });
    expect(plan.code).toBe(2);
    expect(plan.output).toMatch(/~ name\s+= "Renamed in the Workato UI" -> "Standalone HubSpot \(prod\)"/);
    await ws.tf(['apply', '-auto-approve', '-no-color'], { env });
    expect(ws.emulator.profile(id)?.name).toBe('Standalone HubSpot (prod)');
  });

  test('import brings the profile back under management', async () => {
    const id = resourceAttributes(ws.state(), 'workato_custom_oauth_profile', 'app').id as string;
    await ws.tf(['state', 'rm', '-no-color', 'workato_custom_oauth_profile.app'], { env });
    const r = await ws.tf(['import', '-no-color', 'workato_custom_oauth_profile.app', id], { env });
    expect(r.output).toContain('Import successful!');
    expect(resourceAttributes(ws.state(), 'workato_custom_oauth_profile', 'app')).toMatchObject({ id, name: 'Standalone HubSpot (prod)' });
  });

  test('destroy removes it', async () => {
    const r = await ws.tf(['destroy', '-auto-approve', '-no-color'], { env });
    expect(r.output).toContain('1 destroyed');
    expect(ws.emulator.profiles()).toHaveLength(0);
  });
});
