// A temporary Terraform working directory wired to the built provider (dist/terraform-providers)
// and to a fresh emulator on 127.0.0.1, and a runner for the real CLI.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Emulator, EmulatorOptions, startEmulator } from '../../src/emulator';
import { providerBlock } from './hcl';

export const REPO_ROOT = resolve(__dirname, '..', '..');
// WORKATO_TEST_PLUGIN_DIR: test a copy of the plugin directory (e.g. while another build runs).
export const PLUGIN_DIR = process.env.WORKATO_TEST_PLUGIN_DIR ?? join(REPO_ROOT, 'dist', 'terraform-providers');
export const API_TOKEN = 'wrkprod-acceptance-test-token-7f3a';

export interface TfResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr together, for "the output mentions X" checks. */
  output: string;
}

export interface TfRunOptions {
  env?: Record<string, string | undefined>;
  /** Without it, a non-zero exit fails the test with the command's output. */
  allowFailure?: boolean;
  /** Kill the command after this many ms (default 90 s). */
  timeoutMs?: number;
  /** Run in this directory instead of the workspace (e.g. a synthesized CDKTF stack). */
  cwd?: string;
}

export interface Workspace {
  dir: string;
  emulator: Emulator;
  /** Runs `terraform <args>` in the workspace with -no-color where it applies. */
  tf(args: string[], options?: TfRunOptions): Promise<TfResult>;
  /** Writes main.tf (a provider block pointing at the emulator is prepended). */
  writeConfig(hcl: string, options?: { providerBlock?: string }): void;
  /** The parsed terraform.tfstate. */
  state(): TerraformState;
  /** The raw text of terraform.tfstate. */
  stateText(): string;
  /** `terraform init` from the plugin directory (in the workspace, or in `cwd`). */
  init(cwd?: string): Promise<TfResult>;
  close(): Promise<void>;
}

export interface TerraformState {
  resources: Array<{
    mode: string;
    type: string;
    name: string;
    instances: Array<{ attributes: Record<string, unknown>; sensitive_attributes?: unknown[] }>;
  }>;
}

export function requireBuiltProvider(): void {
  if (!existsSync(PLUGIN_DIR)) {
    throw new Error(`${PLUGIN_DIR} is missing: run \`npm run build\` first (npm test does it).`);
  }
}

export const PROVIDER_REQUIREMENTS = `terraform {
  required_providers {
    workato = {
      source = "workato-iac/workato"
    }
  }
}
`;

export function defaultProviderBlock(emulator: Emulator): string {
  return providerBlock(emulator);
}

export async function workspace(options: { emulator?: EmulatorOptions } = {}): Promise<Workspace> {
  requireBuiltProvider();
  const dir = mkdtempSync(join(tmpdir(), 'workato-acc-'));
  const cliConfig = join(dir, '.terraformrc');
  writeFileSync(cliConfig, '# empty: no registry, no plugin cache\n');
  const emulator = await startEmulator({ token: API_TOKEN, requestsPerMinute: 0, ...options.emulator });

  const baseEnv: Record<string, string | undefined> = {
    ...process.env,
    TF_CLI_CONFIG_FILE: cliConfig,
    CHECKPOINT_DISABLE: '1',
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    WORKATO_API_TOKEN: API_TOKEN,
    TF_LOG: undefined,
    TF_LOG_PATH: undefined,
    TF_PLUGIN_CACHE_DIR: undefined,
    WORKATO_BASE_URL: undefined,
    WORKATO_DATA_CENTER: undefined,
  };

  const tf = (args: string[], runOptions: TfRunOptions = {}): Promise<TfResult> =>
    new Promise((resolvePromise, reject) => {
      const env = Object.fromEntries(
        Object.entries({ ...baseEnv, ...runOptions.env }).filter(([, v]) => v !== undefined),
      ) as Record<string, string>;
      const child = spawn('terraform', args, { cwd: runOptions.cwd ?? dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      const timer = setTimeout(() => child.kill('SIGKILL'), runOptions.timeoutMs ?? 90_000);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        const result = { code: code ?? -1, stdout, stderr, output: stdout + stderr };
        // With -detailed-exitcode, 2 means "changes present", which is a successful plan.
        const ok = result.code === 0 || (result.code === 2 && args.includes('-detailed-exitcode'));
        if (!ok && !runOptions.allowFailure) {
          reject(new Error(`terraform ${args.join(' ')} exited ${result.code}\n${result.output}`));
        } else {
          resolvePromise(result);
        }
      });
    });

  return {
    dir,
    emulator,
    tf,
    writeConfig(hcl, opts = {}) {
      const providerBlock = opts.providerBlock ?? defaultProviderBlock(emulator);
      writeFileSync(join(dir, 'main.tf'), `${PROVIDER_REQUIREMENTS}\n${providerBlock}\n${hcl}`);
    },
    state() {
      return JSON.parse(readFileSync(join(dir, 'terraform.tfstate'), 'utf8')) as TerraformState;
    },
    stateText() {
      return readFileSync(join(dir, 'terraform.tfstate'), 'utf8');
    },
    init(cwd?: string) {
      return tf(['init', '-no-color', `-plugin-dir=${PLUGIN_DIR}`], { cwd });
    },
    async close() {
      await emulator.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs `body` in a workspace of its own (fresh directory and emulator), closed afterwards even
 * when the body fails: for a case whose commands do not fit `resourceTest`'s steps.
 */
export async function withWorkspace<T>(body: (ws: Workspace) => Promise<T>, options: { emulator?: EmulatorOptions } = {}): Promise<T> {
  const ws = await workspace(options);
  try {
    return await body(ws);
  } finally {
    await ws.close();
  }
}

/** The attributes of one resource instance in the state, by type and name. */
export function resourceAttributes(state: TerraformState, type: string, name: string): Record<string, unknown> {
  const r = state.resources.find((x) => x.mode === 'managed' && x.type === type && x.name === name);
  if (!r) throw new Error(`no ${type}.${name} in state`);
  return r.instances[0].attributes;
}

/** Every data source's attributes by type and name. */
export function dataAttributes(state: TerraformState, type: string, name: string): Record<string, unknown> {
  const r = state.resources.find((x) => x.mode === 'data' && x.type === type && x.name === name);
  if (!r) throw new Error(`no data.${type}.${name} in state`);
  return r.instances[0].attributes;
}
