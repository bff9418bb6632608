// Exact decimal numbers, as far as Terraform numbers need them. cty keeps numbers as 512-bit
// big.Floats written from decimal text; JavaScript numbers are float64. These helpers decide which
// values a JS number holds exactly and carry the rest as decimal text (see TfBigNumber in
// framework.ts). No dependencies: framework.ts builds on this file.

/**
 * An exact decimal: (-1)^neg × digits × 10^exp. `digits` has no leading or trailing zeros; zero
 * is `{ neg: false, digits: '', exp: 0 }`.
 */
export interface Decimal {
  neg: boolean;
  digits: string;
  exp: number;
}

/**
 * Beyond this many decimal places either way a number is refused rather than expanded (1e100000
 * would be a 100 kB string). cty itself writes numbers in full, so nothing real comes near it.
 */
export const MAX_DECIMAL_EXPONENT = 100_000;

/** Thrown for a number whose magnitude is beyond MAX_DECIMAL_EXPONENT. */
export class DecimalRangeError extends RangeError {}

// What cty's ParseNumberVal (big.ParseFloat, base 10) and JSON accept: sign, digits, fraction,
// exponent. No hex, no underscores, no "Inf".
const DECIMAL = /^([+-])?(?:(\d+)(?:\.(\d*))?|\.(\d+))(?:[eE]([+-]?\d+))?$/;

/** Parses decimal text exactly; undefined when it is not a number. */
export function parseDecimal(text: string): Decimal | undefined {
  const m = DECIMAL.exec(text);
  if (!m) return undefined;
  const int = m[2] ?? '';
  const frac = m[3] ?? m[4] ?? '';
  let exp = 0;
  if (m[5] !== undefined) {
    // A long exponent string is out of range however many zeros the digits have.
    if (m[5].replace(/^[+-]?0*/, '').length > 9) throw new DecimalRangeError('number out of range');
    exp = Number(m[5]);
  }
  return normalize(m[1] === '-', int + frac, exp - frac.length);
}

function normalize(neg: boolean, digits: string, exp: number): Decimal {
  let start = 0;
  while (start < digits.length && digits.charCodeAt(start) === 48) start++;
  let end = digits.length;
  while (end > start && digits.charCodeAt(end - 1) === 48) end--;
  if (start === end) return { neg: false, digits: '', exp: 0 };
  const d = { neg, digits: digits.slice(start, end), exp: exp + (digits.length - end) };
  if (Math.abs(d.exp) > MAX_DECIMAL_EXPONENT || Math.abs(d.exp + d.digits.length) > MAX_DECIMAL_EXPONENT) {
    throw new DecimalRangeError('number out of range');
  }
  return d;
}

/** Plain decimal text, as cty prints numbers (big.Float Text 'f'): no exponent, no spare zeros. */
export function formatDecimal(d: Decimal): string {
  if (d.digits === '') return '0';
  const sign = d.neg ? '-' : '';
  if (d.exp >= 0) return sign + d.digits + '0'.repeat(d.exp);
  const point = d.digits.length + d.exp;
  if (point > 0) return `${sign}${d.digits.slice(0, point)}.${d.digits.slice(point)}`;
  return `${sign}0.${'0'.repeat(-point)}${d.digits}`;
}

export function decimalIsInteger(d: Decimal): boolean {
  return d.exp >= 0;
}

export function decimalsEqual(a: Decimal, b: Decimal): boolean {
  return a.neg === b.neg && a.exp === b.exp && a.digits === b.digits;
}

/** The integer a decimal holds; only for integers. */
export function decimalToBigInt(d: Decimal): bigint {
  if (d.exp < 0) throw new RangeError('not an integer');
  if (d.digits === '') return 0n;
  const b = BigInt(d.digits) * 10n ** BigInt(d.exp);
  return d.neg ? -b : b;
}

export function bigIntDecimal(b: bigint): Decimal {
  const neg = b < 0n;
  return normalize(neg, (neg ? -b : b).toString(), 0);
}

/**
 * The exact value of a finite double: every binary fraction has a finite decimal expansion
 * (m × 2^-k = m × 5^k × 10^-k).
 */
export function doubleDecimal(n: number): Decimal {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, n);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e2: number;
  if (biased === 0) {
    e2 = -1074; // subnormal
  } else {
    mantissa |= 1n << 52n;
    e2 = biased - 1075;
  }
  const neg = hi >>> 31 === 1;
  if (e2 >= 0) return normalize(neg, (mantissa << BigInt(e2)).toString(), 0);
  return normalize(neg, (mantissa * 5n ** BigInt(-e2)).toString(), e2);
}

/** The decimal JavaScript prints for a finite double: the shortest text that reads back as it. */
export function shortDecimal(n: number): Decimal {
  return parseDecimal(String(n))!;
}

/** True when the double's shortest text is its exact value (0.5 yes, 0.1 no): cty's "float64 exact". */
export function isShortExact(n: number): boolean {
  return decimalsEqual(shortDecimal(n), doubleDecimal(n));
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** A safe integer (|v| ≤ 2^53 − 1) as a number, else undefined. */
export function safeIntegerOf(d: Decimal): number | undefined {
  if (d.exp < 0) return undefined;
  if (d.digits.length + d.exp <= 15) return Number(formatDecimal(d));
  if (d.digits.length + d.exp > 16) return undefined;
  const b = decimalToBigInt(d);
  return b <= MAX_SAFE && b >= -MAX_SAFE ? Number(b) : undefined;
}

/**
 * The number a non-integer decimal is when JavaScript prints it back exactly ("0.1" → 0.1),
 * else undefined ("0.30000000000000001", "1e-400").
 */
export function exactFractionOf(d: Decimal): number | undefined {
  const n = Number(`${d.neg ? '-' : ''}${d.digits}e${d.exp}`);
  if (!Number.isFinite(n) || n === 0) return undefined;
  return decimalsEqual(shortDecimal(n), d) ? n : undefined;
}
