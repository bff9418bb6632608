// The provider-author's view of the plugin protocol: plain values, schemas, diagnostics, and the
// Provider / Resource / DataSource interfaces, with the capabilities a resource opts into (an
// identity, a list resource). Nothing here knows protobuf or msgpack.

import { bigIntDecimal, type Decimal, decimalIsInteger, decimalToBigInt, formatDecimal, parseDecimal, shortDecimal } from './numbers';

// ---------------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------------

/** Refinements Terraform may attach to an unknown value (msgpack extension 12). */
export interface UnknownRefinements {
  /** The value will not be null once known. */
  notNull?: boolean;
  /** A known prefix of a string that is not yet known. */
  stringPrefix?: string;
}

/** A value that is not known until apply (msgpack extension 0, or 12 when refined). */
export class Unknown {
  constructor(readonly refinements: UnknownRefinements = {}) {}
  toString(): string {
    return '(known after apply)';
  }
}

/** The plain unknown value. */
export const unknown: Unknown = new Unknown();

export function isUnknown(v: unknown): v is Unknown {
  return v instanceof Unknown;
}

/**
 * A Terraform number that no JavaScript number holds exactly, kept as exact decimal text.
 *
 * Terraform numbers are arbitrary-precision decimals; JavaScript numbers are float64. The
 * framework hands a provider a plain `number` whenever that is exact, and a `TfBigNumber` only
 * for the rest:
 *
 * - integers beyond ±(2^53 − 1) (`Number.MAX_SAFE_INTEGER`): `9007199254740993`,
 *   `20251128152430123`, `12345678901234567890`, `1e400`;
 * - fractions that JavaScript would print differently: `0.30000000000000001` (as a number it
 *   would be `0.3`), `1e-400`. Fractions it prints back unchanged (`0.1`, `2.5`) are numbers.
 *
 * Such values go back to Terraform exactly as they came (int64 when they fit, else decimal text,
 * which cty reads losslessly), so echoing a configured value never causes "planned value … does
 * not match config value". Compare with `equals` (or `valuesEqual`), not `===`; `toBigInt()`
 * gives integers for arithmetic, `toNumber()` the nearest float64. Providers may also create one
 * (`new TfBigNumber(123n)`, `new TfBigNumber('0.1')`) to send an exact value. JSON.stringify writes
 * it as a string of its text.
 *
 * A plain `number` a provider sets is read as follows: an integer is exactly that integer; a
 * fraction means the decimal JavaScript prints for it (`String(n)`, so `0.1 + 0.2` is
 * 0.30000000000000004).
 */
export class TfBigNumber {
  /** Plain decimal text without exponent or redundant zeros: "-12.5", "20251128152430123". */
  readonly text: string;
  readonly #decimal: Decimal;

  constructor(value: string | bigint) {
    const d = typeof value === 'bigint' ? bigIntDecimal(value) : parseDecimal(value.trim());
    if (!d) throw new TypeError(`not a decimal number: ${JSON.stringify(String(value).slice(0, 40))}`);
    this.#decimal = d;
    this.text = formatDecimal(d);
  }

