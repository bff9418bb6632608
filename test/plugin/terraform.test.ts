// Acceptance: the plugin layer with the real terraform CLI, through the toy provider. One
// workspace walks the whole life cycle: validate (a diagnostic at the attribute's line), plan,
// apply, an empty second plan, write-only values kept out of state, drift, import (command and
// block), destroy. Another checks numbers beyond float64 end to end, and what Terraform makes of
// creates that go wrong: a result that does not fit the schema, an inconsistent one, a crash. A
// third shows the schema's own rules (required, computed-only, whole numbers) at their lines.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildToyPlugin, run, type RunResult, type ToyPlugin } from './toy-plugin';

const WRITE_ONLY_SECRET = 'wo-secret-5f2a9c';
const STORED_SECRET = 'stored-secret-81d3';

let toy: ToyPlugin;
let dir: string;
let storeFile: string;
const timings: Array<[string, number]> = [];

beforeAll(async () => {
  toy = await buildToyPlugin();
  dir = mkdtempSync(join(tmpdir(), 'toy-tf-'));
  storeFile = join(dir, 'store.json');
  // An empty CLI configuration: the machine's default may point at a file that does not exist.
  writeFileSync(join(dir, 'cli.tfrc'), '');
});

afterAll(() => {
  if (timings.length) process.stderr.write(`terraform with the toy provider:\n${timings.map(([c, ms]) => `  ${c}: ${ms.toFixed(0)} ms`).join('\n')}\n`);
  if (dir) rmSync(dir, { recursive: true, force: true });
  toy?.dispose();
});

function terraformEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('TF_')) env[k] = v;
  return { ...env, TF_CLI_CONFIG_FILE: join(dir, 'cli.tfrc'), CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', TF_INPUT: '0', TOY_STORE_FILE: storeFile, ...extra };
}

async function tf(args: string[], expectCode: number | number[] = 0, extraEnv: NodeJS.ProcessEnv = {}, cwd = dir): Promise<RunResult> {
  const r = await run('terraform', [...args, '-no-color'], { cwd, env: terraformEnv(extraEnv), timeoutMs: 90_000 });
  timings.push([`terraform ${args.join(' ')}`, r.ms]);
  const codes = Array.isArray(expectCode) ? expectCode : [expectCode];
  if (!codes.includes(r.code)) throw new Error(`terraform ${args.join(' ')} exited ${r.code}, expected ${codes.join(' or ')}\n${r.stdout}\n${r.stderr}`);
  return r;
}

function writeConfig(thing: string, extra = ''): void {
  writeFileSync(
    join(dir, 'main.tf'),
    `terraform {
  required_providers {
    toy = { source = "workato-iac/toy" }
  }
}

provider "toy" {}

resource "toy_thing" "a" {
${thing}
}

data "toy_thing" "a" {
  id = toy_thing.a.id
}

output "revision" {
  value = data.toy_thing.a.revision
}
${extra}`,
  );
}

const thingA = (name: string, size = 3) => `  name        = "${name}"
  size        = ${size}
  tags        = { env = "dev" }
  secret      = "${STORED_SECRET}"
  password_wo = "${WRITE_ONLY_SECRET}"`;

interface State {
  resources: Array<{ mode: string; type: string; name: string; instances: Array<{ status?: string; attributes: Record<string, unknown> }> }>;
}
const state = (): State => JSON.parse(readFileSync(join(dir, 'terraform.tfstate'), 'utf8')) as State;
const attributes = (name: string) => state().resources.find((r) => r.mode === 'managed' && r.name === name)!.instances[0].attributes;
const store = () => JSON.parse(readFileSync(storeFile, 'utf8')) as { nextId: number; things: Record<string, Record<string, unknown>> };

