// workato-drift's analysis, pure: from the JSON of `terraform show -json <planfile>` to a report
// of which profiles changed or vanished outside Terraform and what apply would change. Only the
// fields Workato returns (masked where Terraform marks them sensitive) and attribute names leave it.

import { COMPARED_FIELDS, COMPUTED_FIELDS, RESOURCE_TYPE } from './drift-schema';

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
