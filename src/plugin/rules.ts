// The framework's own rules, applied around the provider author's handlers as
// terraform-plugin-framework applies them: the schema's rules on configuration (required, computed
// only, whole numbers), write-only attributes, and the consistency of apply results.

import { encodeMsgpack } from './codec';
import { attributePathText, describeKind } from './describe';
import {
  type AttributePath,
  type Attribute,
  type Block,
  type ClientCapabilities,
  type Diagnostics,
  isBigNumber,
  isUnknown,
  PROVIDER_BUG,
  type Schema,
  type TfObject,
  type TfType,
  type TfValue,
} from './framework';
import { attributeEntries, containsUnknown, isObjectValue, valuesEqual } from './values';

/** A problem that ends the current RPC with one diagnostic (bad input, unknown type name, …). */
export class DiagnosticError extends Error {
  constructor(
    readonly summary: string,
    readonly detail: string,
    readonly attribute?: AttributePath,
  ) {
    super(summary);
  }
}

// ------------------------------------------------------------------------------------------------
// The schema's rules on configuration
// ------------------------------------------------------------------------------------------------

/**
 * Checks a configuration (of a resource, a data source or the provider) against the rules its
 * schema declares, before any provider code sees it:
 * - a required attribute may not be null (unset is caught by Terraform itself, `= null` is not);
 * - a computed-only attribute may not be set at all: the provider decides its value;
 * - an `integer` attribute holds whole numbers only.
 * Unknown values are checked once known (Terraform validates again before apply), except that a
 * computed-only attribute may not be set even to a value known only later.
 */
export function checkConfigAgainstSchema(block: Block, config: TfObject, diags: Diagnostics): void {
  for (const [name, attr] of attributeEntries(block)) {
    const v = config[name] ?? null;
    if (attr.required && v === null) {
      diags.addError(
        'Missing required argument',
        `The argument "${name}" is required, and it is set to null. Set "${name}" to a value.`,
        [name],
      );
    } else if (attr.computed && !attr.optional && !attr.required && v !== null) {
      diags.addError(
        'Value for a read-only attribute',
        `"${name}" is computed: the provider sets its value, and configuration cannot. Remove the line that sets "${name}".`,
        [name],
      );
    } else if (attr.integer) {
      checkWholeNumbers(v, attr, [name], diags);
    }
  }
}

function checkWholeNumbers(v: TfValue, attr: Attribute, path: AttributePath, diags: Diagnostics): void {
  if (v === null || isUnknown(v)) return;
  if (typeof v === 'number' || isBigNumber(v)) {
    const whole = typeof v === 'number' ? Number.isInteger(v) : v.isInteger;
    if (!whole) {
      const shown = attr.sensitive ? describeKind(v) : String(v);
      diags.addError(
        'Whole number required',
        `${attributePathText(path)} must be a whole number, such as 1 or 2; got ${shown}.`,
        path,
      );
    }
    return;
  }
  if (Array.isArray(v)) v.forEach((e, i) => checkWholeNumbers(e, attr, [...path, i], diags));
  else if (isObjectValue(v)) {
    const isMap = typeof attr.type === 'object' && 'map' in attr.type;
    for (const [k, e] of Object.entries(v)) checkWholeNumbers(e, attr, [...path, isMap ? { key: k } : k], diags);
  }
}

// ------------------------------------------------------------------------------------------------
// Write-only attributes
// ------------------------------------------------------------------------------------------------

/** Write-only values live in configuration only: never in plan or state. */
export function nullWriteOnly(block: Block, value: TfObject): void {
  for (const [name, attr] of attributeEntries(block)) {
    if (attr.writeOnly) value[name] = null;
  }
}

/** A Terraform that does not know write-only attributes would store their values in state. */
export function checkWriteOnlyAllowed(block: Block, config: TfObject, caps: ClientCapabilities, diags: Diagnostics): void {
  if (caps.writeOnlyAttributesAllowed) return;
  for (const [name, attr] of attributeEntries(block)) {
    if (attr.writeOnly && config[name] !== null && config[name] !== undefined) {
      diags.addError(
        'Write-only attribute not supported by this Terraform',
        `"${name}" is a write-only attribute, which requires Terraform 1.11 or later; an older Terraform would store it in state. Upgrade Terraform, or leave "${name}" unset.`,
        [name],
      );
    }
  }
}

