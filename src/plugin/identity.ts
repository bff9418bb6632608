// Resource identity (protocol 6.9) below the RPCs: what a valid identity schema is, decoding the
// identities Terraform sends (stored, prior, planned, to import, to upgrade), and the identity a
// response carries: derived by the resource from its state, then checked (known where Terraform
// needs it known, never changing). ProviderServer (dispatch.ts) calls these around its handlers.

import { decodeJson, ValueError } from './codec';
import {
  type Diagnostics,
  hasIdentity,
  type IdentitySchema,
  PROVIDER_BUG,
  type Resource,
  type TfObject,
  type TfType,
  unknown,
} from './framework';
import { errorMessage } from './invoke';
import { DiagnosticError } from './rules';
import { containsUnknown, isObjectValue, valuesEqual } from './values';
import { decodeDynamicValue, encodeDynamicValue, type tfplugin6 } from './wire';

type IdentityData = tfplugin6.IResourceIdentityData;

const types = new WeakMap<IdentitySchema, TfType>();

/** The cty object type of an identity: an object of every identity attribute. */
export function identityType(identity: IdentitySchema): TfType {
  let type = types.get(identity);
  if (!type) {
    type = { object: Object.fromEntries(Object.entries(identity.attributes).map(([name, a]) => [name, a.type])) };
    types.set(identity, type);
  }
  return type;
}

function isPrimitive(type: TfType): boolean {
  return type === 'string' || type === 'number' || type === 'bool';
}

/** What is wrong with an identity schema's definition (empty when nothing is). */
export function identityDefinitionProblems(identity: IdentitySchema): string[] {
  const problems: string[] = [];
  if (!(Number.isSafeInteger(identity.version) && identity.version >= 0)) problems.push(`its version must be a whole number of at least 0, not ${identity.version}`);
  const names = Object.keys(identity.attributes);
  if (names.length === 0) problems.push('it has no attributes');
  for (const name of names) {
    const a = identity.attributes[name];
    const type = a.type;
    if (!isPrimitive(type) && !(typeof type === 'object' && 'list' in type && isPrimitive(type.list))) {
      problems.push(`attribute "${name}" must be a string, number, bool or a list of one of those`);
    }
    if (a.requiredForImport && a.optionalForImport) problems.push(`attribute "${name}" cannot be both required and optional for import`);
  }
  return problems;
}

/**
 * True when `actual` is the identity `expected` names: equal in every attribute, or with `partial`
 * (an import by identity, where attributes left null are the provider's to work out) in every
 * attribute `expected` sets.
 */
export function sameIdentity(identity: IdentitySchema, expected: TfObject, actual: TfObject, partial = false): boolean {
  return Object.entries(identity.attributes).every(
    ([name, a]) => (partial && (expected[name] ?? null) === null) || valuesEqual(expected[name] ?? null, actual[name] ?? null, a.type),
  );
}

/** An identity as a DynamicValue; throws a ValueError when it does not fit the identity schema. */
export function encodeIdentity(identity: IdentitySchema, value: TfObject | typeof unknown): IdentityData {
  return { identityData: encodeDynamicValue(value, identityType(identity)) };
}

// ------------------------------------------------------------------------------------------------
// Identities Terraform sends
// ------------------------------------------------------------------------------------------------

/**
 * An identity Terraform sent (stored, prior or planned) for a resource with an identity; null when
 * none came, or when it is not known yet (a create's planned identity).
 */
export function decodeIdentity<D>(resource: Resource<D>, data: IdentityData | null | undefined, what: string): TfObject | null {
  if (!hasIdentity(resource) || !data?.identityData) return null;
  try {
    const v = decodeDynamicValue(data.identityData, identityType(resource.identitySchema));
    return isObjectValue(v) ? v : null;
  } catch (e) {
    if (e instanceof ValueError) {
      throw new DiagnosticError(`Invalid ${what} received from Terraform`, `${e.message}. Terraform and the provider disagree on the identity schema; run "terraform init" again.`);
    }
    throw e;
  }
}

