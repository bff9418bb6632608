// Acceptance test cases as lists of steps, in the manner of terraform-plugin-testing's
// resource.Test: each case gets its own workspace (Terraform directory and emulator), runs its
// steps in order, checks that the plan is empty after every apply, and with checkDestroy ends
// with a destroy.
//
//   await resourceTest({
//     env: { TF_VAR_secret: 's' },
//     steps: [
//       { config: HCL, check: (ctx) => expect(ctx.emulator.profiles()).toHaveLength(1) },
//       { preConfig: (ctx) => ctx.emulator.remove(1), planOnly: true, expectNonEmptyPlan: true },
//       { importState: true, resourceName: 'workato_custom_oauth_profile.x', importStateVerify: true },
//     ],
//   });

import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Emulator, EmulatorOptions } from '../../src/emulator';
import { TerraformState, TfResult, TfRunOptions, Workspace, workspace } from './workspace';

type Env = Record<string, string | undefined>;

/** What a step's hooks see. */
export interface StepContext {
  ws: Workspace;
  emulator: Emulator;
  /** The step's plan: for a config step apply's output (which shows the plan first), for a planOnly step the plan. */
  plan?: TfResult;
  /** The step's main command: apply, destroy or import (or the failed command, with expectError). */
  result?: TfResult;
  /** The parsed terraform.tfstate. */
  state(): TerraformState;
  /** A managed resource's attributes in the state, by address (`workato_custom_oauth_profile.x`). */
  attributes(address: string): Record<string, unknown>;
  /** Runs terraform in the workspace with the case's and the step's environment. */
  tf(args: string[], options?: TfRunOptions): Promise<TfResult>;
}

export interface TestStep {
  /** Shown when the step fails. */
  name?: string;
  /** HCL written to main.tf below the provider block; without it the previous step's stays. */
  config?: string;
  /** Replaces the default provider block (a `base_url` pointing at the emulator). */
  providerBlock?: string;
  /** Added to the case's environment for this step's commands. */
  env?: Env;
  /** Runs before the step's commands: change something out of band, inject a fault, … */
  preConfig?(ctx: StepContext): void | Promise<void>;
  /** Plan only, no apply: the plan must be empty unless expectNonEmptyPlan. */
  planOnly?: boolean;
  /** The plan after apply (or the planOnly plan) is expected to show changes. */
  expectNonEmptyPlan?: boolean;
  /** Run `terraform destroy` instead of apply. */
  destroy?: boolean;
  /** Arguments for the step's plan, apply or destroy (e.g. `-refresh=false`). */
  args?: string[];
  /** The step must fail with output matching this; check still runs (ctx.result is the failure). */
  expectError?: RegExp;
  /** `terraform import resourceName ID` into a separate state, compared with the current one. */
  importState?: boolean;
  /** The address to import. */
  resourceName?: string;
  /** The id to import; by default the `id` of resourceName in the current state. */
  importStateId?: string | ((ctx: StepContext) => string);
  /** Compare every attribute of the imported object with the current state's. */
  importStateVerify?: boolean;
  /** Attributes the comparison skips (e.g. secrets, which an import cannot read). */
  importStateVerifyIgnore?: string[];
  check?(ctx: StepContext): void | Promise<void>;
}

export interface ResourceTestCase {
  steps: TestStep[];
  /** The environment of every command (e.g. TF_VAR_… for the configuration's variables). */
  env?: Env;
  /** Options of the case's emulator. */
  emulator?: EmulatorOptions;
  /**
   * With it, the case ends with `terraform destroy` (unless its last step destroyed), then this
   * check. Without it there is no final destroy: the workspace's emulator goes with the workspace.
   */
  checkDestroy?(ctx: StepContext): void | Promise<void>;
}

function managedInstance(state: TerraformState, address: string): TerraformState['resources'][number]['instances'][number] {
  const at = address.lastIndexOf('.');
  const [type, name] = [address.slice(0, at), address.slice(at + 1)];
  const r = state.resources.find((x) => x.mode === 'managed' && x.type === type && x.name === name);
  if (!r) throw new Error(`no ${address} in the state`);
  return r.instances[0];
}

function managedAttributes(state: TerraformState, address: string): Record<string, unknown> {
  return managedInstance(state, address).attributes;
}

/** The top-level attributes the state marks sensitive (`[[{"type":"get_attr","value":NAME}], …]`). */
function sensitiveNames(instance: TerraformState['resources'][number]['instances'][number]): Set<string> {
  const names = new Set<string>();
  for (const path of instance.sensitive_attributes ?? []) {
    const first = Array.isArray(path) ? (path[0] as { type?: string; value?: unknown } | undefined) : undefined;
    if (first?.type === 'get_attr' && typeof first.value === 'string') names.add(first.value);
  }
  return names;
}

