// The value codec: Terraform's DynamicValue (cty's msgpack, or JSON) <-> plain TfValue, always
// guided by the schema type, as go-cty encodes it: objects carry exactly their type's attributes,
// nil is null, extension 0 is unknown, extension 12 an unknown with refinements.

import { decode, Decoder, Encoder, ExtData, ExtensionCodec } from '@msgpack/msgpack';
import type { AttributePath, TfObject, TfType, TfValue, UnknownRefinements } from './framework';
import { isUnknown, TfBigNumber, unknown, Unknown } from './framework';
import {
  bigIntDecimal,
  type Decimal,
  DecimalRangeError,
  decimalToBigInt,
  doubleDecimal,
  formatDecimal,
  isShortExact,
  parseDecimal,
  shortDecimal,
} from './numbers';
import { describeKind, formatPath } from './describe';
import { isArrayHead, isFloatHead, isIntegerHead, isMapHead, isStringHead, MsgpackFormatError, MsgpackReader } from './msgpack-reader';
import { MsgpackWriter } from './msgpack-writer';
import { numberFromDecimal, parseJson, writeJson } from './json';

export { formatPath, parseJson };

/** A value that does not fit its type; `path` says where. */
export class ValueError extends Error {
  constructor(
    message: string,
    readonly path: AttributePath,
  ) {
    super(path.length ? `${formatPath(path)}: ${message}` : message);
    this.name = 'ValueError';
  }
}

export interface DecodeOptions {
  /**
   * Accept objects whose attributes differ from the type: drop the extra ones, fill missing ones
   * with null. For stored state written by another provider version; wire values are strict.
   */
  lenient?: boolean;
}

// ------------------------------------------------------------------------------------------------
// Types
// ------------------------------------------------------------------------------------------------

/** cty's JSON notation for a type, as schema attributes carry it: "string", ["list","string"], … */
export function ctyTypeJson(type: TfType): unknown {
  if (typeof type === 'string') return type;
  if ('list' in type) return ['list', ctyTypeJson(type.list)];
  if ('set' in type) return ['set', ctyTypeJson(type.set)];
  if ('map' in type) return ['map', ctyTypeJson(type.map)];
  const attrs: Record<string, unknown> = {};
  for (const name of Object.keys(type.object).sort()) attrs[name] = ctyTypeJson(type.object[name]);
  return ['object', attrs];
}

// ------------------------------------------------------------------------------------------------
// Unknown values on the wire
// ------------------------------------------------------------------------------------------------

const EXT_UNKNOWN = 0;
const EXT_REFINED_UNKNOWN = 12;

// cty's refinement map keys. Number and length bounds have no place in the framework's Unknown,
// but their bytes are kept so that an unknown read from Terraform goes back exactly as it came.
const REFINE_NULLNESS = 1;
const REFINE_STRING_PREFIX = 2;

/** An unknown as received: remembers its original refinement payload. */
class WireUnknown extends Unknown {
  constructor(
    refinements: UnknownRefinements,
    readonly payload: Uint8Array,
  ) {
    super(refinements);
  }
}

function decodeUnknown(data: Uint8Array): Unknown {
  // As cty: a payload of at most one byte is a plain unknown, whatever its extension type.
  if (data.length <= 1) return unknown;
  let map: unknown;
  try {
    map = decode(data);
  } catch {
    throw new ValueError('malformed refinements of an unknown value', []);
  }
  const refinements: UnknownRefinements = {};
  if (map && typeof map === 'object') {
    const entries = map as Record<string, unknown>;
    // The nullness refinement says whether the value will be null: false means "not null".
    if (entries[REFINE_NULLNESS] === false) refinements.notNull = true;
    const prefix = entries[REFINE_STRING_PREFIX];
    if (typeof prefix === 'string' && prefix !== '') refinements.stringPrefix = prefix;
  }
  return new WireUnknown(refinements, data);
}

