// Exact JSON text: a parser whose numbers are exact (a `number` where JavaScript holds the value
// exactly, else a TfBigNumber) and a writer that writes TfBigNumbers as exact JSON numbers. The
// codec uses both for cty's JSON encoding; stored state is parsed with the same parser.

import { TfBigNumber } from './framework';
import { type Decimal, exactFractionOf, formatDecimal, parseDecimal, safeIntegerOf } from './numbers';

/** An exact decimal as a TfValue: a number where that is exact, else a TfBigNumber. */
export function numberFromDecimal(d: Decimal): number | TfBigNumber {
  const n = d.exp >= 0 ? safeIntegerOf(d) : exactFractionOf(d);
  return n ?? new TfBigNumber(formatDecimal(d));
}

/**
 * JSON.parse, except that numbers are exact: a `number` where JavaScript holds the value exactly,
 * else a `TfBigNumber` (JSON.parse would round 20251128152430123 to …124, and a reviver cannot see
 * the source text in Node 20). Objects are plain objects, "__proto__" an ordinary key.
 */
export function parseJson(text: string): unknown {
  // Where, outside strings, every run of digits is short and none is followed by a fraction or an
  // exponent, every number in the text is an integer JavaScript holds exactly: JSON.parse (native)
  // reads the same value. (Stored state is full of timestamps such as "…T09:57:12.123Z".)
  if (!UNSAFE_DIGITS.test(text.replace(JSON_STRINGS, '""'))) {
    try {
      return JSON.parse(text);
    } catch {
      // Malformed: the parser below says where.
    }
  }
  const p = new JsonParser(text);
  p.space();
  const v = p.value();
  p.space();
  if (p.i < text.length) p.fail('unexpected data after the value');
  return v;
}

/** 16 digits in a row (may exceed 2^53), or a digit before ".", "e" or "E" (a fraction or an exponent). */
const UNSAFE_DIGITS = /\d{16}|\d[.eE]/;
const JSON_STRINGS = /"(?:[^"\\]|\\.)*"/g;
const JSON_NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
// A string without escapes or control characters, the common case.
const PLAIN_STRING = /"([^"\\\u0000-\u001f]*)"/y;

class JsonParser {
  i = 0;
  constructor(private readonly s: string) {}

  fail(what: string): never {
    throw new SyntaxError(`${what} at position ${this.i}`);
  }

  space(): void {
    const s = this.s;
    for (;;) {
      const c = s.charCodeAt(this.i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) this.i++;
      else return;
    }
  }

  value(): unknown {
    const c = this.s[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    if (c === 't' && this.s.startsWith('true', this.i)) return this.word(4, true);
    if (c === 'f' && this.s.startsWith('false', this.i)) return this.word(5, false);
    if (c === 'n' && this.s.startsWith('null', this.i)) return this.word(4, null);
    return this.fail(c === undefined ? 'unexpected end of JSON' : `unexpected ${JSON.stringify(c)}`);
  }

  private word<T>(length: number, v: T): T {
    this.i += length;
    return v;
  }

  number(): number | TfBigNumber {
    JSON_NUMBER.lastIndex = this.i;
    const m = JSON_NUMBER.exec(this.s);
    if (!m) return this.fail('malformed number');
    this.i += m[0].length;
    // Fast path: at most 15 digits and no exponent is always exact as a number (DBL_DIG is 15).
    if (m[0].length <= 16 && !/[eE]/.test(m[0]) && m[0].replace(/[-.]/g, '').length <= 15) return Number(m[0]);
    return numberFromDecimal(parseDecimal(m[0])!);
  }

  string(): string {
    // Most strings have no escapes: one native regex match.
    PLAIN_STRING.lastIndex = this.i;
    const plain = PLAIN_STRING.exec(this.s);
    if (plain) {
      this.i += plain[0].length;
      return plain[1];
    }
    const s = this.s;
    const start = this.i;
    let escaped = false;
    for (let j = start + 1; j < s.length; j++) {
      const c = s.charCodeAt(j);
      if (c === 0x5c) {
        escaped = true;
        j++;
      } else if (c === 0x22) {
        this.i = j + 1;
        const body = s.slice(start, j + 1);
        // JSON.parse does the unescaping (and rejects control characters) for us.
        return escaped || /[\u0000-\u001f]/.test(body) ? (JSON.parse(body) as string) : body.slice(1, -1);
      }
    }
    return this.fail('unterminated string');
  }

  array(): unknown[] {
    const out: unknown[] = [];
    this.i++;
    this.space();
    if (this.s[this.i] === ']') {
      this.i++;
      return out;
    }
    for (;;) {
      this.space();
      out.push(this.value());
      this.space();
      const c = this.s[this.i++];
      if (c === ']') return out;
      if (c !== ',') {
        this.i--;
        this.fail('expected "," or "]"');
      }
    }
  }

  object(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.i++;
    this.space();
    if (this.s[this.i] === '}') {
      this.i++;
      return out;
    }
    for (;;) {
      this.space();
      if (this.s[this.i] !== '"') this.fail('expected a string key');
      const key = this.string();
      this.space();
      if (this.s[this.i++] !== ':') {
        this.i--;
        this.fail('expected ":"');
      }
      this.space();
      const v = this.value();
      // As JSON.parse: an own data property, even for "__proto__".
      if (key === '__proto__') Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
      else out[key] = v;
      this.space();
      const c = this.s[this.i++];
      if (c === '}') return out;
      if (c !== ',') {
        this.i--;
        this.fail('expected "," or "}"');
      }
    }
  }
}

/** JSON.stringify for what the codec's walk returns, with TfBigNumbers written as exact JSON numbers. */
export function writeJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return String(v); // finite: toWire refuses the rest
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof TfBigNumber) return v.text;
  if (typeof v === 'string' || typeof v === 'boolean') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(writeJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .map((k) => `${JSON.stringify(k)}:${writeJson(o[k])}`)
    .join(',')}}`;
}
