// A msgpack writer for the values the codec sends: one growing buffer, reused between values, and
// the same bytes @msgpack/msgpack's Encoder writes for them (the smallest header of each kind,
// float64 for fractions, uint64 / int64 for bigints), without its generic type dispatch.

export class MsgpackWriter {
  private buf = Buffer.allocUnsafe(4096);
  private view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  private pos = 0;

  /** Starts a new value. */
  reset(): void {
    this.pos = 0;
  }

  /** A copy of what was written since `reset()`. */
  bytes(): Uint8Array {
    return Buffer.from(this.buf.subarray(0, this.pos));
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
    this.view = new DataView(next.buffer, next.byteOffset, next.byteLength);
  }

  private u8(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }

  private typed(tag: number, bytes: 1 | 2 | 4 | 8, write: (at: number) => void): void {
    this.ensure(1 + bytes);
    this.buf[this.pos] = tag;
    write(this.pos + 1);
    this.pos += 1 + bytes;
  }

  nil(): void {
    this.u8(0xc0);
  }

  bool(b: boolean): void {
    this.u8(b ? 0xc3 : 0xc2);
  }

  /** A number as the Encoder writes one (with useBigInt64): safe integers below 2^32 as integers, others as float64. */
  number(n: number): void {
    if (Number.isSafeInteger(n) && n < 0x100000000) {
      if (n >= 0) {
        if (n < 0x80) this.u8(n);
        else if (n < 0x100) this.typed(0xcc, 1, (at) => this.view.setUint8(at, n));
        else if (n < 0x10000) this.typed(0xcd, 2, (at) => this.view.setUint16(at, n));
        else this.typed(0xce, 4, (at) => this.view.setUint32(at, n));
        return;
      }
      if (n >= -0x20) this.u8(0xe0 | (n + 0x20));
      else if (n >= -0x80) this.typed(0xd0, 1, (at) => this.view.setInt8(at, n));
      else if (n >= -0x8000) this.typed(0xd1, 2, (at) => this.view.setInt16(at, n));
      else if (n >= -0x80000000) this.typed(0xd2, 4, (at) => this.view.setInt32(at, n));
      else this.typed(0xcb, 8, (at) => this.view.setFloat64(at, n));
      return;
    }
    this.typed(0xcb, 8, (at) => this.view.setFloat64(at, n));
  }

  bigint(b: bigint): void {
    if (b >= 0n) this.typed(0xcf, 8, (at) => this.view.setBigUint64(at, b));
    else this.typed(0xd3, 8, (at) => this.view.setBigInt64(at, b));
  }

  string(s: string): void {
    // At most 3 bytes per UTF-16 unit; the header is fixed once the length is known.
    const max = s.length * 3;
    this.ensure(5 + max);
    const headerBytes = max < 32 ? 1 : max < 0x100 ? 2 : max < 0x10000 ? 3 : 5;
    const start = this.pos + headerBytes;
    const length = s.length === 0 ? 0 : this.buf.write(s, start, 'utf8');
    // The smallest header for the actual length, as the Encoder writes it.
    const needed = length < 32 ? 1 : length < 0x100 ? 2 : length < 0x10000 ? 3 : 5;
    if (needed !== headerBytes) this.buf.copy(this.buf, this.pos + needed, start, start + length);
    const at = this.pos;
    if (needed === 1) this.buf[at] = 0xa0 | length;
    else if (needed === 2) {
      this.buf[at] = 0xd9;
      this.buf[at + 1] = length;
    } else if (needed === 3) {
      this.buf[at] = 0xda;
      this.view.setUint16(at + 1, length);
    } else {
      this.buf[at] = 0xdb;
      this.view.setUint32(at + 1, length);
    }
    this.pos += needed + length;
  }

  arrayHeader(n: number): void {
    if (n < 16) this.u8(0x90 | n);
    else if (n < 0x10000) this.typed(0xdc, 2, (at) => this.view.setUint16(at, n));
    else this.typed(0xdd, 4, (at) => this.view.setUint32(at, n));
  }

  mapHeader(n: number): void {
    if (n < 16) this.u8(0x80 | n);
    else if (n < 0x10000) this.typed(0xde, 2, (at) => this.view.setUint16(at, n));
    else this.typed(0xdf, 4, (at) => this.view.setUint32(at, n));
  }

  ext(type: number, data: Uint8Array): void {
    const size = data.length;
    const fixed = FIXEXT[size];
    if (fixed !== undefined) this.u8(fixed);
    else if (size < 0x100) {
      this.u8(0xc7);
      this.u8(size);
    } else if (size < 0x10000) this.typed(0xc8, 2, (at) => this.view.setUint16(at, size));
    else this.typed(0xc9, 4, (at) => this.view.setUint32(at, size));
    this.u8(type & 0xff);
    this.ensure(size);
    this.buf.set(data, this.pos);
    this.pos += size;
  }
}

/** fixext 1, 2, 4, 8 and 16: the header byte by payload size. */
const FIXEXT: Readonly<Record<number, number>> = { 1: 0xd4, 2: 0xd5, 4: 0xd6, 8: 0xd7, 16: 0xd8 };