function encodeUnknown(u: Unknown): { type: number; data: Uint8Array } {
  if (u instanceof WireUnknown) return { type: EXT_REFINED_UNKNOWN, data: u.payload };
  const { notNull, stringPrefix } = u.refinements;
  if (!notNull && !stringPrefix) return { type: EXT_UNKNOWN, data: new Uint8Array([0]) };
  // A msgpack map with small-integer keys, written by hand: the encoder would stringify the keys.
  const count = (notNull ? 1 : 0) + (stringPrefix ? 1 : 0);
  const parts: Uint8Array[] = [new Uint8Array([0x80 | count])]; // fixmap
  if (notNull) parts.push(new Uint8Array([REFINE_NULLNESS, 0xc2 /* false */]));
  if (stringPrefix) parts.push(new Uint8Array([REFINE_STRING_PREFIX]), new Encoder().encode(stringPrefix));
  return { type: EXT_REFINED_UNKNOWN, data: Buffer.concat(parts) };
}

const extensionCodec = new ExtensionCodec();
extensionCodec.register({
  type: EXT_UNKNOWN,
  encode: (v) => (isUnknown(v) && encodeUnknown(v).type === EXT_UNKNOWN ? encodeUnknown(v).data : null),
  decode: () => unknown,
});
extensionCodec.register({
  type: EXT_REFINED_UNKNOWN,
  encode: (v) => (isUnknown(v) && encodeUnknown(v).type === EXT_REFINED_UNKNOWN ? encodeUnknown(v).data : null),
  decode: (data) => decodeUnknown(data),
});

// ------------------------------------------------------------------------------------------------
// msgpack
// ------------------------------------------------------------------------------------------------

// One encoder and one decoder for every value: each keeps its buffers between calls (and clones
// itself if ever re-entered), where a new one per call allocated them for each of the thousands of
// values a plan of a few hundred resources moves. int64 / uint64 as bigint: a float64 would round
// integers beyond 2^53.
const msgpackDecoder = new Decoder({ extensionCodec, useBigInt64: true });

/**
 * The reader every value is read with (decoding is synchronous: never re-entered). Its extensions
 * are the Decoder's above: unknowns, and ExtData for any other type.
 */
const msgpackReader = new MsgpackReader(({ type, data }) => (type === EXT_UNKNOWN ? unknown : type === EXT_REFINED_UNKNOWN ? decodeUnknown(data) : new ExtData(type, data)));

export function decodeMsgpack(bytes: Uint8Array, type: TfType, options: DecodeOptions = {}): TfValue {
  msgpackReader.start(bytes);
  try {
    const v = readMsgpack(msgpackReader, type, [], options);
    msgpackReader.finish();
    return v;
  } catch (e) {
    if (e instanceof MsgpackFormatError) throw new ValueError(`malformed msgpack value: ${e.message}`, []);
    throw e;
  }
}

/**
 * The same value through the generic path: @msgpack/msgpack's Decoder, then fromWire. Not used to
 * read anything; the reader's tests compare its values with these.
 */
export function referenceDecodeMsgpack(bytes: Uint8Array, type: TfType, options: DecodeOptions = {}): TfValue {
  let raw: unknown;
  try {
    raw = msgpackDecoder.decode(bytes);
  } catch (e) {
    if (e instanceof ValueError) throw e;
    throw new ValueError(`malformed msgpack value: ${(e as Error).message}`, []);
  }
  return fromWire(raw, type, [], options, true);
}

/**
 * The same value through the generic path: toWire, then @msgpack/msgpack's Encoder. Not used to
 * send anything; the writer's tests compare its bytes with these.
 */
export function referenceMsgpack(value: TfValue, type: TfType): Uint8Array {
  return new Encoder({ extensionCodec, useBigInt64: true }).encode(toWire(value, type, [], true));
}

/** The one writer every value is written with (encoding is synchronous: never re-entered). */
const msgpackWriter = new MsgpackWriter();

export function encodeMsgpack(value: TfValue, type: TfType): Uint8Array {
  msgpackWriter.reset();
  writeMsgpack(msgpackWriter, value, type, []);
  return msgpackWriter.bytes();
}

// ------------------------------------------------------------------------------------------------
// Numbers: what cty sends, as TfValue (see TfBigNumber in framework.ts), and back
// ------------------------------------------------------------------------------------------------

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** A float64 from msgpack stands for its exact binary value. */
function numberFromDouble(n: number): number | TfBigNumber {
  if (!Number.isFinite(n)) return n; // cty sends its infinities as float64
  if (Number.isInteger(n) ? Number.isSafeInteger(n) : isShortExact(n)) return n;
  return new TfBigNumber(formatDecimal(doubleDecimal(n)));
}