it('drives the toy provider through the whole life cycle', async () => {
  writeConfig(thingA('invalid'));
  await tf(['init', `-plugin-dir=${toy.pluginDir}`]);

  // validate: the provider's diagnostic is printed at the attribute's line (line 10 of main.tf).
  const invalid = await tf(['validate'], 1);
  expect(invalid.stderr).toContain('Error: Invalid name');
  expect(invalid.stderr).toContain('on main.tf line 10, in resource "toy_thing" "a":');
  expect(invalid.stderr).toMatch(/10:\s+name\s+= "invalid"/);

  writeConfig(thingA('alpha'));
  await tf(['validate']);

  // plan: computed values unknown, the write-only attribute shown as such.
  const plan = await tf(['plan', '-detailed-exitcode'], 2);
  expect(plan.stdout).toContain('Plan: 1 to add, 0 to change, 0 to destroy.');
  expect(plan.stdout).toMatch(/\+ id\s+= \(known after apply\)/);
  expect(plan.stdout).toMatch(/\+ password_wo\s+= \(write-only attribute\)/);
  expect(plan.stdout).toMatch(/\+ secret\s+= \(sensitive value\)/);

  // apply: created; the write-only value reached the provider but not the state.
  const apply = await tf(['apply', '-auto-approve']);
  expect(apply.stdout).toContain('Apply complete! Resources: 1 added, 0 changed, 0 destroyed.');
  expect(apply.stdout).toContain('revision = 1');
  const created = attributes('a');
  expect(created).toMatchObject({ id: 'thing-1', name: 'alpha', size: 3, tags: { env: 'dev' }, secret: STORED_SECRET, password_wo: null, revision: 1 });
  expect(readFileSync(join(dir, 'terraform.tfstate'), 'utf8')).not.toContain(WRITE_ONLY_SECRET);
  expect(store().things['thing-1'].password).toBe(WRITE_ONLY_SECRET);

  // a second plan is empty (and every provider process exits without go-plugin's 2 s wait).
  const again = await tf(['plan', '-detailed-exitcode'], 0, { TF_LOG: 'debug' });
  expect(again.stdout).toContain('No changes.');
  expect(again.stderr).not.toContain('plugin failed to exit gracefully');
  const providerLines = again.stderr.split('\n').filter((l) => l.includes('provider.terraform-provider-toy'));
  expect(providerLines.some((l) => l.includes('Received PlanResourceChange'))).toBe(true); // our JSON log lines, parsed by Terraform
  expect(providerLines.join('\n')).not.toContain(STORED_SECRET);

  // update: computed values recomputed, created_at kept by the resource's plan.
  writeConfig(thingA('alpha', 4));
  const update = await tf(['plan', '-detailed-exitcode'], 2);
  expect(update.stdout).toContain('Plan: 0 to add, 1 to change, 0 to destroy.');
  expect(update.stdout).toMatch(/~ revision\s+= 1 -> \(known after apply\)/);
  await tf(['apply', '-auto-approve']);
  expect(attributes('a')).toMatchObject({ size: 4, revision: 2, created_at: created.created_at, password_wo: null });

  // drift: a change made outside Terraform shows up in the plan and is put right by apply.
  const s = store();
  s.things['thing-1'].name = 'changed-elsewhere';
  writeFileSync(storeFile, JSON.stringify(s));
  const drift = await tf(['plan', '-detailed-exitcode'], 2);
  expect(drift.stdout).toMatch(/~ name\s+= "changed-elsewhere" -> "alpha"/);
  await tf(['apply', '-auto-approve']);
  expect(store().things['thing-1'].name).toBe('alpha');

  // import: an object made elsewhere comes under management and matches its configuration.
  const s2 = store();
  s2.things['thing-99'] = { name: 'beta', size: null, tags: null, secret: null, password: null, revision: 7, createdAt: '2026-01-01T00:00:00Z' };
  writeFileSync(storeFile, JSON.stringify(s2));
  writeConfig(thingA('alpha', 4), '\nresource "toy_thing" "imported" {\n  name = "beta"\n}\n');
  const imported = await tf(['import', 'toy_thing.imported', 'thing-99']);
  expect(imported.stdout).toContain('Import successful!');
  expect(attributes('imported')).toMatchObject({ id: 'thing-99', name: 'beta', revision: 7, password_wo: null });
  await tf(['plan', '-detailed-exitcode'], 0);

  // import {} blocks (Terraform 1.5+) go through the same RPC during plan and apply.
  const s3 = store();
  s3.things['thing-100'] = { name: 'gamma', size: 5, tags: null, secret: null, password: null, revision: 1, createdAt: '2026-01-02T00:00:00Z' };
  writeFileSync(storeFile, JSON.stringify(s3));
  writeConfig(
    thingA('alpha', 4),
    '\nresource "toy_thing" "imported" {\n  name = "beta"\n}\n' +
      '\nimport {\n  to = toy_thing.block\n  id = "thing-100"\n}\n\nresource "toy_thing" "block" {\n  name = "gamma"\n  size = 5\n}\n',
  );
  const importBlock = await tf(['apply', '-auto-approve']);
  expect(importBlock.stdout).toContain('Apply complete! Resources: 1 imported, 0 added, 0 changed, 0 destroyed.');
  expect(attributes('block')).toMatchObject({ id: 'thing-100', name: 'gamma', size: 5 });

  // destroy: everything goes, in the store and in the state.
  const destroy = await tf(['destroy', '-auto-approve']);
  expect(destroy.stdout).toContain('Destroy complete! Resources: 3 destroyed.');
  expect(store().things).toEqual({});
  expect(state().resources).toEqual([]);
});

