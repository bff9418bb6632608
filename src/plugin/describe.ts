// How the framework names things in messages, in one place: attribute paths and the kind of a
// value (never the value itself, which may be secret).

import { type AttributePath, isUnknown, TfBigNumber } from './framework';

/** `.name`, `.list[0]`, `.map["key"]`: how Terraform prints attribute paths. */
export function formatPath(path: AttributePath): string {
  return path
    .map((s) => (typeof s === 'string' ? `.${s}` : typeof s === 'number' ? `[${s}]` : `[${JSON.stringify(s.key)}]`))
    .join('');
}

/** The same path without the leading dot, as an attribute is named in prose: `tags["env"]`. */
export function attributePathText(path: AttributePath): string {
  const text = formatPath(path);
  return text.startsWith('.') ? text.slice(1) : text;
}

/** A short description of a value's kind for error messages; never the value itself. */
export function describeKind(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'nothing';
  if (isUnknown(v)) return 'an unknown value';
  if (v instanceof TfBigNumber || typeof v === 'bigint') return 'a number';
  if (typeof v === 'number' && Number.isNaN(v)) return 'NaN';
  if (Array.isArray(v)) return 'a list';
  if (v instanceof Uint8Array) return 'binary data';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}