function numberFromBigInt(b: bigint): number | TfBigNumber {
  return b >= -BigInt(Number.MAX_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : new TfBigNumber(b);
}

/** Decimal text (cty writes numbers it cannot send as int64 or float64 as strings). */
function numberFromText(text: string, path: AttributePath): number | TfBigNumber | undefined {
  let d: Decimal | undefined;
  try {
    d = parseDecimal(text);
  } catch (e) {
    if (e instanceof DecimalRangeError) throw new ValueError('number out of range', path);
    throw e;
  }
  return d && numberFromDecimal(d);
}

/**
 * A number for msgpack, as cty writes one: an int64 when the value is one, a float64 when that is
 * exact, else its decimal text (cty's msgpack decoder reads all three).
 */
function numberToMsgpack(value: number | bigint | TfBigNumber): number | bigint | string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return value;
    if (Number.isInteger(value)) {
      // Safe integers up to 32 bits stay numbers (compact encodings); larger ones within int64
      // go as int64 / uint64 rather than as the encoder's float64.
      if (value >= -0x80000000 && value < 0x100000000) return value;
      const b = BigInt(value);
      return b >= INT64_MIN && b <= INT64_MAX ? b : value;
    }
    // A fraction means the decimal JavaScript prints for it (see TfBigNumber).
    return isShortExact(value) ? value : formatDecimal(shortDecimal(value));
  }
  const d = typeof value === 'bigint' ? bigIntDecimal(value) : parseDecimal(value.text)!;
  if (d.exp < 0) return formatDecimal(d);
  const b = decimalToBigInt(d);
  if (b < INT64_MIN || b > INT64_MAX) return formatDecimal(d);
  return b >= -0x80000000n && b < 0x100000000n ? Number(b) : b;
}

// ------------------------------------------------------------------------------------------------
// JSON (cty's JSON encoding: no unknowns, numbers as JSON numbers, read and written exactly)
// ------------------------------------------------------------------------------------------------

export function decodeJson(json: Uint8Array | string, type: TfType, options: DecodeOptions = {}): TfValue {
  let raw: unknown;
  try {
    raw = parseJson(typeof json === 'string' ? json : Buffer.from(json).toString('utf8'));
  } catch (e) {
    if (e instanceof DecimalRangeError) throw new ValueError('number out of range', []);
    throw new ValueError(`malformed JSON value: ${(e as Error).message}`, []);
  }
  return fromWire(raw, type, [], options, false);
}

/**
 * Whether `raw` (JSON.parse's reading of a cty JSON value) is exactly a value of `type`, as cty's
 * JSON decoder reads it: every object has each attribute of its type and no other, and every
 * primitive is of its own JSON kind (no number as a string, no bool as a string). Such a text can go
 * back to Terraform as it is. Numbers are only checked to be numbers: the text, not this reading
 * of it, is what would be passed on.
 */
export function jsonFitsExactly(raw: unknown, type: TfType): boolean {
  if (raw === null) return true;
  if (type === 'string') return typeof raw === 'string';
  if (type === 'bool') return typeof raw === 'boolean';
  if (type === 'number') return typeof raw === 'number' && Number.isFinite(raw);
  if (typeof raw !== 'object') return false;
  if ('list' in type || 'set' in type) {
    if (!Array.isArray(raw)) return false;
    const elem = 'list' in type ? type.list : type.set;
    for (const v of raw) if (!jsonFitsExactly(v, elem)) return false;
    return true;
  }
  if (Array.isArray(raw)) return false;
  const entries = raw as Record<string, unknown>;
  if ('map' in type) {
    for (const k in entries) if (!jsonFitsExactly(entries[k], type.map)) return false;
    return true;
  }
  const attrs = type.object;
  let present = 0;
  for (const name in entries) {
    if (!Object.hasOwn(attrs, name) || !jsonFitsExactly(entries[name], attrs[name])) return false;
    present++;
  }
  return present === attributeNames(attrs).length;
}

