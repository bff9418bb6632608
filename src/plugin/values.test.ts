// Equality as the framework's plan and apply checks use it, numbers above all: exact, across both
// representations (number and TfBigNumber), as cty compares them.

import { isNumberValue, numberText, TfBigNumber, type TfType, unknown } from './framework';
import { canonical, cloneValue, containsUnknown, isObjectValue, numbersEqual, valuesEqual } from './values';

describe('TfBigNumber', () => {
  it('keeps exact decimal text, normalised', () => {
    expect(new TfBigNumber('20251128152430123').text).toBe('20251128152430123');
    expect(new TfBigNumber('+007.2500').text).toBe('7.25');
    expect(new TfBigNumber('1e3').text).toBe('1000');
    expect(new TfBigNumber('-1.5e-3').text).toBe('-0.0015');
    expect(new TfBigNumber('-0').text).toBe('0');
    expect(new TfBigNumber(-12345678901234567890n).text).toBe('-12345678901234567890');
    expect(() => new TfBigNumber('twelve')).toThrow(TypeError);
    expect(() => new TfBigNumber('1e999999')).toThrow(RangeError);
  });

  it('converts for arithmetic, and to JSON as its text', () => {
    const n = new TfBigNumber('20251128152430123');
    expect(n.isInteger).toBe(true);
    expect(n.toBigInt() + 1n).toBe(20251128152430124n);
    expect(n.toNumber()).toBe(20251128152430124); // the nearest float64
    expect(JSON.stringify({ v: n })).toBe('{"v":"20251128152430123"}');
    expect(`${n}`).toBe('20251128152430123');
    expect(new TfBigNumber('0.30000000000000001').isInteger).toBe(false);
    expect(() => new TfBigNumber('0.5').toBigInt()).toThrow(RangeError);
    expect(isNumberValue(n) && isNumberValue(1) && !isNumberValue('1')).toBe(true);
  });

  it('is a number, not an object, to the value helpers', () => {
    const n = new TfBigNumber('9007199254740993');
    expect(isObjectValue(n)).toBe(false);
    expect(containsUnknown(n)).toBe(false);
    expect(cloneValue({ a: [n] })).toEqual({ a: [n] });
    expect(cloneValue({ a: n }).a).toBe(n); // immutable: shared
  });
});

describe('number equality', () => {
  it('tells apart integers a float64 would merge', () => {
    expect(numbersEqual(new TfBigNumber('20251128152430123'), new TfBigNumber('20251128152430124'))).toBe(false);
    expect(numbersEqual(new TfBigNumber('9007199254740993'), 9007199254740992)).toBe(false);
    expect(numbersEqual(new TfBigNumber('20251128152430123'), 20251128152430123n)).toBe(true);
    expect(valuesEqual({ v: new TfBigNumber('20251128152430123') }, { v: 20251128152430124 })).toBe(false);
    expect(valuesEqual({ v: new TfBigNumber('20251128152430123') }, { v: new TfBigNumber('20251128152430123') })).toBe(true);
  });

  it('compares a TfBigNumber and a plain number by value', () => {
    expect(numbersEqual(new TfBigNumber('5'), 5)).toBe(true);
    expect(numbersEqual(new TfBigNumber('0.1'), 0.1)).toBe(true); // 0.1 stands for the decimal it prints as
    expect(numbersEqual(new TfBigNumber('0.30000000000000001'), 0.3)).toBe(false);
    expect(numbersEqual(new TfBigNumber('1180591620717411303424'), 2 ** 70)).toBe(true); // integers: exact value
    expect(numbersEqual(-0, 0)).toBe(true);
    expect(numberText(1e21)).toBe('1000000000000000000000');
    expect(numberText(-1.5e-7)).toBe('-0.00000015');
  });

  it('never equates a number with anything else', () => {
    expect(valuesEqual(new TfBigNumber('1'), '1')).toBe(false);
    expect(valuesEqual(new TfBigNumber('1'), null)).toBe(false);
    expect(valuesEqual(new TfBigNumber('1'), unknown)).toBe(false);
    expect(valuesEqual(new TfBigNumber('1'), {})).toBe(false);
  });

  it('compares sets of numbers by value, in any order', () => {
    const set = { set: 'number' as const };
    expect(valuesEqual([new TfBigNumber('9007199254740993'), 1], [1, new TfBigNumber('9007199254740993')], set)).toBe(true);
    expect(valuesEqual([new TfBigNumber('9007199254740993')], [new TfBigNumber('9007199254740992')], set)).toBe(false);
    expect(valuesEqual([new TfBigNumber('5')], [5], set)).toBe(true);
    expect(canonical(new TfBigNumber('5'))).toBe(canonical(5));
    expect(canonical('5')).not.toBe(canonical(5));
    expect(canonical({ b: 1, a: null })).toBe(canonical({ b: 1 }));
  });
});

describe('value equality', () => {
  const tags: TfType = { map: 'string' };
  it('counts a missing attribute or key as null, and nothing else', () => {
    expect(valuesEqual({ a: 'x', b: null }, { a: 'x' }, { object: { a: 'string', b: 'string' } })).toBe(true);
    expect(valuesEqual({ a: 'x' }, { a: 'x', b: null }, { object: { a: 'string', b: 'string' } })).toBe(true);
    expect(valuesEqual({ a: 'x' }, { a: 'x', b: 'y' }, { object: { a: 'string', b: 'string' } })).toBe(false);
    expect(valuesEqual({ a: 'x', b: 'y' }, { a: 'x' }, { object: { a: 'string', b: 'string' } })).toBe(false);
  });

  it('reads map keys that name Object.prototype members as data', () => {
    expect(valuesEqual({ constructor: 'x' }, {}, tags)).toBe(false);
    expect(valuesEqual({}, { toString: 'x' }, tags)).toBe(false);
    expect(valuesEqual({ toString: null }, {}, tags)).toBe(true);
    expect(valuesEqual({ hasOwnProperty: 'a' }, { hasOwnProperty: 'a' }, tags)).toBe(true);
  });

  it('compares strings, bools, unknowns and nesting by value', () => {
    expect(valuesEqual('a', 'a')).toBe(true);
    expect(valuesEqual('a', 'b')).toBe(false);
    expect(valuesEqual(true, 'true')).toBe(false);
    expect(valuesEqual('x', unknown)).toBe(false);
    expect(valuesEqual(unknown, unknown)).toBe(true);
    expect(valuesEqual([{ a: ['x'] }], [{ a: ['x'] }], { list: { object: { a: { list: 'string' } } } })).toBe(true);
    expect(valuesEqual([{ a: ['x'] }], [{ a: ['y'] }], { list: { object: { a: { list: 'string' } } } })).toBe(false);
  });
});
