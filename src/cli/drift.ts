// workato-drift's core: run `terraform plan` (which refreshes every profile with a GET) in a
// Terraform directory or a synthesized CDKTF stack, read the plan as JSON, and report which profiles
// changed or vanished outside Terraform and what apply would change. Never prints a secret.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { interruptChild, onInterrupt } from './cleanup';

export const RESOURCE_TYPE = 'workato_custom_oauth_profile';

/** The attributes a reviewer can compare: everything Workato returns. Secrets are never listed. */
export const COMPARED_FIELDS = ['name', 'provider_name', 'client_id'] as const;
const SECRET_FIELDS = ['client_secret', 'client_secret_wo', 'token', 'token_wo'];

export type PlannedAction = 'create' | 'update' | 'delete' | 'replace' | 'forget' | 'none';

/** Shown instead of a value that Terraform marks sensitive (e.g. a name from a sensitive variable). */
export const SENSITIVE = '(sensitive value)';

export interface FieldDifference {
  field: string;
  /** What the configuration declares (null when the profile is no longer declared). */
  declared: string | null;
  /** What Workato returns now (null when the profile is gone). */
  live: string | null;
  /** What the last apply wrote to the state. */
  lastApplied: string | null;
}

export interface ProfileDrift {
  /** The resource address; a deposed object's address ends with "(deposed KEY)". */
  address: string;
  id: string | null;
  name: string | null;
  /** What happened outside Terraform since the last apply, to the fields Workato returns. */
  outside: 'changed' | 'deleted' | 'none';
  /** The fields that differ between declared, live and last applied values. */
  differences: FieldDifference[];
  /** What `terraform apply` would do to the profile. */
  plannedAction: PlannedAction;
  /** Apply would import the profile (an `import` block) before acting on it. */
  importing: boolean;
  /** Attributes apply would change (names only; values are shown for non-secret fields above). */
  changingAttributes: string[];
}

export interface DriftReport {
  directory: string;
  profiles: ProfileDrift[];
  summary: {
    changedOutside: number;
    deletedOutside: number;
    toImport: number;
    toCreate: number;
    toUpdate: number;
    toReplace: number;
    toDelete: number;
    toForget: number;
  };
  /** True when anything differs: drift outside Terraform or a change apply would make. */
  differs: boolean;
}

// --- terraform show -json, the parts read here ---------------------------------------------------

type Values = Record<string, unknown>;

interface PlanChange {
  actions: string[];
  before: Values | null;
  after: Values | null;
  after_unknown?: Values;
  before_sensitive?: Values | boolean;
  after_sensitive?: Values | boolean;
  importing?: { id?: string };
}
interface PlanResource {
  address: string;
  mode: string;
  type: string;
  deposed?: string;
  change: PlanChange;
}
export interface PlanJson {
  resource_drift?: PlanResource[];
  resource_changes?: PlanResource[];
  prior_state?: { values?: { root_module?: StateModule } };
}
interface StateModule {
  resources?: Array<{ address: string; mode: string; type: string; values: Values; sensitive_values?: Values }>;
  child_modules?: StateModule[];
}

/** An object's values with Terraform's mask of which of them are sensitive. */
interface Seen {
  values: Values;
  sensitive: Values | boolean;
}

function priorStateResources(plan: PlanJson): Map<string, Seen> {
  const out = new Map<string, Seen>();
  const walk = (m?: StateModule) => {
    if (!m) return;
    for (const r of m.resources ?? []) {
      if (r.mode === 'managed' && r.type === RESOURCE_TYPE) out.set(r.address, { values: r.values, sensitive: r.sensitive_values ?? {} });
    }
    for (const c of m.child_modules ?? []) walk(c);
  };
  walk(plan.prior_state?.values?.root_module);
  return out;
}