export function encodeJson(value: TfValue, type: TfType): string {
  return writeJson(toWire(value, type, [], false));
}

// ------------------------------------------------------------------------------------------------
// The type-guided walk, shared by both encodings
// ------------------------------------------------------------------------------------------------

function isPlainMap(raw: unknown): raw is Record<string, unknown> {
  return (
    typeof raw === 'object' &&
    raw !== null &&
    !Array.isArray(raw) &&
    !(raw instanceof Uint8Array) &&
    !(raw instanceof ExtData) &&
    !isUnknown(raw) &&
    !(raw instanceof TfBigNumber)
  );
}

// The walks below keep one path array per value, pushed and popped as they descend (a copy is
// made only for an error): thousands of values a plan, each with a dozen attributes.

/** The sorted attribute names of an object type, as cty writes them; computed once per type. */
const sortedNames = new WeakMap<Record<string, TfType>, string[]>();
function attributeNames(attrs: Record<string, TfType>): string[] {
  let names = sortedNames.get(attrs);
  if (!names) sortedNames.set(attrs, (names = Object.keys(attrs).sort()));
  return names;
}

function mismatch(expected: string, got: unknown, path: AttributePath): ValueError {
  return new ValueError(`expected ${expected}, got ${describeKind(got)}`, [...path]);
}

function fromWire(raw: unknown, type: TfType, path: AttributePath, options: DecodeOptions, msgpack: boolean): TfValue {
  if (raw === null || raw === undefined) return null;
  if (type === 'string') {
    if (typeof raw === 'string') return raw;
  } else if (type === 'bool') {
    if (typeof raw === 'boolean') return raw;
  } else if (type === 'number') {
    // JSON numbers arrive already exact (parseJson); a msgpack float64 is its binary value.
    if (typeof raw === 'number' && !Number.isNaN(raw)) return msgpack ? numberFromDouble(raw) : raw;
    if (raw instanceof TfBigNumber) return raw;
    if (typeof raw === 'bigint') return numberFromBigInt(raw);
    // cty writes numbers that fit neither int64 nor float64 exactly as decimal strings (and its
    // JSON decoder accepts strings too).
    if (typeof raw === 'string') {
      const n = numberFromText(raw, [...path]);
      if (n !== undefined) return n;
    }
  }
  if (isUnknown(raw)) return raw;
  if (raw instanceof ExtData) {
    if (raw.data.length <= 1) return unknown;
    throw new ValueError(`unsupported msgpack extension type ${raw.type}`, [...path]);
  }
  if (typeof type === 'string') throw mismatch(type === 'string' ? 'a string' : type === 'bool' ? 'a bool' : 'a number', raw, path);

  if ('list' in type || 'set' in type) {
    const elem = 'list' in type ? type.list : type.set;
    if (!Array.isArray(raw)) throw mismatch('list' in type ? 'a list' : 'a set', raw, path);
    const out: TfValue[] = new Array(raw.length);
    for (let i = 0; i < raw.length; i++) {
      path.push(i);
      out[i] = fromWire(raw[i], elem, path, options, msgpack);
      path.pop();
    }
    return out;
  }
  if ('map' in type) {
    if (!isPlainMap(raw)) throw mismatch('a map', raw, path);
    const out: TfObject = {};
    for (const k of Object.keys(raw)) {
      path.push({ key: k });
      out[k] = fromWire(raw[k], type.map, path, options, msgpack);
      path.pop();
    }
    return out;
  }
  if (!isPlainMap(raw)) throw mismatch('an object', raw, path);
  const attrs = type.object;
  const out: TfObject = {};
  if (!options.lenient) {
    let present = 0;
    for (const name in raw) {
      // Own properties only: a key such as "toString" is not an attribute of every object type.
      if (!Object.hasOwn(attrs, name)) throw new ValueError(`unsupported attribute "${name}"`, [...path]);
      present++;
    }
    if (present !== attributeNames(attrs).length) {
      for (const name of attributeNames(attrs)) if (!Object.hasOwn(raw, name)) throw new ValueError(`attribute "${name}" is missing`, [...path]);
    }
  }
  for (const name in attrs) {
    path.push(name);
    out[name] = fromWire(raw[name], attrs[name], path, options, msgpack);
    path.pop();
  }
  return out;
}