it('keeps numbers beyond float64 exact, and records objects whose create went wrong', async () => {
  const ws = mkdtempSync(join(dir, 'numbers-'));
  const env = { TOY_STORE_FILE: join(ws, 'store.json'), TOY_CANCEL_GRACE_MS: '300' };
  const tfIn = (args: string[], code: number | number[] = 0) => tf(args, code, env, ws);
  const config = (...names: string[]) => {
    const things: Record<string, string> = {
      big: '  name = "big"\n  size = 20251128152430123\n  password_wo = "pw"\n  password_wo_version = 12345678901234567890',
      frac: '  name = "frac"\n  size = 0.30000000000000001',
      bad: '  name = "bad-state"',
      odd: '  name = "inconsistent-result"',
      crash: '  name = "crash-async"',
    };
    writeFileSync(
      join(ws, 'main.tf'),
      'terraform {\n  required_providers {\n    toy = { source = "workato-iac/toy" }\n  }\n}\n\nprovider "toy" {}\n' +
        names.map((n) => `\nresource "toy_thing" "${n}" {\n${things[n]}\n}\n`).join(''),
    );
  };
  const wsState = () => JSON.parse(readFileSync(join(ws, 'terraform.tfstate'), 'utf8')) as State;
  const instance = (name: string) => wsState().resources.find((r) => r.name === name)?.instances[0];

  // Numbers: applied, stored and planned again without a single digit lost.
  config('big', 'frac');
  await tfIn(['init', `-plugin-dir=${toy.pluginDir}`]);
  const applied = await tfIn(['apply', '-auto-approve']);
  expect(applied.stdout).toContain('Apply complete! Resources: 2 added, 0 changed, 0 destroyed.');
  const raw = readFileSync(join(ws, 'terraform.tfstate'), 'utf8');
  expect(raw).toMatch(/"size": 20251128152430123,/);
  expect(raw).toMatch(/"password_wo_version": 12345678901234567890,/);
  expect(raw).toMatch(/"size": 0.30000000000000001,/);
  const things = (JSON.parse(readFileSync(env.TOY_STORE_FILE, 'utf8')) as { things: Record<string, { name: string; size: unknown }> }).things;
  expect(Object.values(things).map((t) => t.size).sort()).toEqual(['0.30000000000000001', '20251128152430123']);
  // a second plan reads the stored state (UpgradeResourceState, JSON) and refreshes (ReadResource)
  const again = await tfIn(['plan', '-detailed-exitcode']);
  expect(again.stdout).toContain('No changes.');

  // A create whose result does not fit the schema, and one inconsistent with its plan: the error
  // is reported, and the object, which exists, is recorded as tainted rather than forgotten.
  config('big', 'frac', 'bad', 'odd');
  const failed = await tfIn(['apply', '-auto-approve'], 1);
  expect(failed.stderr).toContain('Error: Provider produced an invalid state after create');
  expect(failed.stderr).toContain('Error: Provider produced inconsistent result after apply');
  for (const name of ['bad', 'odd']) {
    expect(instance(name)?.status).toBe('tainted');
    expect(instance(name)?.attributes.id).toMatch(/^thing-\d+$/);
  }
  expect(instance('bad')!.attributes.revision).toBeNull(); // the part that did not fit
  const replan = await tfIn(['plan', '-detailed-exitcode'], 2);
  expect(replan.stdout).toContain('is tainted, so must be replaced');

  // A provider that crashes (an exception from a timer) while a create hangs: Terraform gets an
  // answer and an error instead of waiting forever, and the provider process exits.
  config('big', 'frac', 'crash');
  const crashed = await tfIn(['apply', '-auto-approve'], 1);
  expect(crashed.stderr).toContain('Error: Operation cancelled');
  expect(crashed.stderr).toContain('The provider hit an internal error and is exiting');
  // The toy had created the object and set its state before hanging: that state is kept (tainted).
  expect(instance('crash')?.status).toBe('tainted');
  expect(instance('crash')?.attributes.id).toMatch(/^thing-\d+$/);

  config('big', 'frac');
  await tfIn(['destroy', '-auto-approve']);
  expect(wsState().resources).toEqual([]);
});

