// A msgpack reader for the values Terraform sends: the byte level of codec.ts's typed decoding
// (readMsgpack there walks the schema's type and asks this reader for each value in turn, so that a
// value becomes a TfValue without first becoming @msgpack/msgpack's generic JavaScript tree).
// `raw()` reads any value into exactly what @msgpack/msgpack's Decoder (useBigInt64) returns, for
// the cases the typed walk hands to the generic path: a value of another kind than its type's (for
// the same error), unknowns and other extensions, objects of another shape. One difference: a
// string that is not valid UTF-8 (Terraform never sends one) reads with U+FFFD where its bytes are
// wrong, as Buffer and TextDecoder read it; the Decoder drops such bytes from short strings.

/** A malformed msgpack text (truncated, a reserved byte, extra bytes, a key of the wrong kind). */
export class MsgpackFormatError extends Error {}

export interface RawExtension {
  type: number;
  data: Uint8Array;
}

export class MsgpackReader {
  private buf: Buffer = Buffer.alloc(0);
  private view = new DataView(this.buf.buffer, 0, 0);
  pos = 0;

  constructor(private readonly extension: (ext: RawExtension) => unknown) {}

  /** Starts reading `bytes` (kept as a view, not copied: binaries and extensions point into it). */
  start(bytes: Uint8Array): void {
    this.buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    this.pos = 0;
  }

  /** Fails unless every byte was read. */
  finish(): void {
    if (this.pos !== this.buf.length) throw new MsgpackFormatError(`Extra ${this.buf.length - this.pos} of ${this.buf.length} byte(s) found at buffer[${this.pos}]`);
  }

  private need(n: number): void {
    if (this.pos + n > this.buf.length) throw new MsgpackFormatError(`Insufficient data at ${this.pos}`);
  }

  /** The head byte of the next value, not consumed. */
  head(): number {
    this.need(1);
    return this.buf[this.pos];
  }

  skipHead(): void {
    this.pos++;
  }

  /** After an array head: its element count (the head consumed). */
  arrayLength(h: number): number {
    this.pos++;
    if (h <= 0x9f) return h - 0x90;
    if (h === 0xdc) return this.u16();
    return this.u32();
  }

  /** After a map head: its entry count (the head consumed). */
  mapLength(h: number): number {
    this.pos++;
    if (h <= 0x8f) return h - 0x80;
    if (h === 0xde) return this.u16();
    return this.u32();
  }

  /** After a string head: the string (the head consumed). */
  string(h: number): string {
    this.pos++;
    const n = h <= 0xbf ? h - 0xa0 : h === 0xd9 ? this.u8() : h === 0xda ? this.u16() : this.u32();
    this.need(n);
    const start = this.pos;
    this.pos += n;
    return shortAscii(this.buf, start, n) ?? this.buf.toString('utf8', start, start + n);
  }

  /**
   * After a string head: whether the string's bytes are exactly `expected`'s (ASCII; in the
   * shortest header, as cty writes), and if so the string consumed. Object keys come in the order cty sorts them, so each is usually the name
   * expected next, matched without making a string.
   */
  stringIs(h: number, expected: string): boolean {
    const n = expected.length;
    let at = this.pos + 1;
    if (n <= 31) {
      if (h !== 0xa0 + n) return false;
    } else if (n <= 0xff && h === 0xd9 && this.buf[at] === n) at++;
    else return false;
    if (at + n > this.buf.length) return false;
    for (let i = 0; i < n; i++) if (this.buf[at + i] !== expected.charCodeAt(i)) return false;
    this.pos = at + n;
    return true;
  }

  /** After an integer head (fixints, uint8-64, int8-64): the integer, a bigint beyond 2^53. */
  integer(h: number): number | bigint {
    this.pos++;
    if (h <= 0x7f) return h;
    if (h >= 0xe0) return h - 0x100;
    switch (h) {
      case 0xcc:
        return this.u8();
      case 0xcd:
        return this.u16();
      case 0xce:
        return this.u32();
      case 0xcf: {
        this.need(8);
        const hi = this.view.getUint32(this.pos);
        if (hi < 0x200000) {
          const v = hi * 0x100000000 + this.view.getUint32(this.pos + 4);
          this.pos += 8;
          return v;
        }
        const b = this.view.getBigUint64(this.pos);
        this.pos += 8;
        return b;
      }
      case 0xd0:
        this.need(1);
        return this.view.getInt8(this.pos++);
      case 0xd1: {
        this.need(2);
        const v = this.view.getInt16(this.pos);
        this.pos += 2;
        return v;
      }
      case 0xd2: {
        this.need(4);
        const v = this.view.getInt32(this.pos);
        this.pos += 4;
        return v;
      }
      default: {
        // 0xd3, int 64
        this.need(8);
        const hi = this.view.getInt32(this.pos);
        const v = hi * 0x100000000 + this.view.getUint32(this.pos + 4); // exact when |hi| <= 2^21
        if (hi >= -0x200000 && hi < 0x200000 && Number.isSafeInteger(v)) {
          this.pos += 8;
          return v;
        }
        const b = this.view.getBigInt64(this.pos);
        this.pos += 8;
        return b;
      }
    }
  }

