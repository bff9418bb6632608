// Reading Workato's answers: JSON, the `result` wrapper, headers, field errors, and strict field
// readers for endpoint modules (a field Workato must send and did not is an error, never a default).

import { MalformedAnswerError, type FieldErrors, type WorkatoErrorInit } from './errors';

export function headerValue(value: unknown): string | undefined {
  const first: unknown = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === null || first === '' ? undefined : String(first);
}

export function parseHttpDate(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

export function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The answer does not have the shape the API documents. */
export function malformed(init: WorkatoErrorInit, what: string): MalformedAnswerError {
  return new MalformedAnswerError(init, what);
}


/** `result` of `{"result": …}`, the wrapper of every Workato answer. */
export function unwrapResult(json: unknown, init: WorkatoErrorInit): unknown {
  if (json === null || typeof json !== 'object' || !('result' in json)) {
    throw malformed(init, 'not a JSON object with a "result"');
  }
  return (json as { result: unknown }).result;
}

/** `result` as an array (a list page). */
export function unwrapList(json: unknown, init: WorkatoErrorInit): unknown[] {
  const result = unwrapResult(json, init);
  if (!Array.isArray(result)) throw malformed(init, 'the "result" of a list is not an array');
  return result;
}

export function toFieldErrors(value: unknown): FieldErrors | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const out: FieldErrors = {};
  for (const [field, messages] of Object.entries(value as Record<string, unknown>)) {
    if (Array.isArray(messages)) out[field] = messages.map(String);
    else if (messages !== undefined && messages !== null) out[field] = [String(messages)];
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * Strict readers of one JSON object of an answer, for an endpoint's `toX` function. Each names
 * the record (`what`) and the missing or mistyped field in the error.
 */
export class FieldReader {
  readonly #value: Record<string, unknown>;
  constructor(
    value: unknown,
    readonly what: string,
    readonly init: WorkatoErrorInit,
    readonly prefix = '',
  ) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw malformed(init, `${prefix ? `${what}'s ${prefix.slice(0, -1)}` : `a ${what}`} is not a JSON object`);
    }
    this.#value = value as Record<string, unknown>;
  }

  #fail(field: string, type: string): never {
    throw malformed(this.init, `a ${this.what} lacks ${this.prefix}${field} (${type})`);
  }

  string(field: string): string {
    const v = this.#value[field];
    return typeof v === 'string' ? v : this.#fail(field, 'a string');
  }

  integer(field: string): number {
    const v = this.#value[field];
    return typeof v === 'number' && Number.isSafeInteger(v) ? v : this.#fail(field, 'an integer');
  }

  /** An integer the answer may leave out or send as null (Workato's counts): null then. */
  optionalInteger(field: string): number | null {
    const v = this.#value[field];
    return v === undefined || v === null ? null : this.integer(field);
  }

  /** A string the answer may leave out or send as null (Workato's timestamps): null then. */
  optionalString(field: string): string | null {
    const v = this.#value[field];
    return v === undefined || v === null ? null : this.string(field);
  }

  /** Whether the object has this field with a non-null value. */
  has(field: string): boolean {
    return this.#value[field] !== undefined && this.#value[field] !== null;
  }

  object(field: string): FieldReader {
    return new FieldReader(this.#value[field], this.what, this.init, `${this.prefix}${field}.`);
  }
}