it('enforces the schema\'s own rules under terraform validate, at each attribute\'s line, before the provider runs', async () => {
  const ws = mkdtempSync(join(dir, 'schema-'));
  const env = { TOY_STORE_FILE: join(ws, 'store.json') };
  const write = (providerBody: string) =>
    writeFileSync(
      join(ws, 'main.tf'),
      'terraform {\n  required_providers {\n    toy = { source = "workato-iac/toy" }\n  }\n}\n\n' +
        `provider "toy" {\n${providerBody}\n}\n\n` +
        'resource "toy_thing" "a" {\n  name                = null\n  revision            = 3\n  password_wo         = "pw"\n  password_wo_version = 1.5\n}\n\n' +
        'data "toy_thing" "d" {\n  id   = "thing-1"\n  name = "x"\n}\n',
    );
  const errorsOf = (stderr: string) => stderr.split(/(?=Error: )/).filter((e) => e.startsWith('Error: '));
  const expectErrors = (stderr: string, expected: Array<[string, number, RegExp]>) => {
    const errors = errorsOf(stderr);
    expect(errors).toHaveLength(expected.length);
    for (const [summary, line, text] of expected) {
      const e = errors.find((x) => x.startsWith(`Error: ${summary}`) && x.includes(`on main.tf line ${line},`));
      expect(e).toBeDefined();
      expect(e).toMatch(text);
    }
  };

  // The provider configuration first: Terraform validates it before anything else.
  write('  max_things = 2.5');
  await tf(['init', `-plugin-dir=${toy.pluginDir}`], 0, env, ws);
  expectErrors((await tf(['validate'], 1, env, ws)).stderr, [['Whole number required', 8, /max_things = 2.5/]]);

  write('  max_things = 2');
  const r = await tf(['validate'], 1, env, ws);
  expectErrors(r.stderr, [
    ['Missing required argument', 12, /name\s+= null/],
    ['Value for a read-only attribute', 13, /revision\s+= 3/],
    ['Whole number required', 15, /password_wo_version = 1.5/],
    ['Value for a read-only attribute', 20, /name = "x"/],
  ]);
});
