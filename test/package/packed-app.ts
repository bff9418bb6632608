// A user's project, outside the repository, on the packed packages: `npm run pack`, then
// `npm install` of the tarballs (with one CDK library, cdktf or cdktn, or none) in a fresh temporary
// directory, from the npm cache that `npm ci` filled (--prefer-offline). The app is TypeScript,
// type-checked against what was installed and run with plain node.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import * as ts from 'typescript';
import { standalone } from '../release/fixture';

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const PACKAGE_VERSION: string = JSON.parse(
  spawnSync(process.execPath, ['-p', 'JSON.stringify(require("./package.json").version)'], { cwd: REPO_ROOT, encoding: 'utf8' })
    .stdout,
);

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
  output: string;
  ms: number;
}

/** The environment without what `npm test` sets for its own package (npm_package_*, npm_config_* of the repo, …). */
export function cleanEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const keep = new Set(['npm_config_cache', 'npm_config_registry', 'npm_config_userconfig']);
  const env: Record<string, string | undefined> = { ...process.env };
  for (const name of Object.keys(env)) {
    if (name.toLowerCase().startsWith('npm_') && !keep.has(name.toLowerCase())) delete env[name];
  }
  for (const name of ['TF_LOG', 'TF_LOG_PATH', 'TF_PLUGIN_CACHE_DIR', 'TF_DATA_DIR', 'TF_WORKSPACE', 'WORKATO_BASE_URL', 'WORKATO_DATA_CENTER']) {
    delete env[name];
  }
  return Object.fromEntries(Object.entries({ ...env, ...extra }).filter(([, v]) => v !== undefined)) as Record<string, string>;
}

/** Runs a command; never rejects on a non-zero exit (the caller checks `code`). */
export function run(
  command: string,
  args: string[],
  options: { cwd: string; env?: Record<string, string>; timeoutMs?: number },
): Promise<CommandResult> {
  const started = Date.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 180_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code: code ?? -1, stdout, stderr, output: stdout + stderr, ms: Date.now() - started });
    });
  });
}

export function npm(): string {
  return process.platform === 'win32' ? 'npm.cmd' : 'npm';
}

/** The three tarballs of `npm run pack`, by package name. */
export type Tarballs = Record<'terraform-provider-workato' | 'cdktf-provider-workato' | 'cdktn-provider-workato', string>;

/**
 * `npm run pack -- --out <dir>` of the built repository, as a user or CI runs it (a child process:
 * esbuild's service does not run inside a jest worker): the three tarballs.
 */
export async function packPackages(dir: string): Promise<Tarballs> {
  const result = await run(npm(), ['run', '--silent', 'pack', '--', '--out', dir], { cwd: REPO_ROOT, timeoutMs: 120_000 });
  if (result.code !== 0) throw new Error(`npm run pack failed:\n${result.output}`);
  const tarballs: Partial<Tarballs> = {};
  for (const name of ['terraform-provider-workato', 'cdktf-provider-workato', 'cdktn-provider-workato'] as const) {
    const file = join(dir, `${name}-${PACKAGE_VERSION}.tgz`);
    if (!existsSync(file)) throw new Error(`npm run pack did not write ${file}:\n${result.output}`);
    tarballs[name] = file;
  }
  return tarballs as Tarballs;
}

/**
 * A fresh project in a temporary directory with `specs` (tarball paths and package specs)
 * installed, the way a user would (`npm install`), from the npm cache when it holds them.
 */