/** The identity of an import by identity (null for one by id): every attribute known, those required for import set. */
export function importIdentity<D>(resource: Resource<D>, data: IdentityData | null | undefined): TfObject | null {
  if (!data?.identityData) return null;
  if (!hasIdentity(resource)) {
    throw new DiagnosticError(
      'Import by identity not supported',
      `The resource type ${resource.typeName} has no resource identity: import it by id instead (\`import { to = …, id = "…" }\`).`,
    );
  }
  const identity = decodeIdentity(resource, data, 'identity to import');
  if (identity === null || containsUnknown(identity)) {
    throw new DiagnosticError('Invalid import identity', `The identity to import a ${resource.typeName} by must be known when Terraform plans.`);
  }
  for (const [name, a] of Object.entries(resource.identitySchema.attributes)) {
    if (a.requiredForImport && identity[name] === null) {
      throw new DiagnosticError('Missing identity attribute', `Importing a ${resource.typeName} by identity needs "${name}" in the identity.`);
    }
  }
  return identity;
}

/** A stored identity read with the current identity schema (attributes gone dropped, new ones null). */
export function storedIdentity(identity: IdentitySchema, json: Uint8Array, typeName: string): TfObject | null {
  try {
    const v = decodeJson(json, identityType(identity), { lenient: true });
    return isObjectValue(v) ? v : null;
  } catch (e) {
    if (e instanceof ValueError) {
      throw new DiagnosticError('Unable to read stored identity', `The stored identity of this ${typeName} does not fit the provider's identity schema: ${e.message}.`);
    }
    throw e;
  }
}

// ------------------------------------------------------------------------------------------------
// The identity a response carries
// ------------------------------------------------------------------------------------------------

/** The identity of a state, when the resource derives a known one from it (else null); never reports. */
export function knownIdentity<D>(resource: Resource<D>, state: TfObject): TfObject | null {
  if (!hasIdentity(resource)) return null;
  try {
    const v = resource.identity(state);
    return isObjectValue(v) && !containsUnknown(v) ? v : null;
  } catch {
    return null;
  }
}

export interface IdentityCheck {
  /** The operation, for messages: read, plan, create, update, import. */
  op: string;
  /** The identity the object has: the result must be this one (in what it sets, with `partial`). */
  expected?: TfObject | null;
  partial?: boolean;
  /** When the derived identity is not known: sent as unknown (a create's plan), or `expected` stands (an update's plan). */
  whenUnknown?: 'unknown' | 'expected';
}

/**
 * The identity of `state` as a response field (`{ [field]: … }`; empty for a resource without an
 * identity, or no object): what the resource derives, checked. It must be wholly known, except
 * where `whenUnknown` says otherwise, and be `expected` when that is given. A problem is an error
 * diagnostic and the expected identity (if any) is sent instead; after an error already reported
 * (the handler's), problems go unreported and the expected identity stands.
 */
export function identityField<F extends string, D>(
  field: F,
  resource: Resource<D>,
  state: TfObject | null,
  diags: Diagnostics,
  check: IdentityCheck,
): Partial<Record<F, IdentityData>> {
  if (!hasIdentity(resource) || state === null) return {};
  const schema = resource.identitySchema;
  const typeName = resource.typeName;
  const quiet = diags.hasErrors();
  const answer = (v: TfObject | typeof unknown) => ({ [field]: encodeIdentity(schema, v) }) as Partial<Record<F, IdentityData>>;
  const fallback = (summary: string, detail: string) => {
    if (!quiet) diags.addError(summary, `${detail} ${PROVIDER_BUG}`);
    return check.expected ? answer(check.expected) : {};
  };
  let identity: TfObject;
  try {
    const v = resource.identity(state);
    if (!isObjectValue(v)) return fallback('Provider returned no identity', `After ${check.op}, the ${typeName} has no identity.`);
    identity = v;
  } catch (e) {
    return fallback(`Unexpected error in ${typeName} identity: ${errorMessage(e)}`, `The provider failed to work out the identity after ${check.op}.`);
  }
  if (containsUnknown(identity)) {
    if (check.whenUnknown === 'unknown') return answer(unknown);
    if (check.whenUnknown === 'expected' && check.expected) return answer(check.expected);
    return fallback('Provider returned an unknown identity', `After ${check.op}, the identity of the ${typeName} is not known; it must be.`);
  }
  if (check.expected && !sameIdentity(schema, check.expected, identity, check.partial)) {
    return fallback(
      'Unexpected identity change',
      `After ${check.op}, the identity of the ${typeName} differs from ${check.op === 'import' ? 'the one imported' : 'the one Terraform holds'}: an object's identity never changes.`,
    );
  }
  try {
    return answer(identity);
  } catch (e) {
    if (e instanceof ValueError) return fallback('Provider produced an invalid identity', `${e.message}.`);
    throw e;
  }
}