/** An object of the type with every attribute null, in the type's order (fromWire's order too). */
const nullObjects = new WeakMap<Record<string, TfType>, TfObject>();
function nullObject(attrs: Record<string, TfType>): TfObject {
  let o = nullObjects.get(attrs);
  if (!o) {
    o = {};
    for (const name in attrs) o[name] = null;
    nullObjects.set(attrs, o);
  }
  return o;
}

/**
 * fromWire(Decoder.decode(bytes)) in one pass over the bytes, for what Terraform sends: each value
 * read as its type expects, objects whose keys are the type's attribute names in cty's sorted order
 * (every one there) built directly. Anything else (another kind than the type's, an unknown or
 * other extension, an object with other keys, in another order, for a lenient decode) is read
 * generically and handed to fromWire, so that it means and fails exactly as there.
 */
function readMsgpack(r: MsgpackReader, type: TfType, path: AttributePath, options: DecodeOptions): TfValue {
  const h = r.head();
  if (h === 0xc0) {
    r.skipHead();
    return null;
  }
  if (type === 'string') {
    if (isStringHead(h)) return r.string(h);
  } else if (type === 'number') {
    if (isIntegerHead(h)) {
      const v = r.integer(h);
      return typeof v === 'number' ? v : numberFromBigInt(v);
    }
    if (isFloatHead(h)) {
      const v = r.float(h);
      return Number.isNaN(v) ? fromWire(v, type, path, options, true) : numberFromDouble(v);
    }
  } else if (type === 'bool') {
    if (h === 0xc2 || h === 0xc3) {
      r.skipHead();
      return h === 0xc3;
    }
  } else if ('list' in type || 'set' in type) {
    if (isArrayHead(h)) {
      const elem = 'list' in type ? type.list : type.set;
      const n = r.arrayLength(h);
      const out: TfValue[] = new Array(n);
      for (let i = 0; i < n; i++) {
        path.push(i);
        out[i] = readMsgpack(r, elem, path, options);
        path.pop();
      }
      return out;
    }
  } else if ('map' in type) {
    if (isMapHead(h)) {
      const n = r.mapLength(h);
      const out: TfObject = {};
      for (let i = 0; i < n; i++) {
        const k = String(r.key());
        path.push({ key: k });
        out[k] = readMsgpack(r, type.map, path, options);
        path.pop();
      }
      return out;
    }
  } else if (isMapHead(h) && !options.lenient) {
    const start = r.pos;
    const attrs = type.object;
    const names = attributeNames(attrs);
    const n = r.mapLength(h);
    if (n === names.length) {
      const out: TfObject = { ...nullObject(attrs) };
      let i = 0;
      for (; i < n; i++) {
        const name = names[i];
        if (!r.stringIs(r.head(), name)) break;
        path.push(name);
        out[name] = readMsgpack(r, attrs[name], path, options);
        path.pop();
      }
      if (i === n) return out;
    }
    r.pos = start;
  }
  return fromWire(r.raw(), type, path, options, true);
}

/**
 * Checks a value against its type and writes it as cty does: objects with every attribute of the
 * type in sorted order (missing ones null), map keys sorted, numbers as numberToMsgpack says.
 * An attribute the type does not have is a bug in the provider and fails loudly. The same checks
 * and bytes as toWire followed by @msgpack/msgpack's Encoder, in one pass.
 */