export async function installProject(specs: string[], options: { flags?: string[] } = {}): Promise<{ dir: string; install: CommandResult }> {
  const dir = mkdtempSync(join(tmpdir(), 'workato-user-app-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'user-app', version: '1.0.0', private: true }, null, 2));
  const install = await run(
    npm(),
    ['install', '--prefer-offline', '--no-audit', '--no-fund', '--no-update-notifier', ...(options.flags ?? []), ...specs],
    { cwd: dir, timeoutMs: 300_000 },
  );
  if (install.code !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`npm install in a fresh project failed:\n${install.output}`);
  }
  return { dir, install };
}

/** `npm install` of more packages into an installed project, from the npm cache when it holds them. */
export async function installMore(dir: string, packages: string[], flags: string[] = []): Promise<CommandResult> {
  const install = await run(npm(), ['install', '--prefer-offline', '--no-audit', '--no-fund', '--no-update-notifier', ...flags, ...packages], {
    cwd: dir,
    timeoutMs: 300_000,
  });
  if (install.code !== 0) throw new Error(`npm install ${packages.join(' ')} failed:\n${install.output}`);
  return install;
}

/** The plugin directory as the packages' READMEs find it: `node -p "require('terraform-provider-workato').pluginDir"` in `cwd`. */
export async function pluginDirFrom(cwd: string): Promise<string> {
  const result = await run(process.execPath, ['-p', "require('terraform-provider-workato').pluginDir"], { cwd });
  if (result.code !== 0) throw new Error(`require('terraform-provider-workato').pluginDir failed in ${cwd}:\n${result.output}`);
  return result.stdout.trim();
}

/** The packages in `node_modules` of a project (scoped ones as `@scope/name`), sorted. */
export function installedPackages(dir: string): string[] {
  const modules = join(dir, 'node_modules');
  const names: string[] = [];
  for (const entry of readdirSync(modules)) {
    if (entry.startsWith('.')) continue;
    if (entry.startsWith('@')) for (const inner of readdirSync(join(modules, entry))) names.push(`${entry}/${inner}`);
    else names.push(entry);
  }
  return names.sort();
}

/**
 * Type-checks `files` (in `dir`) as a user's project would, with the module resolution of
 * cdktf's and cdktn's project templates (`node`, i.e. node10) and of `node16`; the errors.
 */
export function typeCheck(dir: string, files: string[]): string[] {
  const errors: string[] = [];
  for (const [module, moduleResolution] of [
    [ts.ModuleKind.CommonJS, ts.ModuleResolutionKind.Node10],
    [ts.ModuleKind.Node16, ts.ModuleResolutionKind.Node16],
  ] as const) {
    const program = ts.createProgram(
      files.map((file) => join(dir, file)),
      {
        target: ts.ScriptTarget.ES2022,
        module,
        moduleResolution,
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: ['node'],
        typeRoots: [join(REPO_ROOT, 'node_modules', '@types')],
      },
    );
    for (const d of ts.getPreEmitDiagnostics(program)) {
      const where = d.file ? `${d.file.fileName.replace(dir, '.')}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : '';
      errors.push(`${moduleResolution === ts.ModuleResolutionKind.Node10 ? 'node10' : 'node16'} ${where} TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
    }
  }
  return errors;
}

/** Transpiles a TypeScript file of the project to the CommonJS file beside it (`main.ts` → `main.js`). */
export function transpile(dir: string, file: string, source: string): void {
  writeFileSync(join(dir, file), source);
  const { outputText } = ts.transpileModule(source, {
    fileName: file,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  writeFileSync(join(dir, file.replace(/\.ts$/, '.js')), outputText);
}

/**
 * The user's app: a Salesforce profile whose client secret is a sensitive variable (kept in state)
 * and a Slack profile with write-only secrets. `WORKATO_USE_LITERAL_SECRET=1` passes the Salesforce
 * secret as a literal instead, which the construct must refuse.
 */
export function userApp(library: 'cdktf' | 'cdktn', entry: string): string {
  // cdktn refuses write-only attributes unless the app targets Terraform >= 1.11.
  const context = library === 'cdktn' ? "{ context: { targetVersions: { terraform: '>=1.11.0' } } }" : '';
  return `import { App, LocalBackend, TerraformOutput, TerraformStack, TerraformVariable } from '${library}';
import { Construct } from 'constructs';
import { CustomOAuthProfile, WorkatoProvider, customOauthProfile } from '${entry}';

class SalesOps extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    // Beside the app, not in cdktf.out, which every synth replaces.
    new LocalBackend(this, { path: \`\${process.cwd()}/sales-ops.tfstate\` });
    // The URL and the API token come from WORKATO_BASE_URL and WORKATO_API_TOKEN.
    new WorkatoProvider(this, 'workato', { requestsPerMinute: 600 });
    const secret = new TerraformVariable(this, 'client_secret', { type: 'string', sensitive: true });
    const token = new TerraformVariable(this, 'slack_token', { type: 'string', sensitive: true });
    const salesforce = new CustomOAuthProfile(this, 'salesforce', {
      name: 'Sales Ops Salesforce',
      providerName: 'salesforce',
      clientId: 'sales-ops-sf',
      clientSecret: process.env.WORKATO_USE_LITERAL_SECRET === '1' ? 'literal-secret-${library}-5d1e' : secret.stringValue,
    });
    const slack = new CustomOAuthProfile(this, 'slack', {
      name: 'Sales Ops Slack',
      providerName: 'slack',
      clientId: 'sales-ops-slack',
      clientSecretWriteOnly: secret.stringValue,
      clientSecretWriteOnlyVersion: 1,
      tokenWriteOnly: token.stringValue,
      tokenWriteOnlyVersion: 1,
    });
    const resource: customOauthProfile.CustomOauthProfile = salesforce.resource;
    new TerraformOutput(this, 'salesforce_id', { value: resource.id });
    new TerraformOutput(this, 'slack_created_at', { value: slack.createdAt });
  }
}

const app = new App(${context});
new SalesOps(app, 'sales-ops');
app.synth();
`;
}

/** A CLI config that installs the provider from the package's plugin directory, and nothing from a registry. */
export function writeMirrorCliConfig(dir: string, pluginDir: string): string {
  const file = join(dir, 'mirror.tfrc');
  writeFileSync(
    file,
    `provider_installation {
  filesystem_mirror {
    path    = ${JSON.stringify(pluginDir)}
    include = ["registry.terraform.io/workato-iac/workato"]
  }
}
`,
  );
  return file;
}

export function ensureDir(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Node 22 for cdktn-cli (which needs Node >= 22.19): the Node of the standalone executables, from
 * the npm package of their linux_amd64 build. Not a devDependency: its `node` bin would replace
 * the repository's Node in every npm script. scripts/release/standalone.js pins its tarball's
 * SHA-256, fetches it and caches it; the release tests use the same.
 */
export const NODE_22 = {
  spec: `${standalone.NODE_BASES.linux_amd64.pkg}@${standalone.NODE_VERSION}`,
  version: `v${standalone.NODE_VERSION}`,
};

/**
 * A directory whose only file is `node`, Node 22 for linux x64: standalone.js's `nodeBinary`, which
 * fetches the tarball once (`npm pack`, from the npm cache when it holds it) into the release cache,
 * checks it against the pinned SHA-256 and unpacks the binary. Undefined on other platforms.
 */
export async function node22BinDir(): Promise<string | undefined> {
  if (process.platform !== 'linux' || process.arch !== 'x64') return undefined;
  return dirname(await standalone.nodeBinary('linux_amd64'));
}
