// Unit tests of the resource's configuration rules (the acceptance tests prove them through
// terraform; these pin down unknown handling, which terraform reaches only with variables).
import { Diagnostics, getModel, nullModel, TfObject, unknown } from '../plugin/framework';
import { customOAuthProfileSchema, validateProfileConfig } from './custom-oauth-profile-resource';

function config(values: TfObject) {
  const base: TfObject = nullModel(customOAuthProfileSchema);
  const diags = new Diagnostics();
  const model = getModel(
    customOAuthProfileSchema,
    { ...base, name: 'n', provider_name: 'hubspot', client_id: 'c', client_secret: 's', ...values },
    diags,
  );
  expect(diags.items).toEqual([]);
  return model;
}

function errors(values: TfObject): Array<{ summary: string; attribute?: unknown }> {
  const diags = new Diagnostics();
  validateProfileConfig(config(values), diags);
  return diags.items.map((d) => ({ summary: d.summary, attribute: d.attribute }));
}

describe('validateProfileConfig', () => {
  test('a complete configuration passes', () => {
    expect(errors({})).toEqual([]);
    expect(errors({ client_secret: null, client_secret_wo: 'w', client_secret_wo_version: 1 })).toEqual([]);
    expect(errors({ provider_name: 'slack', token_wo: 't' })).toEqual([]);
  });

  test('unknown values are accepted until known', () => {
    expect(errors({ name: unknown, client_secret: unknown, provider_name: unknown })).toEqual([]);
    // an unknown token may turn out set: the Slack rule waits for it
    expect(errors({ provider_name: 'slack', token: unknown })).toEqual([]);
  });

  test('each rule names its attribute', () => {
    expect(errors({ client_secret_wo: 'w' })).toEqual([
      { summary: 'Conflicting client_secret and client_secret_wo', attribute: ['client_secret_wo'] },
    ]);
    // A missing secret or Slack token is a plan-time rule (only a create or update sends them).
    expect(errors({ client_secret: null })).toEqual([]);
    expect(errors({ provider_name: 'slack' })).toEqual([]);
    expect(errors({ token: 't', token_wo: unknown })).toEqual([
      { summary: 'Conflicting token and token_wo', attribute: ['token_wo'] },
    ]);
    expect(errors({ token_wo_version: 3 })).toEqual([
      { summary: 'token_wo_version without token_wo', attribute: ['token_wo_version'] },
    ]);
    expect(errors({ name: ' ' })).toEqual([{ summary: 'Empty name', attribute: ['name'] }]);
    expect(errors({ provider_name: 'Google Drive' })[0]).toEqual({ summary: 'Invalid provider_name', attribute: ['provider_name'] });
  });

  test('messages about secrets never repeat the value', () => {
    const diags = new Diagnostics();
    validateProfileConfig(config({ client_secret: '   ' }), diags);
    expect(diags.items[0].detail).not.toContain('"   "');
  });
});