  /** After a float head (0xca, 0xcb): the number. */
  float(h: number): number {
    this.pos++;
    if (h === 0xca) {
      this.need(4);
      const v = this.view.getFloat32(this.pos);
      this.pos += 4;
      return v;
    }
    this.need(8);
    const v = this.view.getFloat64(this.pos);
    this.pos += 8;
    return v;
  }

  /** Any value, as @msgpack/msgpack's Decoder (useBigInt64, this reader's extension hook) reads it. */
  raw(): unknown {
    const h = this.head();
    if (isIntegerHead(h)) {
      const v = this.integer(h);
      // The Decoder reads (u)int64 as a bigint whatever its size.
      return typeof v === 'number' && (h === 0xcf || h === 0xd3) ? BigInt(v) : v;
    }
    if (isStringHead(h)) return this.string(h);
    if (isArrayHead(h)) {
      const n = this.arrayLength(h);
      const out: unknown[] = [];
      for (let i = 0; i < n; i++) out.push(this.raw());
      return out;
    }
    if (isMapHead(h)) {
      const n = this.mapLength(h);
      const out: Record<string, unknown> = {};
      for (let i = 0; i < n; i++) {
        const key = this.key();
        out[key] = this.raw();
      }
      return out;
    }
    switch (h) {
      case 0xc0:
        this.pos++;
        return null;
      case 0xc2:
        this.pos++;
        return false;
      case 0xc3:
        this.pos++;
        return true;
      case 0xca:
      case 0xcb:
        return this.float(h);
      case 0xc4:
      case 0xc5:
      case 0xc6: {
        this.pos++;
        const n = h === 0xc4 ? this.u8() : h === 0xc5 ? this.u16() : this.u32();
        return this.bytes(n);
      }
    }
    if (isExtensionHead(h)) return this.extension(this.rawExtension(h));
    throw new MsgpackFormatError(`Unrecognized type byte: 0x${h.toString(16)}`);
  }

  /** A map key as the Decoder reads one: a string or a number, never "__proto__". */
  key(): string {
    const h = this.head();
    let key: string | number;
    if (isStringHead(h)) key = this.string(h);
    else {
      const v = this.raw();
      if (typeof v !== 'number') throw new MsgpackFormatError(`The type of key must be string or number but ${typeof v}`);
      key = v;
    }
    if (key === '__proto__') throw new MsgpackFormatError('The key __proto__ is not allowed');
    return key as string;
  }

  private rawExtension(h: number): RawExtension {
    this.pos++;
    let n: number;
    if (h >= 0xd4 && h <= 0xd8) n = 1 << (h - 0xd4);
    else n = h === 0xc7 ? this.u8() : h === 0xc8 ? this.u16() : this.u32();
    const type = this.i8();
    return { type, data: this.bytes(n) };
  }

  private bytes(n: number): Uint8Array {
    this.need(n);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  private u8(): number {
    this.need(1);
    return this.buf[this.pos++];
  }

  private i8(): number {
    this.need(1);
    return this.view.getInt8(this.pos++);
  }

  private u16(): number {
    this.need(2);
    const v = this.view.getUint16(this.pos);
    this.pos += 2;
    return v;
  }

  private u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.pos);
    this.pos += 4;
    return v;
  }
}

export const isStringHead = (h: number): boolean => (h >= 0xa0 && h <= 0xbf) || (h >= 0xd9 && h <= 0xdb);
export const isArrayHead = (h: number): boolean => (h >= 0x90 && h <= 0x9f) || h === 0xdc || h === 0xdd;
export const isMapHead = (h: number): boolean => (h >= 0x80 && h <= 0x8f) || h === 0xde || h === 0xdf;
export const isIntegerHead = (h: number): boolean => h <= 0x7f || h >= 0xe0 || (h >= 0xcc && h <= 0xd3 && h !== 0xca && h !== 0xcb);
export const isFloatHead = (h: number): boolean => h === 0xca || h === 0xcb;
export const isExtensionHead = (h: number): boolean => (h >= 0xd4 && h <= 0xd8) || (h >= 0xc7 && h <= 0xc9);

/** A short all-ASCII string straight from its bytes (a native call costs more for a few bytes). */
function shortAscii(buf: Buffer, start: number, n: number): string | undefined {
  if (n > 24) return undefined;
  let s = '';
  for (let i = start; i < start + n; i++) {
    const c = buf[i];
    if (c >= 0x80) return undefined;
    s += String.fromCharCode(c);
  }
  return s;
}