/**
 * A state that surely encodes, for an apply result that does not fit the schema: per attribute,
 * the result's value where it fits (and is known), else the planned value with unknowns as null.
 */
export function salvageState(block: Block, planned: TfObject, result: TfObject): TfObject {
  const out: TfObject = {};
  for (const [name, attr] of attributeEntries(block)) {
    const v = result[name] ?? null;
    out[name] = !containsUnknown(v) && fits(v, attr.type) ? v : unknownAsNull(planned[name] ?? null);
  }
  nullWriteOnly(block, out);
  return out;
}

function fits(v: TfValue, type: TfType): boolean {
  try {
    encodeMsgpack(v, type);
    return true;
  } catch {
    return false;
  }
}

function unknownAsNull(v: TfValue): TfValue {
  if (isUnknown(v)) return null;
  if (Array.isArray(v)) return v.map(unknownAsNull);
  if (isObjectValue(v)) return Object.fromEntries(Object.entries(v).map(([k, e]) => [k, unknownAsNull(e)]));
  return v;
}

export function checkNoUnknowns(state: TfObject, typeName: string, op: string, diags: Diagnostics): void {
  for (const name in state) {
    if (containsUnknown(state[name])) {
      diags.addError('Provider returned an unknown value', `After ${op}, the ${typeName} attribute "${name}" is still unknown; every value must be known. ${PROVIDER_BUG}`, [name]);
    }
  }
}

/** After create/update: known planned values kept, nothing unknown left, and an id when there is one. */
export function checkApplied(schema: Schema, planned: TfObject, state: TfObject, typeName: string, op: string, diags: Diagnostics): void {
  for (const [name, attr] of attributeEntries(schema.block)) {
    const path = firstInconsistency(planned[name] ?? null, state[name] ?? null, attr.type, [name]);
    if (path) {
      diags.addError(
        'Provider produced inconsistent result after apply',
        `When applying changes to ${typeName} (${op}), the provider produced a value for ${attributePathText(path)} that differs from the planned value. ${PROVIDER_BUG}`,
        path,
      );
    } else if (containsUnknown(state[name] ?? null)) {
      diags.addError('Provider returned an unknown value', `After ${op}, the ${typeName} attribute "${name}" is still unknown; every value must be known after apply. ${PROVIDER_BUG}`, [name]);
    }
  }
  if ('id' in schema.block.attributes && (state.id === null || state.id === undefined || state.id === '')) {
    diags.addError('Provider returned no id', `After ${op}, the ${typeName} has no "id". ${PROVIDER_BUG}`, ['id']);
  }
}

/**
 * Where an applied value breaks its plan: a known planned value must come back unchanged; an
 * unknown one may become anything that honours its refinements. Returns the first offending path.
 */
function firstInconsistency(planned: TfValue, actual: TfValue, type: TfType, path: AttributePath): AttributePath | undefined {
  if (isUnknown(planned)) {
    const { notNull, stringPrefix } = planned.refinements;
    if (notNull && actual === null) return path;
    if (stringPrefix && (typeof actual !== 'string' || !actual.startsWith(stringPrefix))) return path;
    return undefined;
  }
  if (!containsUnknown(planned)) return valuesEqual(planned, actual, type) ? undefined : path;
  // Partly known collections and objects: compare element by element where the plan is known.
  if (typeof type === 'object' && 'list' in type && Array.isArray(planned) && Array.isArray(actual)) {
    if (planned.length !== actual.length) return path;
    for (let i = 0; i < planned.length; i++) {
      const p = firstInconsistency(planned[i], actual[i], type.list, [...path, i]);
      if (p) return p;
    }
    return undefined;
  }
  if (typeof type === 'object' && 'set' in type) return Array.isArray(actual) ? undefined : path;
  if (typeof type === 'object' && ('map' in type || 'object' in type) && isObjectValue(planned) && isObjectValue(actual)) {
    const names = new Set([...Object.keys(planned), ...Object.keys(actual)]);
    for (const n of names) {
      const t = 'map' in type ? type.map : type.object[n];
      const step = 'map' in type ? { key: n } : n;
      const p = firstInconsistency(planned[n] ?? null, actual[n] ?? null, t, [...path, step]);
      if (p) return p;
    }
    return undefined;
  }
  return path;
}
