// The value codec against bytes as go-cty writes them: objects, unknowns (plain and refined),
// numbers in every encoding cty uses, exact attribute sets, and the JSON form of stored state.

import { encode } from '@msgpack/msgpack';
import { ctyTypeJson, decodeJson, decodeMsgpack, encodeJson, encodeMsgpack, referenceDecodeMsgpack, referenceMsgpack, formatPath, parseJson, ValueError } from './codec';
import { isUnknown, TfBigNumber, type TfType, type TfValue, unknown, Unknown } from './framework';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const bytes = (h: string) => new Uint8Array(Buffer.from(h.replace(/\s+/g, ''), 'hex'));

const thing: TfType = {
  object: {
    id: 'string',
    size: 'number',
    enabled: 'bool',
    tags: { map: 'string' },
    names: { list: 'string' },
    ports: { set: 'number' },
    nested: { object: { a: 'string' } },
  },
};

describe('msgpack round trips', () => {
  it('keeps every kind of value', () => {
    const value = {
      id: 'x-1',
      size: 2.5,
      enabled: true,
      tags: { env: 'dev', 'with space': 'ok' },
      names: ['a', 'b'],
      ports: [80, 443],
      nested: { a: 'deep' },
    };
    expect(decodeMsgpack(encodeMsgpack(value, thing), thing)).toEqual(value);
  });

  it('keeps nulls and unknowns, nested too', () => {
    const value = { id: unknown, size: null, enabled: null, tags: { k: unknown }, names: [unknown], ports: null, nested: unknown };
    const back = decodeMsgpack(encodeMsgpack(value, thing), thing) as Record<string, unknown>;
    expect(isUnknown(back.id)).toBe(true);
    expect(back.size).toBeNull();
    expect(isUnknown((back.tags as Record<string, unknown>).k)).toBe(true);
    expect(isUnknown((back.names as unknown[])[0])).toBe(true);
    expect(isUnknown(back.nested)).toBe(true);
  });

  it('writes objects as cty does: sorted keys, every attribute', () => {
    const t: TfType = { object: { b: 'string', a: 'number' } };
    // fixmap(2) "a" 1 "b" "x"
    expect(hex(encodeMsgpack({ b: 'x', a: 1 }, t))).toBe('82a16101a162a178');
  });
});

describe('unknown values', () => {
  const t: TfType = { object: { s: 'string' } };

  it('writes a plain unknown as cty: fixext1, type 0, one zero byte', () => {
    expect(hex(encodeMsgpack(unknown, 'string'))).toBe('d40000');
  });

  it('reads any extension 0, and any extension with at most one byte, as unknown', () => {
    expect(isUnknown(decodeMsgpack(bytes('d40000'), 'string'))).toBe(true);
    expect(isUnknown(decodeMsgpack(bytes('d400ff'), 'string'))).toBe(true);
    expect(isUnknown(decodeMsgpack(bytes('c70000'), 'string'))).toBe(true); // ext8, empty
    expect(isUnknown(decodeMsgpack(bytes('d40500'), 'string'))).toBe(true); // other type, 1 byte
  });

  it('reads cty refinements (extension 12): not null and a string prefix', () => {
    // {1: false (not null), 2: "ab" (prefix)}, as cty writes it
    const refined = bytes('81 a1 73 c7 07 0c 82 01 c2 02 a2 61 62');
    const v = decodeMsgpack(refined, t) as Record<string, unknown>;
    expect(v.s).toBeInstanceOf(Unknown);
    expect((v.s as Unknown).refinements).toEqual({ notNull: true, stringPrefix: 'ab' });
  });

  it('writes refinements with small-integer keys', () => {
    expect(hex(encodeMsgpack(new Unknown({ notNull: true, stringPrefix: 'ab' }), 'string'))).toBe('c7070c8201c202a26162');
    expect(hex(encodeMsgpack(new Unknown({ notNull: true }), 'string'))).toBe('c7030c8101c2');
  });

  it('sends a received unknown back byte for byte, refinements it does not model included', () => {
    // {1: false, 3: [0, true]}: not null, number lower bound 0 inclusive
    const numberRefined = bytes('c7 07 0c 82 01 c2 03 92 00 c3');
    const v = decodeMsgpack(numberRefined, 'number');
    expect(isUnknown(v)).toBe(true);
    expect(hex(encodeMsgpack(v, 'number'))).toBe(hex(numberRefined));
  });

  it('rejects an extension that is neither', () => {
    expect(() => decodeMsgpack(bytes('d6 05 01020304'), 'string')).toThrow(/unsupported msgpack extension type 5/);
  });
});

