// The framework's schema rules and typed models, below the RPCs: what checkConfigAgainstSchema
// reports for each kind of attribute, and what getModel checks.

import { attributePathText, describeKind, formatPath } from './describe';
import { computedAttributes, defineSchema, Diagnostics, getModel, nullModel, TfBigNumber, type TfObject, unknown } from './framework';
import { checkConfigAgainstSchema } from './rules';

const schema = defineSchema({
  version: 0,
  block: {
    description: 'd',
    attributes: {
      id: { type: 'string', computed: true, description: 'd' },
      name: { type: 'string', required: true, description: 'd' },
      size: { type: 'number', optional: true, computed: true, description: 'd' },
      count: { type: 'number', integer: true, optional: true, description: 'd' },
      pin: { type: 'number', integer: true, optional: true, sensitive: true, description: 'd' },
      limits: { type: { map: 'number' }, integer: true, optional: true, description: 'd' },
      steps: { type: { list: 'number' }, integer: true, optional: true, description: 'd' },
    },
  },
});

function check(values: TfObject) {
  const diags = new Diagnostics();
  checkConfigAgainstSchema(schema.block, { ...nullModel(schema), name: 'n', ...values }, diags);
  return diags.items.map((d) => ({ summary: d.summary, detail: d.detail, path: d.attribute }));
}

describe('checkConfigAgainstSchema', () => {
  it('passes what fits, including optional+computed attributes set in configuration', () => {
    expect(check({ size: 2.5, count: 3, limits: { a: 1 }, steps: [1, 2] })).toEqual([]);
  });

  it('points each problem at its attribute, inside collections too', () => {
    expect(check({ name: null }).map((d) => d.path)).toEqual([['name']]);
    expect(check({ id: 'x' }).map((d) => d.path)).toEqual([['id']]);
    expect(check({ limits: { a: 1, b: 1.5 } })).toEqual([
      { summary: 'Whole number required', detail: 'limits["b"] must be a whole number, such as 1 or 2; got 1.5.', path: ['limits', { key: 'b' }] },
    ]);
    expect(check({ steps: [1, 2.5, unknown] }).map((d) => d.path)).toEqual([['steps', 1]]);
  });

  it('never repeats a sensitive value', () => {
    const [d] = check({ pin: 12.5 });
    expect(d.detail).toBe('pin must be a whole number, such as 1 or 2; got a number.');
    expect(d.detail).not.toContain('12.5');
  });

  it('checks exact numbers exactly', () => {
    expect(check({ count: new TfBigNumber('9007199254740993') })).toEqual([]);
    expect(check({ count: new TfBigNumber('9007199254740993.5') }).map((d) => d.summary)).toEqual(['Whole number required']);
  });

  it('waits for unknown values, except on computed-only attributes', () => {
    expect(check({ name: unknown, count: unknown, steps: unknown })).toEqual([]);
    expect(check({ id: unknown }).map((d) => d.path)).toEqual([['id']]);
  });
});

describe('typed models', () => {
  it('getModel returns the same object, typed; missing attributes are errors', () => {
    const diags = new Diagnostics();
    const value: TfObject = { ...nullModel(schema), name: 'n' };
    const model = getModel(schema, value, diags, 'plan');
    expect(diags.items).toEqual([]);
    model.size = 3; // changing the model changes the value it was read from
    expect(value.size).toBe(3);

    const partial: TfObject = { name: 'n' };
    getModel(schema, partial, diags, 'plan');
    expect(diags.items.map((d) => d.attribute)).toEqual([['id'], ['size'], ['count'], ['pin'], ['limits'], ['steps']]);
    expect(diags.items[0].detail).toContain('The plan has no attribute "id"');
  });

  it('getModel of nothing is an error', () => {
    const diags = new Diagnostics();
    getModel(schema, null, diags, 'state');
    expect(diags.hasErrors()).toBe(true);
  });

  it('computedAttributes lists computed ones, optional+computed included', () => {
    expect(computedAttributes(schema)).toEqual(['id', 'size']);
  });
});

describe('wording', () => {
  it('paths and kinds', () => {
    expect(formatPath(['tags', { key: 'env' }, 0])).toBe('.tags["env"][0]');
    expect(attributePathText(['tags', { key: 'env' }])).toBe('tags["env"]');
    expect(attributePathText([])).toBe('');
    expect(describeKind(new TfBigNumber('1.5'))).toBe('a number');
    expect(describeKind(unknown)).toBe('an unknown value');
    expect(describeKind('secret')).toBe('a string');
  });
});
