// Small readers for Terraform values: a config attribute is either known (a value or null) or
// unknown until apply. Validation checks only what is known; apply-time code asserts knownness.
import { isBigNumber, isUnknown, TfObject, TfValue } from '../plugin/framework';

/** A known string, or null when the attribute is null or not yet known. */
export function knownString(obj: TfObject, name: string): string | null {
  const v = obj[name];
  return typeof v === 'string' ? v : null;
}

/**
 * A known number, or null when the attribute is null or not yet known. A number beyond what a JS
 * number holds exactly comes back rounded: fine for the settings read here (limits, timeouts).
 */
export function knownNumber(obj: TfObject, name: string): number | null {
  const v = obj[name];
  if (typeof v === 'number') return v;
  return isBigNumber(v) ? v.toNumber() : null;
}

/** True when the attribute holds a value or an unknown (it will hold one once known). */
export function isSet(obj: TfObject, name: string): boolean {
  const v = obj[name];
  return v !== null && v !== undefined;
}

export function isUnknownAttr(obj: TfObject, name: string): boolean {
  return isUnknown(obj[name]);
}

/** Apply-time read: the value must be a known string (Terraform guarantees this for config). */
export function requireString(obj: TfObject, name: string): string {
  const v = obj[name];
  if (typeof v !== 'string') {
    throw new Error(`attribute "${name}" must be a known string here, got ${describe(v)}`);
  }
  return v;
}

/** Describes a value's kind for a provider-bug message, never its content. */
function describe(v: TfValue | undefined): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (isUnknown(v)) return 'an unknown value';
  return `a ${Array.isArray(v) ? 'list' : typeof v}`;
}