describe('numbers', () => {
  it('accepts every encoding cty writes: ints, floats, and strings for the rest', () => {
    expect(decodeMsgpack(bytes('07'), 'number')).toBe(7);
    expect(decodeMsgpack(bytes('d0 f6'), 'number')).toBe(-10);
    expect(decodeMsgpack(bytes('cd 01 00'), 'number')).toBe(256);
    expect(decodeMsgpack(bytes('cb 3ff8000000000000'), 'number')).toBe(1.5);
    expect(decodeMsgpack(bytes('ca 3fc00000'), 'number')).toBe(1.5);
    expect(decodeMsgpack(encode('12345678901234567890'), 'number')).toEqual(new TfBigNumber('12345678901234567890'));
    expect(decodeMsgpack(encode('0.1'), 'number')).toBe(0.1);
  });

  it('rejects a string that is not a number', () => {
    expect(() => decodeMsgpack(encode('ten'), 'number')).toThrow(ValueError);
  });

  it('writes integers as integers and the rest as float64', () => {
    expect(hex(encodeMsgpack(42, 'number'))).toBe('2a');
    expect(hex(encodeMsgpack(1.5, 'number'))).toBe('cb3ff8000000000000');
  });
});

describe('numbers a float64 cannot hold: exact both ways', () => {
  // How go-cty's msgpack.Marshal writes a number: int64 when it is one (vmihailenco's compact
  // encoding picks uint64 for positive ones), float64 when exact, else big.Float Text('f', -1).
  const ctyBytes: Array<[string, string]> = [
    ['20251128152430123', 'cf 0047f24b 33d3962b'], // the client_secret_wo_version of the bug report
    ['9007199254740993', 'cf 00200000 00000001'], // 2^53 + 1
    ['9007199254740992', 'cf 00200000 00000000'], // 2^53: a float64 holds it, but 2^53 + 1 reads as it too
    ['-9007199254740993', 'd3 ffdfffff ffffffff'],
    ['9223372036854775807', 'cf 7fffffff ffffffff'], // int64 max
    ['-9223372036854775808', 'd3 80000000 00000000'], // int64 min
  ];
  it.each(ctyBytes)('reads int64 %s exactly and writes it back byte for byte', (text, h) => {
    const v = decodeMsgpack(bytes(h), 'number');
    expect(v).toBeInstanceOf(TfBigNumber);
    expect((v as TfBigNumber).text).toBe(text);
    expect((v as TfBigNumber).toBigInt()).toBe(BigInt(text));
    expect(hex(encodeMsgpack(v, 'number'))).toBe(h.replace(/\s+/g, ''));
  });

  it('reads and writes back the strings cty sends for the rest, unchanged', () => {
    const big = '1' + '0'.repeat(400); // 1e400
    for (const text of ['12345678901234567890', '-12345678901234567890', big, '0.30000000000000001', '-0.1000000000000000000001']) {
      const v = decodeMsgpack(encode(text), 'number');
      expect(v).toEqual(new TfBigNumber(text));
      expect(hex(encodeMsgpack(v, 'number'))).toBe(hex(encode(text)));
    }
  });

  it('keeps numbers a float64 holds as plain numbers, and writes them as cty would', () => {
    expect(decodeMsgpack(bytes('cf 001fffff ffffffff'), 'number')).toBe(9007199254740991); // int64 form, safe
    expect(decodeMsgpack(encode('0.1'), 'number')).toBe(0.1);
    expect(decodeMsgpack(encode('1e-7'), 'number')).toBe(1e-7);
    // 0.1 is not exactly a float64: cty sends it as "0.1", and so do we.
    expect(hex(encodeMsgpack(0.1, 'number'))).toBe(hex(encode('0.1')));
    expect(hex(encodeMsgpack(0.1 + 0.2, 'number'))).toBe(hex(encode('0.30000000000000004')));
    expect(hex(encodeMsgpack(-2.5, 'number'))).toBe('cbc004000000000000');
    // Integers beyond 32 bits as int64, like cty (the encoder alone would write float64).
    expect(hex(encodeMsgpack(2 ** 40, 'number'))).toBe('cf0000010000000000');
    expect(hex(encodeMsgpack(-(2 ** 40), 'number'))).toBe('d3ffffff0000000000');
    expect(hex(encodeMsgpack(1e20, 'number'))).toBe('cb4415af1d78b58c40');
    expect(decodeMsgpack(encodeMsgpack(Infinity, 'number'), 'number')).toBe(Infinity);
  });

  it('reads a float64 that is no short decimal as its exact value', () => {
    // 2^-30: a config value of 0.000000000931322574615478515625 comes as float64
    const float64 = (n: number) => 'cb' + Buffer.from(new Float64Array([n]).buffer).reverse().toString('hex');
    const v = decodeMsgpack(bytes(float64(2 ** -30)), 'number');
    expect(v).toEqual(new TfBigNumber('0.000000000931322574615478515625'));
    expect(hex(encodeMsgpack(v, 'number'))).toBe(hex(encode('0.000000000931322574615478515625')));
    // a float64 integer beyond int64 (cty sends 2^70 so)
    const big = decodeMsgpack(bytes('cb 4450000000000000'), 'number');
    expect(big).toEqual(new TfBigNumber((2n ** 70n).toString()));
  });

  it('writes what providers set: TfBigNumber, and bigint too', () => {
    expect(hex(encodeMsgpack(new TfBigNumber('123'), 'number'))).toBe('7b');
    expect(hex(encodeMsgpack(new TfBigNumber('20251128152430123'), 'number'))).toBe('cf0047f24b33d3962b');
    expect(hex(encodeMsgpack(20251128152430123n as unknown as TfValue, 'number'))).toBe('cf0047f24b33d3962b');
    expect(hex(encodeMsgpack(new TfBigNumber('9223372036854775808'), 'number'))).toBe(hex(encode('9223372036854775808')));
    expect(hex(encodeMsgpack(new TfBigNumber('2.50'), 'number'))).toBe(hex(encode('2.5')));
  });

  it('refuses what is no number', () => {
    expect(() => decodeMsgpack(encode(''), 'number')).toThrow(/expected a number, got a string/);
    expect(() => decodeMsgpack(encode('0x10'), 'number')).toThrow(ValueError);
    expect(() => decodeMsgpack(encode('Infinity'), 'number')).toThrow(ValueError);
    expect(() => decodeMsgpack(encode('1e999999'), 'number')).toThrow(/number out of range/);
    expect(() => encodeMsgpack(NaN, 'number')).toThrow(/expected a number, got NaN/);
  });
});

