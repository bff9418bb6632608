// A Terraform (HCL) user's project on the packed `terraform-provider-workato` alone, outside the
// repository: no CDK library, no dependency at all. `npx workato-emulator` serves the API,
// terraform takes the provider from the plugin directory the README finds, `workato-drift` reports
// a change made behind Terraform's back, `workato-import` writes the code that adopts the account,
// and `startEmulator` works from the package's entry.
// Then the CDK package without its library (as with npm's `legacy-peer-deps`) says what to install.
import { spawn, ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_TOKEN, PROVIDER_REQUIREMENTS } from '../acceptance/harness';
import { cleanEnv, installedPackages, installMore, installProject, packPackages, PACKAGE_VERSION, pluginDirFrom, run, Tarballs } from './packed-app';

const SECRET = 'provider-package-secret-3b7e';

describe("an HCL user's project on the packed terraform-provider-workato alone", () => {
  let packDir: string;
  let tarballs: Tarballs;
  let dir: string | undefined;
  let emulator: ChildProcessWithoutNullStreams | undefined;
  let url = '';
  const project = () => {
    if (!dir) throw new Error('the project was not installed (see the first failure)');
    return dir;
  };
  const bin = (name: string) => join(project(), 'node_modules', '.bin', name);
  const env = (extra: Record<string, string> = {}) =>
    cleanEnv({
      WORKATO_API_TOKEN: API_TOKEN,
      WORKATO_BASE_URL: url,
      TF_CLI_CONFIG_FILE: join(project(), 'empty.tfrc'),
      CHECKPOINT_DISABLE: '1',
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
      ...extra,
    });
  const terraform = async (args: string[], extra: Record<string, string> = {}) => {
    const result = await run('terraform', [...args, '-no-color'], { cwd: join(project(), 'infra'), env: env(extra), timeoutMs: 120_000 });
    if (result.code !== 0 && !(result.code === 2 && args.includes('-detailed-exitcode'))) {
      throw new Error(`terraform ${args.join(' ')} exited ${result.code}\n${result.output}`);
    }
    return result;
  };

  beforeAll(async () => {
    packDir = mkdtempSync(join(tmpdir(), 'workato-pack-'));
    tarballs = await packPackages(packDir);
    ({ dir } = await installProject([tarballs['terraform-provider-workato']]));
    writeFileSync(join(dir, 'empty.tfrc'), '# no registry, no plugin cache\n');
  }, 300_000);

  afterAll(async () => {
    if (emulator && emulator.exitCode === null) {
      const exited = new Promise((resolve) => emulator!.once('exit', resolve));
      process.kill(-emulator.pid!, 'SIGTERM');
      await exited;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (packDir) rmSync(packDir, { recursive: true, force: true });
  });

  test('installs nothing but itself: no CDK library, no dependency', () => {
    expect(installedPackages(project())).toEqual(['terraform-provider-workato']);
    const manifest = JSON.parse(readFileSync(join(project(), 'node_modules', 'terraform-provider-workato', 'package.json'), 'utf8'));
    expect(manifest.version).toBe(PACKAGE_VERSION);
    for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) expect(`${field}: ${JSON.stringify(manifest[field])}`).toBe(`${field}: undefined`);
  });

  test('its commands are installed and answer --help; the provider executable says what it is', async () => {
    for (const name of ['workato-emulator', 'workato-drift', 'workato-import']) {
      const help = await run(bin(name), ['--help'], { cwd: project(), timeoutMs: 30_000 });
      expect({ name, code: help.code, usage: help.stdout.startsWith(`Usage: ${name}`) }).toEqual({ name, code: 0, usage: true });
    }
    const provider = await run(bin('terraform-provider-workato'), [], { cwd: project(), timeoutMs: 30_000 });
    expect(provider.output).toContain(`This is a Terraform provider plugin (workato ${PACKAGE_VERSION})`);
  });

  test('npx workato-emulator serves the API and prints its URL first', async () => {
    const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
    emulator = spawn(npx, ['--no-install', 'workato-emulator', '--port', '0', '--token', API_TOKEN, '--requests-per-minute', '0'], {
      cwd: project(),
      env: cleanEnv(),
      // Its own process group: npx runs the emulator as a child of its own, and both must stop.
      detached: true,
    });
    url = await new Promise<string>((resolve, reject) => {
      let out = '';
      emulator!.stdout.on('data', (d) => {
        out += d;
        const line = out.split('\n');
        if (line.length > 1) resolve(line[0].trim());
      });
      emulator!.once('exit', (code) => reject(new Error(`workato-emulator exited ${code} before printing its URL`)));
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const list = await fetch(`${url}/api/custom_oauth_profiles`, { headers: { Authorization: `Bearer ${API_TOKEN}` } });
    expect(list.status).toBe(200);
  });

  test('terraform applies a profile with the provider from the plugin directory, and workato-drift reports a change made outside', async () => {
    const infra = join(project(), 'infra');
    mkdirSync(infra, { recursive: true });
    writeFileSync(
      join(infra, 'main.tf'),
      `${PROVIDER_REQUIREMENTS}
provider "workato" {}

variable "hubspot_client_secret" {
  type      = string
  sensitive = true
}

resource "workato_custom_oauth_profile" "hubspot" {
  name          = "Acme HubSpot"
  provider_name = "hubspot"
  client_id     = "acme-hubspot"
  client_secret = var.hubspot_client_secret
}
`,
    );
    // As the README says: `node -p "require('terraform-provider-workato').pluginDir"`, here from infra/.
    const pluginDir = await pluginDirFrom(infra);
    await terraform(['init', `-plugin-dir=${pluginDir}`]);
    const secrets = { TF_VAR_hubspot_client_secret: SECRET };
    const apply = await terraform(['apply', '-auto-approve'], secrets);
    expect(apply.output).toContain('1 added');
    const state = JSON.parse(readFileSync(join(infra, 'terraform.tfstate'), 'utf8'));
    const id = state.resources[0].instances[0].attributes.id as string;

    // Behind Terraform's back, through the API: the profile is renamed.
    const put = await fetch(`${url}/api/custom_oauth_profiles/${id}`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${API_TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Renamed in the UI', provider: 'hubspot', data: { client_id: 'acme-hubspot', client_secret: 'x' } }),
    });
    expect(put.status).toBe(200);

    const drift = await run(bin('workato-drift'), [infra, '--format', 'markdown'], { cwd: project(), env: env(secrets), timeoutMs: 120_000 });
    expect(drift.stdout).toContain('Renamed in the UI');
    expect(drift.stdout).toContain('Acme HubSpot');
    expect(drift.output).not.toContain(SECRET);

    // workato-import writes the code that adopts what the account holds, without any secret.
    const adopt = join(project(), 'adopt');
    mkdirSync(adopt, { recursive: true });
    const imported = await run(bin('workato-import'), ['--out', 'adopted.tf'], { cwd: adopt, env: env(), timeoutMs: 60_000 });
    expect({ code: imported.code, stderr: imported.stderr }).toMatchObject({ code: 0, stderr: expect.stringContaining('wrote adopted.tf: 1 of 1 profiles') });
    const adopted = readFileSync(join(adopt, 'adopted.tf'), 'utf8');
    expect(adopted).toContain(`id = "${id}"`);
    expect(adopted).toContain('name             = "Renamed in the UI"');
    expect(adopted).not.toContain(SECRET);
  }, 300_000);

  test("startEmulator and pluginDir come from the package's entry", async () => {
    const script = `
      const { startEmulator, pluginDir } = require('terraform-provider-workato');
      const fs = require('node:fs');
      (async () => {
        const emulator = await startEmulator({ token: 't' });
        emulator.seed({ name: 'Seeded', provider: 'slack', client_id: 'c', client_secret: 's', token: 'k' });
        const res = await fetch(emulator.url + '/api/custom_oauth_profiles', { headers: { Authorization: 'Bearer t' } });
        const body = await res.json();
        console.log(JSON.stringify({ names: body.result.map((p) => p.name), plugins: fs.existsSync(pluginDir) }));
        await emulator.close();
      })();`;
    const result = await run(process.execPath, ['-e', script], { cwd: project() });
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(result.stdout)).toEqual({ names: ['Seeded'], plugins: true });
  });

  test('cdktf-provider-workato without cdktf (npm with legacy-peer-deps) says what to install', async () => {
    await installMore(project(), [tarballs['cdktf-provider-workato']], ['--legacy-peer-deps']);
    expect(installedPackages(project())).not.toContain('cdktf');
    const load = await run(process.execPath, ['-e', "require('cdktf-provider-workato')"], { cwd: project() });
    expect(load.code).not.toBe(0);
    expect(load.stderr).toContain(
      'cdktf-provider-workato needs the cdktf package, which is not installed: run `npm install cdktf constructs`, ' +
        'or, in a CDK Terrain (cdktn) app, install and import cdktn-provider-workato instead.',
    );
  }, 300_000);
});
