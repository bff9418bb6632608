// The cases of a user's own app on the packed packages, for cdktf (cdktf-app.test.ts, with
// cdktf-provider-workato) and cdktn (cdktn-app.test.ts, with cdktn-provider-workato): installed with
// terraform-provider-workato and one CDK library only, it refuses a literal secret at synth,
// synthesizes with sensitive variables, applies against the emulator with the real terraform CLI
// from the plugin directory its README finds, then plans nothing and destroys.
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_TOKEN, withWorkspace, Workspace, workspace } from '../acceptance/harness';
import { installedPackages, installProject, packPackages, PACKAGE_VERSION, pluginDirFrom, run, transpile, typeCheck, userApp, cleanEnv } from './packed-app';

export const SECRET = 'packed-user-app-secret-71c2';
export const TOKEN = 'xoxb-packed-user-app-token-e93b';

export interface PackedProject {
  /** The user's project: package.json, node_modules, main.ts/main.js. */
  readonly dir: string;
  /** The provider's plugin directory inside the installed package. */
  readonly pluginDir: string;
  readonly ws: Workspace;
  /** Variables for terraform: the emulator's URL, the secrets. */
  readonly env: Record<string, string>;
}

export function describePackedApp(options: {
  library: 'cdktf' | 'cdktn';
  /** The CDK package: cdktf-provider-workato or cdktn-provider-workato. */
  entry: 'cdktf-provider-workato' | 'cdktn-provider-workato';
  /** Installed next to the two tarballs, e.g. `cdktn@0.24.0`, `constructs@10.7.2`. */
  packages: string[];
  /** Must not be installed. */
  absent: string[];
  /** More cases on the same installed project (run after the node ones). */
  more?: (project: () => PackedProject) => void;
}): void {
  const { library, entry } = options;
  let packDir: string;
  let project: PackedProject | undefined;
  const get = (): PackedProject => {
    if (!project) throw new Error('the project was not installed (see the first failure)');
    return project;
  };

  beforeAll(async () => {
    packDir = mkdtempSync(join(tmpdir(), 'workato-pack-'));
    const started = Date.now();
    const tarballs = await packPackages(packDir);
    const packed = Date.now();
    const { dir, install } = await installProject([tarballs['terraform-provider-workato'], tarballs[entry], ...options.packages]);
    process.stderr.write(`packed ${library} app: npm run pack ${packed - started} ms, npm install ${install.ms} ms\n`);
    transpile(dir, 'main.ts', userApp(library, entry));
    const ws = await workspace();
    project = {
      dir,
      pluginDir: await pluginDirFrom(dir),
      ws,
      env: { WORKATO_BASE_URL: ws.emulator.url, TF_VAR_client_secret: SECRET, TF_VAR_slack_token: TOKEN },
    };
  }, 300_000);

  afterAll(async () => {
    await project?.ws.close();
    if (project) rmSync(project.dir, { recursive: true, force: true });
    if (packDir) rmSync(packDir, { recursive: true, force: true });
  });

  test(`installs with ${options.packages.join(' and ')} only`, () => {
    const { dir } = get();
    for (const name of options.absent) expect(`${name}: ${existsSync(join(dir, 'node_modules', name))}`).toBe(`${name}: false`);
    expect(existsSync(join(dir, 'node_modules', library, 'package.json'))).toBe(true);
  });

  test('the package\'s commands work without the other library', async () => {
    const { dir } = get();
    const bin = (name: string) => join(dir, 'node_modules', '.bin', name);
    for (const name of ['workato-emulator', 'workato-drift']) {
      const help = await run(bin(name), ['--help'], { cwd: dir, timeoutMs: 30_000 });
      expect({ name, code: help.code, usage: help.stdout.startsWith(`Usage: ${name}`) }).toEqual({ name, code: 0, usage: true });
    }
    const provider = await run(bin('terraform-provider-workato'), [], { cwd: dir, timeoutMs: 30_000 });
    expect(provider.output).toContain(`This is a Terraform provider plugin (workato ${PACKAGE_VERSION})`);
  });

  test('neither the package nor anything it brings names the other library', () => {
    const { dir } = get();
    const other = library === 'cdktf' ? 'cdktn' : 'cdktf';
    const manifest = JSON.parse(readFileSync(join(dir, 'node_modules', entry, 'package.json'), 'utf8'));
    const fields = ['dependencies', 'peerDependencies', 'optionalDependencies', 'peerDependenciesMeta', 'bundleDependencies'];
    const named = fields.flatMap((field) => Object.keys(manifest[field] ?? {}).map((name) => `${field}: ${name}`));
    expect(named.filter((line) => line.includes(other))).toEqual([]);
    expect(manifest.dependencies).toEqual({ 'terraform-provider-workato': PACKAGE_VERSION });
    expect(installedPackages(dir).filter((name) => name === other || name.startsWith(`${other}-`) || name.startsWith(`@${other}/`))).toEqual([]);
  });

  test("the plugin directory its README names is terraform-provider-workato's", () => {
    const { dir, pluginDir } = get();
    expect(pluginDir).toBe(join(realpathSync(dir), 'node_modules', 'terraform-provider-workato', 'dist', 'terraform-providers'));
    expect(existsSync(join(pluginDir, 'registry.terraform.io', 'workato-iac', 'workato', PACKAGE_VERSION, 'linux_amd64'))).toBe(true);
  });

  test(`the app type-checks against the installed package (${entry})`, () => {
    const { dir } = get();
    expect(typeCheck(dir, ['main.ts'])).toEqual([]);
  });

  test('a literal secret is refused at synth, and nothing holds it', async () => {
    const { dir } = get();
    const synth = await run(process.execPath, ['main.js'], { cwd: dir, env: cleanEnv({ WORKATO_USE_LITERAL_SECRET: '1' }) });
    expect(synth.code).not.toBe(0);
    expect(synth.stderr).toContain(
      'CustomOAuthProfile sales-ops/salesforce: clientSecret must be a token, but a literal string was provided',
    );
    expect(synth.stderr).toContain("new TerraformVariable(this, 'salesforce_client_secret', { type: 'string', sensitive: true })");
    expect(existsSync(join(dir, 'cdktf.out', 'stacks', 'sales-ops', 'cdk.tf.json'))).toBe(false);
  });

  test('synthesizes with sensitive variables, pinning the provider to the package version', async () => {
    const { dir } = get();
    const synth = await run(process.execPath, ['main.js'], { cwd: dir });
    expect({ code: synth.code, stderr: synth.stderr }).toEqual({ code: 0, stderr: '' });
    const text = readFileSync(join(dir, 'cdktf.out', 'stacks', 'sales-ops', 'cdk.tf.json'), 'utf8');
    expect(text).not.toContain(SECRET);
    const config = JSON.parse(text);
    expect(config.terraform.required_providers.workato).toEqual({
      source: 'registry.terraform.io/workato-iac/workato',
      version: PACKAGE_VERSION,
    });
    expect(config.resource.workato_custom_oauth_profile.salesforce.client_secret).toBe('${var.client_secret}');
    expect(config.resource.workato_custom_oauth_profile.slack.token_wo).toBe('${var.slack_token}');
  });

  test("terraform applies it against the emulator with the package's provider, then plans nothing and destroys", async () => {
    const { dir, ws, env } = get();
    const stackDir = join(dir, 'cdktf.out', 'stacks', 'sales-ops');
    // As the README says, from the stack's folder: node finds the package from there upwards.
    await ws.tf(['init', '-no-color', `-plugin-dir=${await pluginDirFrom(stackDir)}`], { cwd: stackDir });
    const apply = await ws.tf(['apply', '-auto-approve', '-no-color'], { cwd: stackDir, env });
    expect(apply.output).toContain('2 added');
    expect(apply.output).not.toContain(SECRET);

    const byProvider = Object.fromEntries(ws.emulator.profiles().map((p) => [p.provider, p]));
    expect(byProvider.salesforce.data).toEqual({ client_id: 'sales-ops-sf', client_secret: SECRET });
    expect(byProvider.slack.data).toEqual({ client_id: 'sales-ops-slack', client_secret: SECRET, token: TOKEN });
    expect(readFileSync(join(dir, 'sales-ops.tfstate'), 'utf8')).not.toContain(TOKEN); // write-only

    const plan = await ws.tf(['plan', '-detailed-exitcode', '-no-color'], { cwd: stackDir, env });
    expect(plan.code).toBe(0);
    await ws.tf(['destroy', '-auto-approve', '-no-color'], { cwd: stackDir, env });
    expect(ws.emulator.profiles()).toHaveLength(0);
  });

  test(`adopts 3 existing profiles with workato-import --format ${library} and importFrom: 3 to import, 0 to change`, () =>
    // An account of its own: the other cases count the profiles of theirs.
    withWorkspace(async (ws) => {
      const { dir } = get();
      const seeded = [
        ws.emulator.seed({ name: 'Hand-made HubSpot', provider: 'hubspot', client_id: 'hs', client_secret: 'nobody-knows-1' }),
        ws.emulator.seed({ name: 'Hand-made Slack', provider: 'slack', client_id: 'sl', client_secret: 'nobody-knows-2', token: 'nobody-knows-3' }),
        ws.emulator.seed({ name: 'Hand-made Salesforce', provider: 'salesforce', client_id: 'sf', client_secret: 'nobody-knows-4' }),
      ];
      const env = cleanEnv({ WORKATO_API_TOKEN: API_TOKEN, WORKATO_BASE_URL: ws.emulator.url });
      const generate = await run(join(dir, 'node_modules', '.bin', 'workato-import'), ['--format', library, '--out', 'workato-profiles.ts'], { cwd: dir, env });
      expect({ code: generate.code, stderr: generate.stderr }).toMatchObject({ code: 0, stderr: expect.stringContaining('wrote workato-profiles.ts: 3 of 3 profiles') });
      const app = `import { App, LocalBackend, TerraformStack } from '${library}';
  import { WorkatoProvider } from '${entry}';
  import { addWorkatoProfiles } from './workato-profiles';

  const app = new App(${library === 'cdktn' ? "{ context: { targetVersions: { terraform: '>=1.11.0' } } }" : ''});
  const stack = new TerraformStack(app, 'adopted');
  new LocalBackend(stack, { path: \`\${process.cwd()}/adopted.tfstate\` });
  new WorkatoProvider(stack, 'workato', { requestsPerMinute: 600 });
  addWorkatoProfiles(stack);
  app.synth();
  `;
      transpile(dir, 'adopt.ts', app);
      transpile(dir, 'workato-profiles.ts', readFileSync(join(dir, 'workato-profiles.ts'), 'utf8'));
      expect(typeCheck(dir, ['adopt.ts'])).toEqual([]);
      const synth = await run(process.execPath, ['adopt.js'], { cwd: dir });
      expect({ code: synth.code, stderr: synth.stderr }).toEqual({ code: 0, stderr: '' });
      const stackDir = join(dir, 'cdktf.out', 'stacks', 'adopted');
      const config = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8'));
      expect(config.import.map((i: { id: string }) => i.id)).toEqual(seeded.map((p) => String(p.id)));

      await ws.tf(['init', '-no-color', `-plugin-dir=${await pluginDirFrom(stackDir)}`], { cwd: stackDir });
      const plan = await ws.tf(['plan', '-no-color'], { cwd: stackDir, env: { WORKATO_BASE_URL: ws.emulator.url } });
      expect(plan.output.replace(/\s+/g, ' ')).toContain('Plan: 3 to import, 0 to add, 0 to change, 0 to destroy.');
      const writes = () => ws.emulator.requests.filter((r) => r.method !== 'GET').length;
      const before = writes();
      await ws.tf(['apply', '-auto-approve', '-no-color'], { cwd: stackDir, env: { WORKATO_BASE_URL: ws.emulator.url } });
      expect(writes()).toBe(before);
      expect((await ws.tf(['plan', '-detailed-exitcode', '-no-color'], { cwd: stackDir, env: { WORKATO_BASE_URL: ws.emulator.url } })).code).toBe(0);
    }));

  options.more?.(get);
}