function writeMsgpack(w: MsgpackWriter, value: TfValue | undefined, type: TfType, path: AttributePath): void {
  if (value === null || value === undefined) return w.nil();
  if (type === 'string') {
    if (typeof value === 'string') return w.string(value);
  } else if (type === 'bool') {
    if (typeof value === 'boolean') return w.bool(value);
  }
  if (isUnknown(value)) {
    const { type: extType, data } = encodeUnknown(value);
    return w.ext(extType, data);
  }
  if (type === 'string') throw mismatch('a string', value, path);
  if (type === 'bool') throw mismatch('a bool', value, path);
  if (type === 'number') {
    // A bigint is not a TfValue, but it is a number and exact: accept it.
    const v = value as TfValue | bigint;
    if (typeof v !== 'bigint' && !(v instanceof TfBigNumber) && (typeof v !== 'number' || Number.isNaN(v))) throw mismatch('a number', value, path);
    const n = numberToMsgpack(v as number | bigint | TfBigNumber);
    if (typeof n === 'number') return w.number(n);
    if (typeof n === 'bigint') return w.bigint(n);
    return w.string(n);
  }
  if ('list' in type || 'set' in type) {
    const elem = 'list' in type ? type.list : type.set;
    if (!Array.isArray(value)) throw mismatch('list' in type ? 'a list' : 'a set', value, path);
    w.arrayHeader(value.length);
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      writeMsgpack(w, value[i], elem, path);
      path.pop();
    }
    return;
  }
  if (Array.isArray(value) || typeof value !== 'object' || value instanceof TfBigNumber) throw mismatch('map' in type ? 'a map' : 'an object', value, path);
  if ('map' in type) {
    const keys = Object.keys(value).sort();
    w.mapHeader(keys.length);
    for (const k of keys) {
      w.string(k);
      path.push({ key: k });
      writeMsgpack(w, value[k], type.map, path);
      path.pop();
    }
    return;
  }
  const attrs = type.object;
  for (const name in value) {
    if (!Object.hasOwn(attrs, name)) throw new ValueError(`attribute "${name}" is not in the schema (a bug in the provider)`, [...path]);
  }
  const names = attributeNames(attrs);
  w.mapHeader(names.length);
  for (const name of names) {
    w.string(name);
    path.push(name);
    writeMsgpack(w, value[name], attrs[name], path);
    path.pop();
  }
}

/**
 * Checks a value against its type and turns it into what the encoders write: objects hold every
 * attribute of the type in sorted order (as cty writes them), missing ones null; they have no
 * prototype, so that a map key such as "__proto__" stays data.
 * An attribute the type does not have is a bug in the provider and fails loudly.
 */
function toWire(value: TfValue | undefined, type: TfType, path: AttributePath, msgpack: boolean): unknown {
  if (value === null || value === undefined) return null;
  if (type === 'string') {
    if (typeof value === 'string') return value;
  } else if (type === 'bool') {
    if (typeof value === 'boolean') return value;
  }
  if (isUnknown(value)) {
    if (!msgpack) throw new ValueError('an unknown value cannot be encoded as JSON', [...path]);
    return value;
  }
  if (type === 'string') throw mismatch('a string', value, path);
  if (type === 'bool') throw mismatch('a bool', value, path);
  if (type === 'number') {
    // A bigint is not a TfValue, but it is a number and exact: accept it.
    const v = value as TfValue | bigint;
    if (typeof v === 'bigint' || v instanceof TfBigNumber) return msgpack ? numberToMsgpack(v) : v;
    if (typeof v !== 'number' || Number.isNaN(v)) throw mismatch('a number', value, path);
    if (!Number.isFinite(v) && !msgpack) throw new ValueError('an infinite number cannot be encoded as JSON', [...path]);
    return msgpack ? numberToMsgpack(v) : v;
  }
  if ('list' in type || 'set' in type) {
    const elem = 'list' in type ? type.list : type.set;
    if (!Array.isArray(value)) throw mismatch('list' in type ? 'a list' : 'a set', value, path);
    const out: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      out[i] = toWire(value[i], elem, path, msgpack);
      path.pop();
    }
    return out;
  }
  if (Array.isArray(value) || typeof value !== 'object' || value instanceof TfBigNumber) throw mismatch('map' in type ? 'a map' : 'an object', value, path);
  const out = Object.create(null) as Record<string, unknown>;
  if ('map' in type) {
    for (const k of Object.keys(value).sort()) {
      path.push({ key: k });
      out[k] = toWire(value[k], type.map, path, msgpack);
      path.pop();
    }
    return out;
  }
  const attrs = type.object;
  for (const name in value) {
    if (!Object.hasOwn(attrs, name)) {
      throw new ValueError(`attribute "${name}" is not in the schema (a bug in the provider)`, [...path]);
    }
  }
  for (const name of attributeNames(attrs)) {
    path.push(name);
    out[name] = toWire(value[name], attrs[name], path, msgpack);
    path.pop();
  }
  return out;
}
