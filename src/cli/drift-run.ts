// workato-drift's runner: `terraform plan` (which refreshes every profile with a GET) in a Terraform
// directory or a synthesized CDKTF stack, then `terraform show -json`; the plan file, which holds
// sensitive values, lives in a private temporary folder that is removed afterwards, Ctrl-C included.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { interruptChild, onInterrupt } from './cleanup';
import { analysePlan, type DriftReport, type PlanJson } from './drift-plan';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const unregister = onInterrupt(interruptChild(child));
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', (e) =>
      reject(new Error(`could not run ${cmd}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found on PATH' : e.message}`)),
    );
    child.on('close', (code) => {
      unregister();
      resolvePromise({ code: code ?? 1, stdout, stderr });
    });
  });
}

export interface DriftOptions {
  directory: string;
  terraform?: string;
  env?: NodeJS.ProcessEnv;
  /** Extra arguments for `terraform plan`, e.g. `-var-file=prod.tfvars`. */
  planArgs?: string[];
}

/** Why `directory` cannot be planned yet, with what to do; null when it can. */
export function directoryProblem(directory: string): string | null {
  if (!existsSync(directory)) return `${directory} does not exist.`;
  if (existsSync(join(directory, '.terraform'))) return null;
  const stacksDir = join(directory, 'cdktf.out', 'stacks');
  if (existsSync(join(directory, 'cdktf.json')) || existsSync(stacksDir)) {
    const stacks = existsSync(stacksDir) ? readdirSync(stacksDir) : [];
    return (
      `${directory} is a CDKTF project: point workato-drift at a synthesized stack instead, ` +
      (stacks.length
        ? `e.g. ${stacks.map((s) => join(directory, 'cdktf.out', 'stacks', s)).join(' or ')}`
        : 'under cdktf.out/stacks/ (run the app or `cdktf synth` first)') +
      ', after `terraform init` there.'
    );
  }
  return (
    `${directory} is not initialized: run \`terraform init\` there first (for a provider installed from ` +
    'a plugin directory: `terraform init -plugin-dir=<path>/dist/terraform-providers`).'
  );
}

/** Plans in `directory` (already `terraform init`-ed) and analyses the plan. */
export async function checkDrift(options: DriftOptions): Promise<DriftReport> {
  const directory = resolve(options.directory);
  const terraform = options.terraform ?? 'terraform';
  const env = { ...process.env, ...options.env, TF_IN_AUTOMATION: '1', TF_INPUT: '0' };
  const problem = directoryProblem(directory);
  if (problem) throw new Error(problem);
  // The plan file holds sensitive values: keep it in a private temporary folder, then remove it.
  const scratch = mkdtempSync(join(tmpdir(), 'workato-drift-'));
  const removeScratch = () => rmSync(scratch, { recursive: true, force: true });
  const unregister = onInterrupt(removeScratch);
  try {
    const planFile = join(scratch, 'drift.tfplan');
    const planArgs = ['plan', '-input=false', '-no-color', '-lock=false', `-out=${planFile}`, ...(options.planArgs ?? [])];
    const plan = await run(terraform, planArgs, directory, env);
    if (plan.code !== 0) {
      const output = (plan.stderr || plan.stdout).trim();
      const hint = /No value for required variable/.test(output)
        ? '\nGive every variable a value as for `terraform plan`: TF_VAR_<name> environment variables, or ' +
          'plan arguments after `--` (e.g. `workato-drift DIR -- -var-file=prod.tfvars`).'
        : '';
      throw new Error(`terraform plan failed in ${directory}:\n${output}${hint}`);
    }
    const show = await run(terraform, ['show', '-json', planFile], directory, env);
    if (show.code !== 0) throw new Error(`terraform show failed:\n${show.stderr.trim()}`);
    return analysePlan(JSON.parse(show.stdout) as PlanJson, directory);
  } finally {
    unregister();
    removeScratch();
  }
}