  get isInteger(): boolean {
    return decimalIsInteger(this.#decimal);
  }

  /** The exact integer; throws a RangeError for a fraction. */
  toBigInt(): bigint {
    return decimalToBigInt(this.#decimal);
  }

  /** The nearest JavaScript number (precision may be lost: that is why this class exists). */
  toNumber(): number {
    return Number(this.text);
  }

  /** Exact numeric equality with another Terraform number (a plain number counts as above). */
  equals(other: number | bigint | TfBigNumber): boolean {
    return numberText(this) === numberText(other);
  }

  toString(): string {
    return this.text;
  }

  toJSON(): string {
    return this.text;
  }
}

export function isBigNumber(v: unknown): v is TfBigNumber {
  return v instanceof TfBigNumber;
}

/** True for both representations of a Terraform number. */
export function isNumberValue(v: unknown): v is number | TfBigNumber {
  return typeof v === 'number' || v instanceof TfBigNumber;
}

/**
 * The exact value of a Terraform number as canonical plain decimal text ("-0" is "0"): two numbers
 * are equal exactly when their texts are. For a plain number: an integer's exact value, a
 * fraction's shortest text (see TfBigNumber). A bigint is accepted too.
 */
export function numberText(v: number | bigint | TfBigNumber): string {
  if (v instanceof TfBigNumber) return v.text;
  if (typeof v === 'bigint') return v.toString();
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return BigInt(v).toString();
  return formatDecimal(shortDecimal(v));
}

/**
 * A Terraform value as the provider sees it: strings, numbers (`number`, or `TfBigNumber` where a
 * JS number would not be exact), booleans, null, the unknown value, lists/sets as arrays, maps and
 * objects as plain records. An object always carries every attribute of its type (null where
 * unset).
 */
export type TfValue = null | string | number | TfBigNumber | boolean | Unknown | TfValue[] | TfObject;
export interface TfObject {
  [name: string]: TfValue;
}

// ---------------------------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------------------------

/** Terraform types used by schemas. */
export type TfType =
  | 'string'
  | 'number'
  | 'bool'
  | { list: TfType }
  | { set: TfType }
  | { map: TfType }
  | { object: Record<string, TfType> };

export interface Attribute {
  type: TfType;
  /** Shown in docs and by CDKTF bindings; written as plain text (Markdown allowed). */
  description: string;
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  sensitive?: boolean;
  /** Write-only (Terraform >= 1.11): in config only, always null in plan and state. */
  writeOnly?: boolean;
  deprecated?: boolean;
  /**
   * Only whole numbers (with a `number` type, or numbers inside a collection or object type): a
   * configured fraction is an error at the attribute, as for terraform-plugin-framework's
   * Int64Attribute. Still a `number` on the wire and in the provider's values.
   */
  integer?: boolean;
}

export interface Block<A extends Record<string, Attribute> = Record<string, Attribute>> {
  description: string;
  attributes: A;
  deprecated?: boolean;
}

export interface Schema<A extends Record<string, Attribute> = Record<string, Attribute>> {
  /** State schema version; UpgradeResourceState receives states written with older versions. */
  version: number;
  block: Block<A>;
}

/**
 * Declares a schema and keeps its attribute names and types, so that `ModelOf<typeof schema>` is
 * the typed model of its values (like a terraform-plugin-framework model struct).
 */
export function defineSchema<const A extends Record<string, Attribute>>(schema: Schema<A>): Schema<A> {
  return schema;
}

// ---------------------------------------------------------------------------------------------
// Resource identity (Terraform >= 1.12, protocol 6.9)
// ---------------------------------------------------------------------------------------------

/** One attribute of a resource identity. */
export interface IdentityAttribute {
  /** A primitive type, or a list of one (what Terraform allows in an identity). */
  type: TfType;
  description: string;
  /** Must be given in an import by identity (`import { to = …, identity = { … } }`). */
  requiredForImport?: boolean;
  /** May be given in an import by identity; the provider can work it out otherwise. */
  optionalForImport?: boolean;
}

/**
 * What identifies a remote object with nothing else, independent of the resource's schema: Terraform
 * stores it beside the state, imports by it, and `terraform query` reports it for each result.
 */
export interface IdentitySchema<A extends Record<string, IdentityAttribute> = Record<string, IdentityAttribute>> {
  /** Starts at 0; bump it when the attributes change (`upgradeIdentity` then converts old ones). */
  version: number;
  attributes: A;
}

/** Declares an identity schema and keeps its attribute types, for `IdentityModelOf<typeof schema>`. */
export function defineIdentity<const A extends Record<string, IdentityAttribute>>(schema: IdentitySchema<A>): IdentitySchema<A> {
  return schema;
}

// ---------------------------------------------------------------------------------------------
// Typed models
// ---------------------------------------------------------------------------------------------

/** The provider's value for a Terraform type, once known and not null. */
export type KnownValueOf<T> = T extends 'string'
  ? string
  : T extends 'number'
    ? number | TfBigNumber
    : T extends 'bool'
      ? boolean
      : T extends { list: infer E }
        ? Array<ValueOf<E>>
        : T extends { set: infer E }
          ? Array<ValueOf<E>>
          : T extends { map: infer E }
            ? Record<string, ValueOf<E>>
            : T extends { object: infer O }
              ? { [K in keyof O]: ValueOf<O[K]> }
              : TfValue;

/** The provider's value for a Terraform type: known, null, or unknown until apply. */
export type ValueOf<T> = KnownValueOf<T> | null | Unknown;

/** One value per attribute of a block, typed by the attribute's type. */
export type Model<A extends Record<string, Attribute>> = { -readonly [K in keyof A]: ValueOf<A[K]['type']> };

/** The typed model of a schema declared with `defineSchema`. */
export type ModelOf<S> = S extends Schema<infer A> ? Model<A> : never;

/** The typed value of an identity declared with `defineIdentity`. */
export type IdentityModelOf<S> = S extends IdentitySchema<infer A> ? { -readonly [K in keyof A]: ValueOf<A[K]['type']> } : never;

/** The attribute names of a schema declared with `defineSchema`. */
export type AttributeName<S> = S extends Schema<infer A> ? keyof A & string : never;

/**
 * Reads a plan, state or configuration object into the schema's typed model. Values that Terraform
 * sent have already been decoded with the schema's types; what is checked here is that the object
 * has every attribute (a value a provider built by hand may lack one): each problem is an error
 * diagnostic, and a caller stops when `diags.hasErrors()`.
 */
export function getModel<A extends Record<string, Attribute>>(
  schema: Schema<A>,
  value: TfObject | null,
  diags: Diagnostics,
  what = 'value',
): Model<A> {
  if (value === null) {
    diags.addError('Missing value', `The provider expected a ${what} here and got none. ${PROVIDER_BUG}`);
    return nullModel(schema);
  }
  for (const name of Object.keys(schema.block.attributes)) {
    if (value[name] === undefined) {
      diags.addError('Missing attribute', `The ${what} has no attribute "${name}". ${PROVIDER_BUG}`, [name]);
    }
  }
  return value as Model<A>;
}

/** A model with every attribute null: the start of an imported state. */
export function nullModel<A extends Record<string, Attribute>>(schema: Schema<A>): Model<A> {
  const out: TfObject = {};
  for (const name of Object.keys(schema.block.attributes)) out[name] = null;
  return out as Model<A>;
}

/** The names of a block's computed attributes (computed only, or optional and computed). */
export function computedAttributes<A extends Record<string, Attribute>>(schema: Schema<A>): Array<keyof A & string> {
  return Object.entries(schema.block.attributes)
    .filter(([, a]) => a.computed)
    .map(([name]) => name);
}

/** Ends the detail of a diagnostic that reports a mistake in the provider itself. */
export const PROVIDER_BUG = "This is a bug in the provider, which should be reported in the provider's own issue tracker.";

// ---------------------------------------------------------------------------------------------
// Diagnostics
// ---------------------------------------------------------------------------------------------

/**
 * A path to an attribute: strings step into object attributes, numbers into list elements,
 * `{ key }` into map elements.
 */
export type AttributePath = Array<string | number | { key: string }>;

export interface Diagnostic {
  severity: 'error' | 'warning';
  summary: string;
  detail?: string;
  attribute?: AttributePath;
}

/** Diagnostics collected by one call; handlers add to it instead of throwing. */
export class Diagnostics {
  readonly items: Diagnostic[] = [];

  addError(summary: string, detail?: string, attribute?: AttributePath): void {
    this.items.push({ severity: 'error', summary, detail, attribute });
  }

  addWarning(summary: string, detail?: string, attribute?: AttributePath): void {
    this.items.push({ severity: 'warning', summary, detail, attribute });
  }

  append(other: Diagnostics | Diagnostic[]): void {
    this.items.push(...(other instanceof Diagnostics ? other.items : other));
  }

  hasErrors(): boolean {
    return this.items.some((d) => d.severity === 'error');
  }
}

// ---------------------------------------------------------------------------------------------
// Requests and responses. Every handler takes (request, response) so fields can be added later.
// ---------------------------------------------------------------------------------------------

/** What the Terraform client announced about itself. */
export interface ClientCapabilities {
  /** Terraform may send unknown values to plan/import calls that it will call again later. */
  deferralAllowed: boolean;
  /** Terraform >= 1.11: write-only attributes are supported (never stored in plan or state). */
  writeOnlyAttributesAllowed: boolean;
}

interface Base {
  /** Aborted when Terraform calls StopProvider (Ctrl-C) or the process shuts down. */
  signal: AbortSignal;
}

export interface ValidateConfigRequest extends Base {
  config: TfObject;
  clientCapabilities: ClientCapabilities;
}
export interface ValidateConfigResponse {
  diagnostics: Diagnostics;
}

export interface ConfigureProviderRequest extends Base {
  config: TfObject;
  terraformVersion: string;
  clientCapabilities: ClientCapabilities;
}
export interface ConfigureProviderResponse<D> {
  diagnostics: Diagnostics;
  /** Handed to every resource and data source call that follows (e.g. the API client). */
  providerData?: D;
}

export interface PlanRequest<D> extends Base {
  config: TfObject;
  /** null when the resource is being created. */
  priorState: TfObject | null;
  /**
   * Terraform's proposed new state, already adjusted by the framework: computed attributes that
   * are null in config are unknown on create (and on update when anything changed); write-only
   * attributes are null. The handler may change it.
   */
  plannedState: TfObject;
  priorPrivate: Uint8Array;
  clientCapabilities: ClientCapabilities;
  /** May be undefined: Terraform plans before it has configured the provider in some commands. */
  providerData?: D;
}
export interface PlanResponse {
  diagnostics: Diagnostics;
  /**
   * The same object as the request's plannedState: change either. Write-only attributes are forced
   * to null afterwards.
   */
  plannedState: TfObject;
  /** Attributes whose change forces replacement. */
  requiresReplace: AttributePath[];
  plannedPrivate?: Uint8Array;
}

export interface CreateRequest<D> extends Base {
  config: TfObject;
  plannedState: TfObject;
  providerData: D;
}
export interface UpdateRequest<D> extends Base {
  config: TfObject;
  plannedState: TfObject;
  priorState: TfObject;
  plannedPrivate: Uint8Array;
  providerData: D;
}
export interface ApplyResponse {
  diagnostics: Diagnostics;
  /**
   * The state after the change; must agree with every known planned value. Starts null: a create
   * or update that succeeds without setting it is reported as a provider bug. Attributes left out
   * are null; write-only attributes are forced to null.
   */
  newState: TfObject | null;
  private?: Uint8Array;
}

export interface ReadRequest<D> extends Base {
  state: TfObject;
  private: Uint8Array;
  /**
   * A resource with an identity: the identity stored with the state (Terraform >= 1.12), null when
   * the state has none (written by an older Terraform or provider). The framework answers with the
   * identity of the new state.
   */
  identity: TfObject | null;
  providerData: D;
}
export interface ReadResponse {
  diagnostics: Diagnostics;
  /**
   * Starts as a copy of the current state, so a handler changes only what drifted. null when the
   * remote object is gone: Terraform removes it from state.
   */
  newState: TfObject | null;
  private?: Uint8Array;
}

export interface DeleteRequest<D> extends Base {
  priorState: TfObject;
  providerData: D;
}
export interface DeleteResponse {
  diagnostics: Diagnostics;
}

export interface ImportRequest<D> extends Base {
  /** The id of `terraform import ADDR ID` or `import { id = … }`; empty in an import by identity. */
  id: string;
  /**
   * An import by identity (`import { to = …, identity = { … } }`, Terraform >= 1.12, a resource with
   * an identity): the identity, every attribute present and those required for import set; else null.
   */
  identity: TfObject | null;
  clientCapabilities: ClientCapabilities;
  providerData: D;
}
export interface ImportResponse {
  diagnostics: Diagnostics;
  /**
   * The imported state: usually only the id set and every other attribute null. Terraform then
   * calls read to fill it in.
   */
  state: TfObject | null;
}

export interface UpgradeStateRequest {
  /** The schema version the state was written with (lower than the current one). */
  version: number;
  /**
   * The stored state as parsed from the state file's JSON, attributes of that older schema.
   * Numbers are read exactly: a `number`, or a `TfBigNumber` where a JS number would not be exact.
   */
  rawState: Record<string, unknown>;
}
export interface UpgradeStateResponse {
  diagnostics: Diagnostics;
  /** The same object in the current schema (missing attributes are filled with null). */
  state: TfObject | null;
}

export interface UpgradeIdentityRequest {
  /** The identity version the state recorded (lower than the current one). */
  version: number;
  /** The stored identity as parsed from the state file's JSON (numbers exact, as in upgradeState). */
  rawIdentity: Record<string, unknown>;
}
export interface UpgradeIdentityResponse {
  diagnostics: Diagnostics;
  /** The identity in the current version's shape. */
  identity: TfObject | null;
}

export interface ListRequest<D> extends Base {
  /** The `config { }` block of the `list` block (every attribute null when it has none). */
  config: TfObject;
  /** Terraform wants each result's resource object (`include_resource`, `-generate-config-out`). */
  includeResourceObject: boolean;
  /**
   * The most results Terraform reads (at least 1: with 0 the handler is not called). The framework
   * stops pulling results once it has sent this many, so no more need be fetched.
   */
  limit: number;
  providerData: D;
}
export interface ListResponse {
  /** Errors end the listing (sent after the results so far); warnings are sent at its end. */
  diagnostics: Diagnostics;
}
/** One object a list resource found. */
export interface ListResult {
  /** Its identity: every attribute of the managed resource's identity schema, all known. */
  identity: TfObject;
  /** How people see it in `terraform query`'s output. */
  displayName: string;
  /**
   * The object as the managed resource's state would hold it (secrets the API never returns as
   * null). Sent only when Terraform asked for it (`includeResourceObject`); write-only attributes
   * are nulled by the framework.
   */
  resourceObject?: TfObject | null;
  /** Warnings about this result. */
  diagnostics?: Diagnostic[];
}

export interface DataSourceReadRequest<D> extends Base {
  config: TfObject;
  providerData: D;
}
export interface DataSourceReadResponse {
  diagnostics: Diagnostics;
  /** Starts as a copy of the configuration: fill in the computed attributes. */
  state: TfObject | null;
}

// ---------------------------------------------------------------------------------------------
// What a provider author implements
// ---------------------------------------------------------------------------------------------

export interface Resource<D> {
  typeName: string;
  schema: Schema;
  validate?(req: ValidateConfigRequest, resp: ValidateConfigResponse): void | Promise<void>;
  /** Adjust the plan (keep state values for unknowns, require replacement, …). */
  plan?(req: PlanRequest<D>, resp: PlanResponse): void | Promise<void>;
  create(req: CreateRequest<D>, resp: ApplyResponse): Promise<void>;
  read(req: ReadRequest<D>, resp: ReadResponse): Promise<void>;
  update(req: UpdateRequest<D>, resp: ApplyResponse): Promise<void>;
  delete(req: DeleteRequest<D>, resp: DeleteResponse): Promise<void>;
  /** Absent: `terraform import` fails with a clear error. */
  importState?(req: ImportRequest<D>, resp: ImportResponse): void | Promise<void>;
  /**
   * Converts a state stored with an older `schema.version`. Absent: the framework reads old states
   * with the current schema, dropping attributes it no longer has and setting new ones to null.
   */
  upgradeState?(req: UpgradeStateRequest, resp: UpgradeStateResponse): void | Promise<void>;
}

/**
 * A resource with an identity (Terraform >= 1.12): it opts in by declaring `identitySchema` and
 * `identity`. The framework then answers GetResourceIdentitySchemas, returns the identity of the
 * object after every read, plan, create, update and import (an identity that would change, or stay
 * unknown where Terraform needs it known, is reported as a provider bug), passes an import by
 * identity to `importState` as `req.identity`, and upgrades stored identities.
 */
export interface ResourceWithIdentity<D> extends Resource<D> {
  identitySchema: IdentitySchema;
  /**
   * The identity of the object a state (or a plan) describes: every identity attribute, unknown
   * where a plan does not know it yet (a create's), null where the state has no value.
   */
  identity(state: TfObject): TfObject;
  /**
   * Converts an identity stored with an older `identitySchema.version`. Absent: the framework reads
   * it with the current identity schema, dropping attributes it no longer has, the new ones null.
   */
  upgradeIdentity?(req: UpgradeIdentityRequest, resp: UpgradeIdentityResponse): void | Promise<void>;
}

/** True for a resource that declares an identity. */
export function hasIdentity<D>(resource: Resource<D>): resource is ResourceWithIdentity<D> {
  const r = resource as Partial<ResourceWithIdentity<D>>;
  return r.identitySchema !== undefined && typeof r.identity === 'function';
}

/**
 * A list resource (Terraform >= 1.14, `terraform query`): finds the existing objects of the managed
 * resource type of the same name, which must have an identity. Its schema is that of the `config { }`
 * block of a `list` block.
 */
export interface ListResource<D> {
  typeName: string;
  schema: Schema;
  validate?(req: ValidateConfigRequest, resp: ValidateConfigResponse): void | Promise<void>;
  /**
   * The objects found, yielded one by one as they arrive: the framework streams each to Terraform as
   * it comes, stops pulling once `limit` are sent or Terraform cancels the stream (then `req.signal`
   * is aborted and the generator returned), so fetch lazily (one page per pull, not all first).
   */
  list(req: ListRequest<D>, resp: ListResponse): AsyncIterable<ListResult>;
}

export interface DataSource<D> {
  typeName: string;
  schema: Schema;
  validate?(req: ValidateConfigRequest, resp: ValidateConfigResponse): void | Promise<void>;
  read(req: DataSourceReadRequest<D>, resp: DataSourceReadResponse): Promise<void>;
}

export interface Provider<D> {
  /** e.g. "workato": the prefix of every resource and data source type name. */
  typeName: string;
  version: string;
  schema: Schema;
  validate?(req: ValidateConfigRequest, resp: ValidateConfigResponse): void | Promise<void>;
  configure(req: ConfigureProviderRequest, resp: ConfigureProviderResponse<D>): void | Promise<void>;
  resources: Resource<D>[];
  dataSources: DataSource<D>[];
  /** Terraform >= 1.14 (`terraform query`); each needs a managed resource of its name with an identity. */
  listResources?: ListResource<D>[];
}
