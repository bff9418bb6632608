// Helpers on plain Terraform values (TfValue) used by the framework's plan and apply checks:
// type-aware equality, unknown detection, deep copies, and the object type of a schema block.

import type { Attribute, Block, TfObject, TfType, TfValue } from './framework';
import { isUnknown, numberText, TfBigNumber } from './framework';

/** The object type of a block: one attribute per schema attribute. */
export function blockType(block: Block): TfType {
  const attrs: Record<string, TfType> = {};
  for (const [name, attr] of Object.entries(block.attributes)) attrs[name] = attr.type;
  return { object: attrs };
}

/** A block's attributes as [name, attribute] pairs, made once per block (checks run on every call). */
const entries = new WeakMap<Block, Array<[string, Attribute]>>();
export function attributeEntries(block: Block): ReadonlyArray<[string, Attribute]> {
  let list = entries.get(block);
  if (!list) entries.set(block, (list = Object.entries(block.attributes)));
  return list;
}

export function isObjectValue(v: TfValue | undefined): v is TfObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !isUnknown(v) && !(v instanceof TfBigNumber);
}

/** A number in either representation (a bigint too, though the framework never makes one). */
function isNumeric(v: unknown): v is number | bigint | TfBigNumber {
  return typeof v === 'number' || typeof v === 'bigint' || v instanceof TfBigNumber;
}

/**
 * Exact numeric equality, as cty compares numbers: `20251128152430123` and `20251128152430124`
 * differ; a TfBigNumber equals a plain number of the same value.
 */
export function numbersEqual(a: number | bigint | TfBigNumber, b: number | bigint | TfBigNumber): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b; // float64s: equal values print alike
  return numberText(a) === numberText(b);
}

/** True when the value is unknown or contains an unknown anywhere inside. */
export function containsUnknown(v: TfValue): boolean {
  if (typeof v !== 'object' || v === null) return false;
  if (isUnknown(v)) return true;
  if (Array.isArray(v)) {
    for (const e of v) if (containsUnknown(e)) return true;
    return false;
  }
  if (isObjectValue(v)) for (const k in v) if (containsUnknown(v[k])) return true;
  return false;
}

/** A deep copy; unknowns are immutable and shared. */
export function cloneValue<T extends TfValue>(v: T): T {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) {
    const out: TfValue[] = new Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = cloneValue(v[i]);
    return out as T;
  }
  if (isObjectValue(v)) {
    const out: TfObject = {};
    for (const k in v) out[k] = cloneValue(v[k]);
    return out as T;
  }
  return v;
}

/**
 * Equality as Terraform sees it: sets ignore order, an unknown equals only another unknown, and
 * missing object attributes count as null.
 */
export function valuesEqual(a: TfValue | undefined, b: TfValue | undefined, type?: TfType): boolean {
  a = a ?? null;
  b = b ?? null;
  // The same string, bool, number or object, and null against null (most comparisons a plan makes).
  if (a === b) return true;
  if (typeof a === 'string' || typeof a === 'boolean') return false; // b is not the same value
  if (isUnknown(a) || isUnknown(b)) return isUnknown(a) && isUnknown(b);
  if (a === null || b === null) return a === b;
  if (isNumeric(a) || isNumeric(b)) return isNumeric(a) && isNumeric(b) && numbersEqual(a, b);
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    if (type && typeof type === 'object' && 'set' in type) {
      const keys = b.map(canonical).sort();
      return a.map(canonical).sort().every((k, i) => k === keys[i]);
    }
    const elem = type && typeof type === 'object' && 'list' in type ? type.list : undefined;
    return a.every((e, i) => valuesEqual(e, b[i], elem));
  }
  if (isObjectValue(a) || isObjectValue(b)) {
    if (!isObjectValue(a) || !isObjectValue(b)) return false;
    for (const n in a) if (!valuesEqual(a[n], hasOwn(b, n) ? b[n] : null, attributeType(type, n))) return false;
    // What only b has must be null (a missing attribute counts as null).
    for (const n in b) if (!hasOwn(a, n) && b[n] !== null && b[n] !== undefined) return false;
    return true;
  }
  return a === b;
}

const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

function attributeType(type: TfType | undefined, name: string): TfType | undefined {
  if (!type || typeof type !== 'object') return undefined;
  if ('object' in type) return type.object[name];
  if ('map' in type) return type.map;
  return undefined;
}

/**
 * A stable string for a value (object keys sorted, null attributes left out as if missing,
 * numbers by exact value), used to compare set elements.
 */
export function canonical(v: TfValue | undefined): string {
  if (v === null || v === undefined) return 'null';
  if (isUnknown(v)) return '(unknown)';
  if (isNumeric(v)) return `#${numberText(v)}`; // cannot clash with a JSON string
  if (typeof v === 'string' || typeof v === 'boolean') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  const parts: string[] = [];
  for (const k of Object.keys(v).sort()) {
    if (v[k] !== null && v[k] !== undefined) parts.push(`${JSON.stringify(k)}:${canonical(v[k])}`);
  }
  return `{${parts.join(',')}}`;
}
