// Unit tests of the drift analysis on plan JSON shaped as `terraform show -json` writes it; the
// acceptance test (test/acceptance/drift.test.ts) runs the real terraform.
import { customOAuthProfileSchema } from '../provider';
import { analysePlan, COMPARED_FIELDS, PlanJson, RESOURCE_TYPE, renderMarkdown, SENSITIVE } from './drift';
import { COMPUTED_FIELDS, SECRET_FIELDS } from './drift-schema';

const TYPE = 'workato_custom_oauth_profile';
const profile = (over: Record<string, unknown> = {}) => ({
  id: '7',
  name: 'Acme HubSpot',
  provider_name: 'hubspot',
  client_id: 'c1',
  client_secret: 'top-secret-value',
  user_id: 1,
  shared_accounts_count: 0,
  oem_customers_count: 0,
  created_at: 't0',
  updated_at: 't0',
  ...over,
});
const noop = (address: string, values: Record<string, unknown>) => ({
  address,
  mode: 'managed',
  type: TYPE,
  change: { actions: ['no-op'], before: values, after: values, before_sensitive: { client_secret: true }, after_sensitive: { client_secret: true } },
});

describe('the fields, from the provider schema', () => {
  test('compares what a configuration sets and Workato returns; hides the sensitive; ignores computed-only', () => {
    expect(RESOURCE_TYPE).toBe(TYPE);
    expect(COMPARED_FIELDS).toEqual(['name', 'provider_name', 'client_id']);
    expect([...SECRET_FIELDS].sort()).toEqual(['client_secret', 'client_secret_wo', 'token', 'token_wo']);
    expect([...COMPUTED_FIELDS].sort()).toEqual(['created_at', 'id', 'oem_customers_count', 'shared_accounts_count', 'updated_at', 'user_id']);
    const attributes = customOAuthProfileSchema.block.attributes as unknown as Record<string, { sensitive?: boolean }>;
    for (const name of SECRET_FIELDS) expect(attributes[name].sensitive).toBe(true);
  });
});

describe('analysePlan', () => {
  test('changes to counts and updated_at alone are not drift', () => {
    const plan: PlanJson = {
      resource_drift: [
        {
          address: `${TYPE}.a`,
          mode: 'managed',
          type: TYPE,
          change: { actions: ['update'], before: profile(), after: profile({ shared_accounts_count: 3, updated_at: 't1' }) },
        },
      ],
      resource_changes: [noop(`${TYPE}.a`, profile({ shared_accounts_count: 3, updated_at: 't1' }))],
    };
    const report = analysePlan(plan, '.');
    expect(report.differs).toBe(false);
    expect(report.profiles).toEqual([]);
    expect(renderMarkdown(report)).toContain('No drift');
  });

  test('values Terraform marks sensitive are never shown', () => {
    const live = profile({ name: 'SENSITIVE-NAME-LIVE' });
    const plan: PlanJson = {
      resource_drift: [
        {
          address: `${TYPE}.a`,
          mode: 'managed',
          type: TYPE,
          change: {
            actions: ['update'],
            before: profile({ name: 'SENSITIVE-NAME' }),
            after: live,
            before_sensitive: { name: true, client_secret: true },
            after_sensitive: { name: true, client_secret: true },
          },
        },
      ],
      resource_changes: [
        {
          address: `${TYPE}.a`,
          mode: 'managed',
          type: TYPE,
          change: {
            actions: ['update'],
            before: live,
            after: profile({ name: 'SENSITIVE-NAME' }),
            before_sensitive: { name: true, client_secret: true },
            after_sensitive: { name: true, client_secret: true },
          },
        },
      ],
    };
    const report = analysePlan(plan, '.');
    const text = renderMarkdown(report) + JSON.stringify(report);
    expect(text).not.toContain('SENSITIVE-NAME');
    expect(text).not.toContain('top-secret-value');
    expect(report.profiles[0].name).toBe(SENSITIVE);
  });

  test('a deposed object does not hide the current one; forget and import are changes', () => {
    const plan: PlanJson = {
      resource_changes: [
        { address: `${TYPE}.a`, mode: 'managed', type: TYPE, change: { actions: ['create'], before: null, after: profile({ id: null }), after_unknown: { id: true } } },
        { address: `${TYPE}.a`, mode: 'managed', type: TYPE, deposed: 'abcd1234', change: { actions: ['delete'], before: profile({ id: '3' }), after: null } },
        { address: `${TYPE}.b`, mode: 'managed', type: TYPE, change: { actions: ['forget'], before: profile({ id: '4' }), after: null } },
        { address: `${TYPE}.c`, mode: 'managed', type: TYPE, change: { actions: ['no-op'], before: profile({ id: '5' }), after: profile({ id: '5' }), importing: { id: '5' } } },
      ],
    };
    const report = analysePlan(plan, '.');
    expect(report.summary).toMatchObject({ toCreate: 1, toDelete: 1, toForget: 1, toImport: 1 });
    expect(report.differs).toBe(true);
    expect(report.profiles.map((p) => [p.address, p.plannedAction])).toEqual([
      [`${TYPE}.a`, 'create'],
      [`${TYPE}.a (deposed abcd1234)`, 'delete'],
      [`${TYPE}.b`, 'forget'],
      [`${TYPE}.c`, 'none'],
    ]);
    const md = renderMarkdown(report);
    expect(md).toContain('Apply would import it.');
    expect(md).toContain('stop managing it');
    expect(md).not.toContain('Apply would nothing');
  });
});