/** Runs a test case: a fresh workspace, every step in order, a final destroy, then cleanup. */
export async function resourceTest(testCase: ResourceTestCase): Promise<void> {
  if (testCase.steps.length === 0) throw new Error('resourceTest: give at least one step');
  if (testCase.steps[0].config === undefined) throw new Error('resourceTest: the first step needs a config');
  const ws = await workspace({ emulator: testCase.emulator });
  let stepEnv: Env = {};
  const tf = (args: string[], options: TfRunOptions = {}) =>
    ws.tf(args, { ...options, env: { ...testCase.env, ...stepEnv, ...options.env } });
  const ctx: StepContext = {
    ws,
    emulator: ws.emulator,
    state: () => ws.state(),
    attributes: (address) => managedAttributes(ws.state(), address),
    tf,
  };
  let where = 'setup';
  try {
    let initialized = false;
    let destroyed = false;
    for (const [index, step] of testCase.steps.entries()) {
      where = `step ${index + 1} of ${testCase.steps.length}${step.name ? ` (${step.name})` : ''}`;
      stepEnv = step.env ?? {};
      ctx.plan = undefined;
      ctx.result = undefined;
      if (step.config !== undefined) ws.writeConfig(step.config, { providerBlock: step.providerBlock });
      if (!initialized) {
        await ws.init();
        initialized = true;
      }
      await step.preConfig?.(ctx);
      await runStep(step, ctx);
      destroyed = step.destroy === true && step.expectError === undefined;
      await step.check?.(ctx);
    }
    if (testCase.checkDestroy) {
      where = 'final destroy';
      stepEnv = {};
      if (!destroyed && hasResources(ws)) await tf(['destroy', '-auto-approve', '-no-color']);
      await testCase.checkDestroy(ctx);
    }
  } catch (error) {
    if (error instanceof Error) {
      // The stack first: V8 writes it on first read, with the message of that moment.
      const stack = error.stack;
      const first = error.message.split('\n')[0];
      error.message = `${where}: ${error.message}`;
      if (stack) error.stack = stack.replace(first, `${where}: ${first}`);
    }
    throw error;
  } finally {
    await ws.close();
  }
}

function hasResources(ws: Workspace): boolean {
  return existsSync(join(ws.dir, 'terraform.tfstate')) && ws.state().resources.some((r) => r.mode === 'managed');
}

async function runStep(step: TestStep, ctx: StepContext): Promise<void> {
  const args = step.args ?? [];
  const allowFailure = step.expectError !== undefined;
  if (step.importState) return importStep(step, ctx);

  if (step.destroy) {
    ctx.result = await ctx.tf(['destroy', '-auto-approve', '-no-color', ...args], { allowFailure });
    return expectOutcome(step, ctx.result);
  }

  if (step.planOnly) {
    ctx.plan = await ctx.tf(['plan', '-detailed-exitcode', '-no-color', ...args], { allowFailure });
    if (allowFailure) return expectOutcome(step, ctx.plan);
    return expectPlan(step, ctx.plan, 'the plan');
  }

  // One command: apply prints its plan before it applies it.
  ctx.result = await ctx.tf(['apply', '-auto-approve', '-no-color', ...args], { allowFailure });
  ctx.plan = ctx.result;
  if (allowFailure) return expectOutcome(step, ctx.result);
  const after = await ctx.tf(['plan', '-detailed-exitcode', '-no-color', ...args.filter((a) => a !== '-refresh=false')]);
  expectPlan(step, after, 'the plan after apply');
}

function expectPlan(step: TestStep, plan: TfResult, what: string): void {
  const empty = plan.code === 0;
  if (!empty && !step.expectNonEmptyPlan) throw new Error(`${what} is not empty:\n${plan.output}`);
  if (empty && step.expectNonEmptyPlan) throw new Error(`${what} is empty, but a non-empty plan was expected:\n${plan.output}`);
}

function expectOutcome(step: TestStep, result: TfResult): void {
  if (step.expectError === undefined) return;
  if (result.code === 0) throw new Error(`expected an error matching ${step.expectError}, but the command succeeded:\n${result.output}`);
  if (!step.expectError.test(result.output)) throw new Error(`expected an error matching ${step.expectError}, got:\n${result.output}`);
}

async function importStep(step: TestStep, ctx: StepContext): Promise<void> {
  const address = step.resourceName;
  if (!address) throw new Error('an importState step needs resourceName');
  const id =
    typeof step.importStateId === 'function'
      ? step.importStateId(ctx)
      : (step.importStateId ?? String(managedAttributes(ctx.state(), address).id));
  // A state of its own, as terraform-plugin-testing imports into an empty one.
  const importedFile = join(ctx.ws.dir, 'import.tfstate');
  rmSync(importedFile, { force: true });
  try {
    ctx.result = await ctx.tf(['import', '-no-color', '-input=false', `-state=${importedFile}`, ...(step.args ?? []), address, id], {
      allowFailure: step.expectError !== undefined,
    });
    if (step.expectError !== undefined) return expectOutcome(step, ctx.result);
    const imported = managedAttributes(JSON.parse(readFileSync(importedFile, 'utf8')) as TerraformState, address);
    if (step.importStateVerify) {
      const instance = managedInstance(ctx.state(), address);
      const current = instance.attributes;
      const sensitive = sensitiveNames(instance);
      const shown = (k: string, v: unknown) => (sensitive.has(k) && v !== null && v !== undefined ? '(sensitive value)' : JSON.stringify(v));
      const ignore = new Set(step.importStateVerifyIgnore ?? []);
      const differing = [...new Set([...Object.keys(current), ...Object.keys(imported)])]
        .filter((k) => !ignore.has(k) && JSON.stringify(current[k] ?? null) !== JSON.stringify(imported[k] ?? null))
        .sort();
      if (differing.length > 0) {
        const rows = differing.map((k) => `  ${k}: state ${shown(k, current[k])}, imported ${shown(k, imported[k])}`);
        throw new Error(`the imported ${address} differs from the state:\n${rows.join('\n')}`);
      }
    }
  } finally {
    rmSync(importedFile, { force: true });
    rmSync(`${importedFile}.backup`, { force: true });
  }
}
