// Unit tests of payload validation: each rule, and Workato's error shape (field → messages).

import { describeErrors, validatePayload } from './validation';

const valid = { name: 'Acme HubSpot', provider: 'hubspot', data: { client_id: 'id', client_secret: 'secret' } };

function errorsOf(body: unknown): Record<string, string[]> {
  const result = validatePayload(body);
  if (result.ok) throw new Error('expected validation to fail');
  return result.errors;
}

describe('validatePayload', () => {
  it('accepts a valid payload and keeps only the known fields', () => {
    const result = validatePayload({ ...valid, id: 9, user_id: 1, extra: true, data: { ...valid.data, other: 1 } });
    expect(result).toEqual({ ok: true, fields: { name: 'Acme HubSpot', provider: 'hubspot', client_id: 'id', client_secret: 'secret' } });
  });

  it('names every missing field of an empty object', () => {
    expect(errorsOf({})).toEqual({
      name: ["can't be blank"],
      provider: ["can't be blank"],
      'data.client_id': ["can't be blank"],
      'data.client_secret': ["can't be blank"],
    });
  });

  it.each([
    ['null', null],
    ['an empty string', ''],
    ['whitespace only', '  \t'],
  ])('treats %s as blank', (_label, value) => {
    expect(errorsOf({ ...valid, name: value })).toEqual({ name: ["can't be blank"] });
    expect(errorsOf({ ...valid, data: { ...valid.data, client_secret: value } })).toEqual({ 'data.client_secret': ["can't be blank"] });
  });

  it.each([
    ['a number', 5],
    ['a boolean', true],
    ['an array', ['x']],
    ['an object', { x: 1 }],
  ])('refuses %s where a string belongs', (_label, value) => {
    expect(errorsOf({ ...valid, name: value, provider: value, data: { client_id: value, client_secret: value, token: value } })).toEqual({
      name: ['must be a string'],
      provider: ['must be a string'],
      'data.client_id': ['must be a string'],
      'data.client_secret': ['must be a string'],
      'data.token': ['must be a string'],
    });
  });

  it.each([['a string', 'x'], ['an array', []], ['a number', 1]])('refuses data that is %s', (_label, data) => {
    expect(errorsOf({ ...valid, data })).toEqual({ data: ['must be an object'] });
  });

  it.each(['HubSpot', 'hub-spot', 'hub spot', 'hubspot!', 'ハブ'])('refuses the provider name %j', (provider) => {
    expect(errorsOf({ ...valid, provider })).toEqual({ provider: ['is not included in the list'] });
  });

  it('accepts provider names it has never heard of, in the app-name format', () => {
    expect(validatePayload({ ...valid, provider: 'my_custom_connector_2' }).ok).toBe(true);
  });

  it('requires a token for slack only', () => {
    expect(errorsOf({ ...valid, provider: 'slack' })).toEqual({ 'data.token': ["can't be blank"] });
    expect(errorsOf({ ...valid, provider: 'slack', data: { ...valid.data, token: ' ' } })).toEqual({ 'data.token': ["can't be blank"] });
    expect(validatePayload({ ...valid, provider: 'slack', data: { ...valid.data, token: 'xoxb-1' } })).toEqual({
      ok: true,
      fields: { name: 'Acme HubSpot', provider: 'slack', client_id: 'id', client_secret: 'secret', token: 'xoxb-1' },
    });
    expect(validatePayload({ ...valid, data: { ...valid.data, token: null } }).ok).toBe(true);
  });

  it('drops an empty token where none is required', () => {
    expect(validatePayload({ ...valid, data: { ...valid.data, token: '' } })).toEqual({
      ok: true,
      fields: { name: 'Acme HubSpot', provider: 'hubspot', client_id: 'id', client_secret: 'secret' },
    });
  });

  it.each([['an array', []], ['null', null], ['a string', 'x']])('refuses a body that is %s', (_label, body) => {
    expect(errorsOf(body)).toEqual({ base: ['request body must be a JSON object'] });
  });

  it('never echoes a value in its messages', () => {
    const errors = errorsOf({ name: 'n', provider: 'BAD super-secret', data: { client_id: 1, client_secret: 'super-secret' } });
    expect(JSON.stringify(errors)).not.toContain('super-secret');
  });

  it('describes errors on one line', () => {
    expect(describeErrors({ name: ["can't be blank"], 'data.token': ['must be a string'] })).toBe(
      "name can't be blank; data.token must be a string",
    );
  });
});
