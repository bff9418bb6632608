// Builds the toy provider (test/plugin/fixtures) into a Terraform plugin directory with the same
// bundler settings as the real provider, and runs processes and the terraform CLI against it.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { bundleProvider, installPlugin } = require(join(root, 'scripts/bundle.js')) as {
  bundleProvider(o: { entry: string; outfile: string }): Promise<void>;
  installPlugin(o: { bundle: string; pluginDir: string; namespace: string; type: string; version: string; platforms?: string[] }): string[];
};

export const MAGIC_COOKIE = 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2';

export interface ToyPlugin {
  /** The directory to pass to `terraform init -plugin-dir`. */
  pluginDir: string;
  /** The executable for this machine. */
  executable: string;
  /** Removes the temporary directory. */
  dispose(): void;
}

/** Bundles the toy provider once into a fresh temporary plugin directory. */
export async function buildToyPlugin(): Promise<ToyPlugin> {
  const dir = mkdtempSync(join(tmpdir(), 'toy-plugin-'));
  const bundle = join(dir, 'toy.js');
  await bundleProvider({ entry: join(__dirname, 'fixtures/toy-main.ts'), outfile: bundle });
  const pluginDir = join(dir, 'plugins');
  const platform = `${process.platform}_${process.arch === 'x64' ? 'amd64' : process.arch}`;
  const [executable] = installPlugin({ bundle, pluginDir, namespace: 'workato-iac', type: 'toy', version: '0.0.1', platforms: [platform] });
  return { pluginDir, executable, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs a command to completion (never rejects on a non-zero exit). */
export function run(cmd: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(cmd, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code: code ?? -1, stdout, stderr, ms: performance.now() - started });
    });
  });
}
