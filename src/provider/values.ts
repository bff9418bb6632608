// Small readers for Terraform values as typed models hold them: a configured attribute is known (a
// value or null) or unknown until apply. Validation checks only what is known; apply-time code
// asks for knownness with a diagnostic, never a throw.
import { describeKind } from '../plugin/describe';
import { Diagnostics, isBigNumber, isUnknown, PROVIDER_BUG, TfBigNumber, Unknown } from '../plugin/framework';

/** The value when known, else null (null stays null). */
export function known<T>(v: T | null | Unknown | undefined): T | null {
  return v === undefined || v === null || isUnknown(v) ? null : (v as T);
}

/**
 * A known number, or null when null or not yet known. A number beyond what a JS number holds
 * exactly comes back rounded: fine for the settings read here (limits, timeouts).
 */
export function knownNumber(v: number | TfBigNumber | null | Unknown | undefined): number | null {
  if (typeof v === 'number') return v;
  return isBigNumber(v) ? v.toNumber() : null;
}

/** True when the attribute holds a value or an unknown (it will hold one once known). */
export function isSet(v: unknown): boolean {
  return v !== null && v !== undefined;
}

/**
 * Apply-time read of a value that must be a known string (Terraform guarantees this for required
 * configuration during apply). Otherwise an error diagnostic at the attribute, and undefined.
 */
export function requireKnownString<M, K extends keyof M & string>(model: M, attribute: K, diags: Diagnostics): string | undefined {
  const v = model[attribute];
  if (typeof v === 'string') return v;
  diags.addError(
    `Missing value for ${attribute}`,
    `The provider needs a known "${attribute}" here, and got ${describeKind(v)}. ${PROVIDER_BUG}`,
    [attribute],
  );
  return undefined;
}
