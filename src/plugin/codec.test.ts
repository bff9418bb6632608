// The value codec against bytes as go-cty writes them: objects, unknowns (plain and refined),
// numbers in every encoding cty uses, exact attribute sets, and the JSON form of stored state.

import { encode } from '@msgpack/msgpack';
import { ctyTypeJson, decodeJson, decodeMsgpack, encodeJson, encodeMsgpack, formatPath, ValueError } from './codec';
import { isUnknown, type TfType, unknown, Unknown } from './framework';

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
    expect(decodeMsgpack(encode('12345678901234567890'), 'number')).toBe(12345678901234567890);
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

  it('reads stored state leniently when asked', () => {
    expect(decodeJson('{"id":"a","gone":1}', { object: { id: 'string', added: 'string' } }, { lenient: true })).toEqual({ id: 'a', added: null });
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