describe('exact attribute sets', () => {
  const t: TfType = { object: { a: 'string', b: 'string' } };

  it('fills attributes missing on encode with null', () => {
    expect(decodeMsgpack(encodeMsgpack({ a: 'x' }, t), t)).toEqual({ a: 'x', b: null });
  });

  it('refuses loudly to encode an attribute the schema lacks (a provider bug)', () => {
    expect(() => encodeMsgpack({ a: 'x', extra: 1 }, t)).toThrow(/attribute "extra" is not in the schema/);
  });

  it('refuses values that miss or add attributes on decode', () => {
    expect(() => decodeMsgpack(encode({ a: 'x' }), t)).toThrow(/attribute "b" is missing/);
    expect(() => decodeMsgpack(encode({ a: 'x', b: 'y', c: 'z' }), t)).toThrow(/unsupported attribute "c"/);
    // A key named like an Object.prototype member is no attribute either, in place of one or beside.
    expect(() => decodeMsgpack(encode({ a: 'x', toString: 'y' }), t)).toThrow(/unsupported attribute "toString"/);
    expect(() => decodeMsgpack(encode({ a: 'x', b: 'y', constructor: 'z' }), t)).toThrow(/unsupported attribute "constructor"/);
    expect(() => encodeMsgpack({ a: 'x', b: 'y', hasOwnProperty: 'z' } as TfValue, t)).toThrow(/"hasOwnProperty" is not in the schema/);
    expect(() => encodeJson({ a: 'x', b: 'y', valueOf: 'z' } as TfValue, t)).toThrow(/"valueOf" is not in the schema/);
  });

  it('drops and fills in lenient mode (stored state of another schema)', () => {
    expect(decodeMsgpack(encode({ a: 'x', c: 'z' }), t, { lenient: true })).toEqual({ a: 'x', b: null });
  });

  it('says where a value does not fit', () => {
    const nested: TfType = { object: { list: { list: { object: { n: 'number' } } } } };
    try {
      encodeMsgpack({ list: [{ n: 1 }, { n: 'two' }] } as never, nested);
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(ValueError);
      expect((e as ValueError).path).toEqual(['list', 1, 'n']);
      expect((e as ValueError).message).toBe('.list[1].n: expected a number, got a string');
    }
  });

  it('keeps a map key named __proto__ as data', () => {
    const t2: TfType = { map: 'string' };
    const v = JSON.parse('{"__proto__":"x"}');
    expect(Object.keys(v)).toEqual(['__proto__']);
    expect(hex(encodeMsgpack(v, t2))).toBe('81a95f5f70726f746f5f5fa178'); // {"__proto__": "x"}
  });
});