/** A field's value as text for the report; never a value Terraform marks sensitive. */
function field(seen: Seen | null, name: string): string | null {
  if (!seen) return null;
  if (seen.sensitive === true || (typeof seen.sensitive === 'object' && seen.sensitive[name] === true)) return SENSITIVE;
  const v = seen.values[name];
  if (v === null || v === undefined) return null;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function before(c: PlanChange): Seen | null {
  return c.before ? { values: c.before, sensitive: c.before_sensitive ?? {} } : null;
}
function after(c: PlanChange): Seen | null {
  return c.after ? { values: c.after, sensitive: c.after_sensitive ?? {} } : null;
}

function plannedAction(actions: string[]): PlannedAction {
  if (actions.includes('create') && actions.includes('delete')) return 'replace';
  if (actions.includes('create')) return 'create';
  if (actions.includes('delete')) return 'delete';
  if (actions.includes('update')) return 'update';
  if (actions.includes('forget')) return 'forget';
  return 'none';
}

const COMPUTED_FIELDS = ['updated_at', 'shared_accounts_count', 'oem_customers_count'];

function key(r: PlanResource): string {
  return r.deposed ? `${r.address} (deposed ${r.deposed})` : r.address;
}

/**
 * Builds the report from `terraform show -json <planfile>`. Pure. The plan JSON holds sensitive
 * values in plain text, so only the compared fields (masked where Terraform marks them sensitive)
 * and attribute names ever leave this function.
 */
export function analysePlan(plan: PlanJson, directory: string): DriftReport {
  const drift = new Map((plan.resource_drift ?? []).filter(isProfile).map((r) => [key(r), r]));
  const changes = new Map((plan.resource_changes ?? []).filter(isProfile).map((r) => [key(r), r]));
  // The plan's prior state is the refreshed one: what Workato returned.
  const refreshed = priorStateResources(plan);
  const addresses = [...new Set([...drift.keys(), ...changes.keys()])].sort();

  const profiles: ProfileDrift[] = addresses.map((address) => {
    const d = drift.get(address)?.change;
    const c = changes.get(address)?.change;
    const lastApplied = (d && before(d)) ?? refreshed.get(address) ?? (c && before(c)) ?? null;
    const deleted = !!d && d.after === null;
    const live = deleted ? null : ((d && after(d)) ?? refreshed.get(address) ?? (c && before(c)) ?? null);
    // Only the fields Workato returns count: counts and updated_at move in ordinary use.
    const changedOutside =
      !!d && !deleted && COMPARED_FIELDS.some((f) => JSON.stringify(d.before?.[f]) !== JSON.stringify(d.after?.[f]));
    const outside: ProfileDrift['outside'] = deleted ? 'deleted' : changedOutside ? 'changed' : 'none';
    const action = c ? plannedAction(c.actions) : 'none';
    // What the configuration declares: the planned values, unless the profile is being removed.
    const declared = action === 'delete' || action === 'forget' ? null : ((c && after(c)) ?? live);
    const declaredUnknown = c?.after_unknown ?? {};

    const differences: FieldDifference[] = [];
    for (const name of COMPARED_FIELDS) {
      const row: FieldDifference = {
        field: name,
        declared: declaredUnknown[name] === true ? '(known after apply)' : field(declared, name),
        live: field(live, name),
        lastApplied: field(lastApplied, name),
      };
      if (row.declared !== row.live || row.live !== row.lastApplied) differences.push(row);
    }

    const b = c?.before ?? {};
    const a = c?.after ?? {};
    const changingAttributes =
      c && action === 'update'
        ? Object.keys({ ...b, ...a })
            .filter((k) => JSON.stringify(b[k] ?? null) !== JSON.stringify(a[k] ?? null) || declaredUnknown[k] === true)
            .filter((k) => !COMPUTED_FIELDS.includes(k))
            .sort()
        : [];

    const shown = live ?? lastApplied ?? declared;
    return {
      address,
      id: field(shown, 'id'),
      name: field(shown, 'name'),
      outside,
      differences,
      plannedAction: action,
      importing: !!c?.importing,
      changingAttributes,
    };
  });

  const count = (f: (p: ProfileDrift) => boolean) => profiles.filter(f).length;
  const summary = {
    changedOutside: count((p) => p.outside === 'changed'),
    deletedOutside: count((p) => p.outside === 'deleted'),
    toImport: count((p) => p.importing),
    toCreate: count((p) => p.plannedAction === 'create'),
    toUpdate: count((p) => p.plannedAction === 'update'),
    toReplace: count((p) => p.plannedAction === 'replace'),
    toDelete: count((p) => p.plannedAction === 'delete'),
    toForget: count((p) => p.plannedAction === 'forget'),
  };
  const differs = Object.values(summary).some((n) => n > 0);
  return {
    directory,
    profiles: profiles.filter((p) => p.outside !== 'none' || p.plannedAction !== 'none' || p.importing),
    summary,
    differs,
  };
}

function isProfile(r: PlanResource): boolean {
  return r.mode === 'managed' && r.type === RESOURCE_TYPE;
}

// --- rendering ---------------------------------------------------------------------------------

const SECRETS_NOTE =
  'Secrets (`client_secret`, `token` and their write-only variants) cannot be compared: Workato never ' +
  'returns them, so a secret changed in Workato does not show here. Terraform sends the configured ' +
  'secrets when it creates a profile and with every update; a write-only secret is sent again when its ' +
  '`*_wo_version` changes.';

function code(v: string | null): string {
  if (v === null) return '_(none)_';
  return '`' + v.replace(/`/g, 'ˋ').replace(/\|/g, '\\|').replace(/\n/g, ' ') + '`';
}

const ACTION_WORDS: Record<PlannedAction, string> = {
  create: 'create it',
  update: 'update it in place',
  delete: 'delete it',
  replace: 'replace it (delete, then create)',
  forget: 'stop managing it (remove it from the state, keep it in Workato)',
  none: 'change nothing',
};

export function renderMarkdown(report: DriftReport): string {
  const s = report.summary;
  const lines: string[] = ['## Workato custom OAuth profiles: drift report', ''];
  if (!report.differs) {
    lines.push('No drift: every profile in Workato matches the configuration and the last apply. Apply would change nothing.');
  } else {
    const parts: string[] = [];
    if (s.changedOutside) parts.push(`**${s.changedOutside}** changed outside Terraform`);
    if (s.deletedOutside) parts.push(`**${s.deletedOutside}** deleted outside Terraform`);
    const applyParts: string[] = [];
    if (s.toImport) applyParts.push(`import ${s.toImport}`);
    if (s.toCreate) applyParts.push(`create ${s.toCreate}`);
    if (s.toUpdate) applyParts.push(`update ${s.toUpdate}`);
    if (s.toReplace) applyParts.push(`replace ${s.toReplace}`);
    if (s.toDelete) applyParts.push(`delete ${s.toDelete}`);
    if (s.toForget) applyParts.push(`stop managing ${s.toForget}`);
    lines.push(
      `${parts.length ? `Profiles: ${parts.join(', ')}. ` : 'No profile changed outside Terraform. '}` +
        `Apply would ${applyParts.length ? applyParts.join(', ') : 'change nothing'}.`,
    );
    for (const p of report.profiles) {
      const status =
        p.outside === 'deleted'
          ? 'deleted outside Terraform'
          : p.outside === 'changed'
            ? 'changed outside Terraform'
            : p.importing
              ? 'to be imported'
              : 'changed in the configuration';
      lines.push('', `### \`${p.address}\`${p.id ? ` (id ${p.id})` : ''}: ${status}`, '');
      if (p.differences.length) {
        lines.push('| field | declared | live in Workato | last applied |', '|---|---|---|---|');
        for (const d of p.differences) {
          lines.push(`| \`${d.field}\` | ${code(d.declared)} | ${code(d.live)} | ${code(d.lastApplied)} |`);
        }
        lines.push('');
      }
      const changing = p.changingAttributes.length
        ? ` (${p.changingAttributes.map((a) => `\`${a}\`${SECRET_FIELDS.includes(a) ? ' (secret, value hidden)' : ''}`).join(', ')})`
        : '';
      const imported = p.importing ? `import it${p.plannedAction === 'none' ? '' : ', then '}` : '';
      const act = p.importing && p.plannedAction === 'none' ? '' : ACTION_WORDS[p.plannedAction];
      lines.push(`Apply would ${imported}${act}${p.plannedAction === 'update' ? changing : ''}.`);
    }
  }
  lines.push('', `> ${SECRETS_NOTE}`, '');
  return lines.join('\n');
}

export function renderJson(report: DriftReport): string {
  return JSON.stringify({ ...report, secretsNote: SECRETS_NOTE }, null, 2) + '\n';
}

// --- running terraform --------------------------------------------------------------------------

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