describe('JSON', () => {
  it('round-trips a value without unknowns', () => {
    const v = { id: 'a', size: 1, enabled: false, tags: null, names: ['x'], ports: [1], nested: { a: 'b' } };
    expect(decodeJson(encodeJson(v, thing), thing)).toEqual(v);
  });

  it('cannot carry unknowns', () => {
    expect(() => encodeJson({ id: unknown }, thing)).toThrow(/unknown value cannot be encoded as JSON/);
  });

  it('reads and writes numbers exactly (state files hold them as JSON numbers)', () => {
    const t: TfType = { object: { a: 'number', b: 'number', c: 'number', d: 'number', e: { list: 'number' } } };
    const json = '{"a":20251128152430123,"b":12345678901234567890,"c":1e400,"d":0.30000000000000001,"e":[1,-2.5,0.1,9007199254740993]}';
    const v = decodeJson(json, t) as Record<string, TfValue>;
    expect(v.a).toEqual(new TfBigNumber('20251128152430123'));
    expect(v.b).toEqual(new TfBigNumber('12345678901234567890'));
    expect((v.c as TfBigNumber).text).toBe('1' + '0'.repeat(400));
    expect(v.d).toEqual(new TfBigNumber('0.30000000000000001'));
    expect(v.e).toEqual([1, -2.5, 0.1, new TfBigNumber('9007199254740993')]);
    expect(encodeJson(v, t)).toBe(json.replace('1e400', '1' + '0'.repeat(400)));
    // cty's JSON decoder takes numbers as strings too
    expect(decodeJson('{"a":"20251128152430123","b":null,"c":null,"d":null,"e":null}', t)).toMatchObject({ a: new TfBigNumber('20251128152430123') });
  });

  it('reads stored state leniently when asked', () => {
    expect(decodeJson('{"id":"a","gone":1}', { object: { id: 'string', added: 'string' } }, { lenient: true })).toEqual({ id: 'a', added: null });
  });
});

describe('parseJson', () => {
  it('reads what JSON.parse reads, numbers apart', () => {
    const samples = [
      '{"a":[1,2,{"b":null}],"c":"x\\"y\\\\z\\u00e9\\n","d":true,"e":false,"f":{}, "g":[] }',
      ' [ 0 , 0.5 , 1E3 , -1e-3 , "\\ud83d\\ude00", "plain", "é" ] ',
      '"just a string"',
      '{"__proto__":{"x":1},"constructor":2}',
    ];
    for (const s of samples) expect(parseJson(s)).toEqual(JSON.parse(s));
    const proto = parseJson('{"__proto__":{"x":1}}') as Record<string, unknown>;
    expect(Object.keys(proto)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
  });

  it('reads numbers exactly whatever the strings beside them hold, on its fast path or not', () => {
    const text = (n: string) => `{"at":"2026-12-03T09:57:12.123Z","v":"1.5e3 and 12345678901234567","n":${n},"m":[7, -42]}`;
    expect(parseJson(text('12'))).toEqual({ at: '2026-12-03T09:57:12.123Z', v: '1.5e3 and 12345678901234567', n: 12, m: [7, -42] });
    expect((parseJson(text('20251128152430123')) as { n: TfBigNumber }).n).toEqual(new TfBigNumber('20251128152430123'));
    expect((parseJson(text('0.30000000000000001')) as { n: TfBigNumber }).n).toEqual(new TfBigNumber('0.30000000000000001'));
    expect((parseJson(text('1.0000000000000001')) as { n: TfBigNumber }).n).toEqual(new TfBigNumber('1.0000000000000001'));
    expect((parseJson(text('1e2')) as { n: number }).n).toBe(100);
    expect((parseJson('{"s":"a \\" 1.5 \\\\","n":123456789012345678}') as { n: TfBigNumber }).n).toEqual(new TfBigNumber('123456789012345678'));
  });

  it('refuses what JSON.parse refuses', () => {
    for (const s of ['', '{', '[1,]', '{"a":1,}', '01', '1.', '.5', '+1', '"a', '"\t"', 'tru', '{"a" 1}', '[1 2]', 'NaN', '1 2']) {
      expect(() => JSON.parse(s)).toThrow();
      expect(() => parseJson(s)).toThrow();
    }
  });
});

describe('types and paths', () => {
  it("writes cty's JSON type notation", () => {
    expect(ctyTypeJson(thing)).toEqual([
      'object',
      {
        enabled: 'bool',
        id: 'string',
        names: ['list', 'string'],
        nested: ['object', { a: 'string' }],
        ports: ['set', 'number'],
        size: 'number',
        tags: ['map', 'string'],
      },
    ]);
  });

  it('prints attribute paths as Terraform does', () => {
    expect(formatPath(['tags', { key: 'env' }])).toBe('.tags["env"]');
    expect(formatPath(['names', 0])).toBe('.names[0]');
  });
});

describe('the msgpack writer', () => {
  // Every value below goes through the writer (encodeMsgpack) and through the generic path it
  // replaced (toWire, then @msgpack/msgpack's Encoder): the bytes must be the same.
  const same = (value: TfValue, type: TfType) => expect(Buffer.from(encodeMsgpack(value, type)).toString('hex')).toBe(Buffer.from(referenceMsgpack(value, type)).toString('hex'));

  it('writes the bytes of the generic encoder for every header size and number form', () => {
    const strings = ['', 'a', 'x'.repeat(31), 'x'.repeat(32), 'x'.repeat(255), 'x'.repeat(256), 'x'.repeat(65535), 'x'.repeat(65536), 'é'.repeat(11), 'é'.repeat(16), '€'.repeat(10), '€'.repeat(11), '😀'.repeat(8), '😀'.repeat(9), 'ü'.repeat(40000)];
    for (const s of strings) same(s, 'string');
    const numbers: Array<number | TfBigNumber> = [0, 1, 127, 128, 255, 256, 65535, 65536, 2 ** 32 - 1, 2 ** 32, 2 ** 53 - 1, -1, -32, -33, -128, -129, -32768, -32769, -(2 ** 31), -(2 ** 31) - 1, -(2 ** 53) + 1, 0.5, -0.1, 1e300, 1e21, Infinity, -Infinity, new TfBigNumber('12345678901234567890'), new TfBigNumber('-9223372036854775808'), new TfBigNumber('99999999999999999999999'), new TfBigNumber('0.30000000000000001')];
    for (const n of numbers) same(n, 'number');
    for (const b of [true, false, null]) same(b, 'bool');
    for (const n of [0, 15, 16, 65535, 65536]) same(Array.from({ length: n }, (_, i) => i % 3 === 0 ? null : `e${i}`), { list: 'string' });
    same(Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${(i * 7) % 17}`, i])), { map: 'number' });
    same({ b: 'x', a: null }, { object: { a: 'string', b: 'string', c: { set: 'bool' } } });
  });

  it('writes the same bytes for unknowns, refined ones and nested values', () => {
    const type: TfType = { object: { id: 'string', tags: { map: 'string' }, items: { list: { object: { n: 'number', on: 'bool' } } } } };
    same({ id: unknown, tags: unknown, items: unknown }, type);
    same({ id: new Unknown({ notNull: true, stringPrefix: 'wk-' }), tags: { z: 'last', a: unknown }, items: [{ n: 1.5, on: unknown }, { n: null, on: true }] }, type);
  });

  it('writes a long value after a short one, and after a failed one, with nothing of either left over', () => {
    expect(() => encodeMsgpack({ a: 'x'.repeat(5000), nope: 1 } as TfValue, { object: { a: 'string' } })).toThrow(ValueError);
    same('short', 'string');
    same('y'.repeat(100_000), 'string');
    same('short again', 'string');
  });
});

describe('the msgpack reader', () => {
  // Every text below is read by the reader (decodeMsgpack) and by the generic path it replaced
  // (@msgpack/msgpack's Decoder, then fromWire): the values, or the errors, must be the same.
  const outcome = (read: () => TfValue) => {
    try {
      return { value: read() };
    } catch (e) {
      if (!(e instanceof ValueError)) throw e;
      return { error: e.message.startsWith('malformed msgpack value') ? 'malformed' : e.message, path: e.path };
    }
  };
  const same = (text: Uint8Array, type: TfType, options: { lenient?: boolean } = {}) => {
    const ours = outcome(() => decodeMsgpack(text, type, options));
    expect(ours).toEqual(outcome(() => referenceDecodeMsgpack(text, type, options)));
    return ours;
  };
  /** msgpack as another writer may write it: any header size, int64 for small integers, float32. */
  const raw = (h: string) => bytes(h);

  it('reads what the generic decoder reads, for every header size and number form', () => {
    const strings = ['', 'a', 'x'.repeat(24), 'x'.repeat(25), 'x'.repeat(31), 'x'.repeat(32), 'x'.repeat(256), 'x'.repeat(65536), 'é', 'é'.repeat(16), '€'.repeat(11), '😀'.repeat(9), 'ascii then ü'];
    for (const s of strings) expect(same(encodeMsgpack(s, 'string'), 'string').value).toBe(s);
    const numbers: Array<number | TfBigNumber> = [0, 1, 127, 128, 255, 256, 65535, 65536, 2 ** 32 - 1, 2 ** 32, 2 ** 53 - 1, 2 ** 53, -1, -32, -33, -128, -129, -32768, -32769, -(2 ** 31), -(2 ** 31) - 1, -(2 ** 53) + 1, 0.5, -0.1, 1e300, 1e21, Infinity, -Infinity, new TfBigNumber('12345678901234567890'), new TfBigNumber('-9223372036854775808'), new TfBigNumber('9223372036854775807'), new TfBigNumber('99999999999999999999999'), new TfBigNumber('0.30000000000000001')];
    for (const n of numbers) same(encodeMsgpack(n, 'number'), 'number');
    // Headers our writer never uses: uint64 and int64 of small and large values, int8 of a positive
    // one, float32, a fixstr written as str8 / str16 / str32, arrays and maps with long headers.
    for (const h of ['cf0000000000000005', 'cf001fffffffffffff', 'cf0020000000000000', 'cfffffffffffffffff', 'd3fffffffffffffffb', 'd3ffe0000000000000', 'd3ffdfffffffffffff', 'd38000000000000000', 'd005', 'ca3fc00000', 'ca7fc00000', 'cb7ff8000000000000', 'a3313233', 'd903313233']) same(raw(h), 'number');
    for (const h of ['d90161', 'da000161', 'db0000000161']) expect(same(raw(h), 'string').value).toBe('a');
    expect(same(raw('dc0002c3c2'), { list: 'bool' }).value).toEqual([true, false]);
    expect(same(raw('dd00000001c0'), { set: 'bool' }).value).toEqual([null]);
    expect(same(raw('de0001a161a162'), { map: 'string' }).value).toEqual({ a: 'b' });
    expect(same(raw('df00000001a161a162'), { map: 'string' }).value).toEqual({ a: 'b' });
    for (const n of [0, 15, 16, 65536]) same(encodeMsgpack(Array.from({ length: n }, (_, i) => (i % 3 === 0 ? null : `e${i}`)), { list: 'string' }), { list: 'string' });
    same(encodeMsgpack(Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${(i * 7) % 17}`, i])), { map: 'number' }), { map: 'number' });
  });

  it('reads objects, nested values and unknowns as the generic decoder does', () => {
    const type: TfType = { object: { id: 'string', tags: { map: 'string' }, items: { list: { object: { n: 'number', on: 'bool' } } }, [`long_${'n'.repeat(40)}`]: 'bool' } };
    const values: TfValue[] = [
      { id: 'w-1', tags: { z: 'last', a: 'first', '10': 'numeric', '2': 'keys' }, items: [{ n: 1.5, on: true }, { n: null, on: null }], [`long_${'n'.repeat(40)}`]: true },
      { id: unknown, tags: unknown, items: unknown },
      { id: new Unknown({ notNull: true, stringPrefix: 'wk-' }), tags: { a: unknown }, items: [{ n: unknown, on: false }] },
      null,
    ];
    for (const v of values) {
      const r = same(encodeMsgpack(v, type), type);
      expect(r.error).toBeUndefined();
    }
    expect(same(encodeMsgpack(values[0], type), type).value).toEqual(values[0]);
    // Keys in another order than cty's, an object with one attribute more or less, numeric map keys.
    same(raw('82a162c3a161c2'), { object: { a: 'bool', b: 'bool' } });
    same(raw('83a161c3a162c2a163c3'), { object: { a: 'bool', b: 'bool' } });
    same(raw('81a161c3'), { object: { a: 'bool', b: 'bool' } });
    same(raw('81a161c3'), { object: { a: 'bool', b: 'bool' } }, { lenient: true });
    same(raw('83a161c3a162c2a163c3'), { object: { a: 'bool', b: 'bool' } }, { lenient: true });
    same(raw('82a161c3a161c2'), { object: { a: 'bool', b: 'bool' } });
    same(raw('820161ffa162'), { map: 'string' });
  });

  it('fails as the generic decoder does, with the same message and path', () => {
    const type: TfType = { object: { a: 'string', n: 'number', l: { list: 'bool' }, m: { map: 'number' } } };
    for (const [h, t] of [
      ['c3', 'string'],
      ['a178', 'number'],
      ['a3616263', 'number'],
      ['a3313233', 'bool'],
      ['c403616263', 'string'],
      ['c403616263', thing],
      ['91c3', 'string'],
      ['80', { list: 'string' }],
      ['c3', { map: 'string' }],
      ['92c3a178', { list: 'bool' }],
      ['d5010500', 'string'],
      ['c70201ffff', 'string'],
      ['84a161a178a16cc0a16dc0a16ec3', type],
      ['84a161a178a16c91a178a16dc0a16ec0', type],
      ['84a161a178a16cc0a16d81a17aa178a16ec0', type],
      ['84a161a178a16cc0a16dc0a178c0', type],
    ] as Array<[string, TfType]>) {
      expect([h, same(raw(h), t).error]).toEqual([h, expect.any(String)]);
    }
  });

  it('refuses malformed texts: truncated anywhere, extra bytes, reserved bytes, keys of the wrong kind', () => {
    const type: TfType = { object: { id: 'string', n: 'number', tags: { map: 'string' }, u: 'string' } };
    const text = encodeMsgpack({ id: 'x'.repeat(40), n: 2 ** 40, tags: { k: 'é' }, u: new Unknown({ notNull: true }) }, type);
    for (let cut = 0; cut < text.length; cut++) expect(same(text.subarray(0, cut), type).error).toBe('malformed');
    expect(same(Buffer.concat([text, Buffer.from([0xc0])]), type).error).toBe('malformed');
    for (const h of ['c1', '81cf0000000000000001a161', '81c3a161', '81a95f5f70726f746f5f5fa161']) expect(same(raw(h), { map: 'string' }).error).toBe('malformed');
    expect(same(raw('81a95f5f70726f746f5f5fa161'), { object: { __proto__: 'string' } as Record<string, TfType> }).error).toBe('malformed');
  });

  it('reads a value after a short one, and after a failed one, with nothing of either left over', () => {
    expect(() => decodeMsgpack(raw('a3616263ff'), 'string')).toThrow(ValueError);
    expect(decodeMsgpack(encodeMsgpack('y'.repeat(100_000), 'string'), 'string')).toBe('y'.repeat(100_000));
    expect(() => decodeMsgpack(raw('92c3'), { list: 'bool' })).toThrow(ValueError);
    expect(decodeMsgpack(raw('a161'), 'string')).toBe('a');
  });
});

describe('the msgpack reader on damaged texts', () => {
  // Seeded: the same 2 x 3000 texts on every run. Damage with ASCII bytes keeps every string valid
  // UTF-8, so values must be equal; damage with any byte may make a string invalid UTF-8 (which
  // Terraform never sends: the reader makes U+FFFD of it, as Buffer and TextDecoder do, where the
  // generic decoder drops bytes of short strings), so there only success or failure must agree.
  let seed = 12345;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) >>> 8) % n;
  const value: TfValue = { id: 'w-1', size: 2 ** 40, enabled: true, tags: { a: 'x', b: 'y'.repeat(30) }, names: ['n1', null], ports: [1, 1.5, -3], nested: { a: unknown } };
  const text = Buffer.from(encodeMsgpack(value, thing));
  const outcome = (read: () => TfValue, withValue: boolean) => {
    try {
      const v = read();
      return withValue ? { value: v } : { ok: true };
    } catch (e) {
      if (!(e instanceof ValueError)) throw e;
      return { failed: true };
    }
  };
  it.each([
    ['ASCII bytes, the same values', 0x80, true],
    ['any bytes, the same successes and failures', 0x100, false],
  ] as const)('reads each text as the generic decoder does, or fails where it fails: %s', (_, range, withValue) => {
    for (let i = 0; i < 3000; i++) {
      const damaged = Buffer.from(text);
      for (let k = 1 + rand(3); k > 0; k--) damaged[rand(damaged.length)] = rand(range);
      for (const lenient of [false, true]) {
        expect(outcome(() => decodeMsgpack(damaged, thing, { lenient }), withValue)).toEqual(outcome(() => referenceDecodeMsgpack(damaged, thing, { lenient }), withValue));
      }
    }
  });
});
