// CustomOAuthProfile as a construct: props → resource attributes, the provider, props that hold a
// Terraform expression, props of the wrong type, and construct ids. Run by
// describeCustomOAuthProfile (custom-oauth-profile.test-helpers.ts) under cdktf and cdktn.
import { Construct } from 'constructs';
import type { TerraformStack } from 'cdktf';
import type { CustomOAuthProfileProps } from './custom-oauth-profile';
import type { Fixture } from './custom-oauth-profile-fixture.test-helpers';

export function describeConstruct({ flavour, newStack, sensitiveVariable, synthJson }: Fixture): void {
const { TerraformOutput, TerraformVariable, Testing } = flavour.cdk;
const { CustomOauthProfile, WorkatoProvider } = flavour.generated;
const { CustomOAuthProfile } = flavour;

describe('CustomOAuthProfile', () => {
  test('maps its props to the resource attributes, named after the construct', () => {
    const stack = newStack();
    new CustomOAuthProfile(stack, 'hubspot', {
      name: 'HubSpot (production)',
      providerName: 'hubspot',
      clientId: '7f3c1a52-client-id',
      clientSecret: sensitiveVariable(stack, 'hubspot_client_secret'),
    });

    const synthesized = Testing.synth(stack, true);
    expect(synthesized).toHaveResourceWithProperties(CustomOauthProfile, {
      name: 'HubSpot (production)',
      provider_name: 'hubspot',
      client_id: '7f3c1a52-client-id',
      client_secret: '${var.hubspot_client_secret}',
    });
    const resource = JSON.parse(synthesized).resource.workato_custom_oauth_profile.hubspot;
    expect(Object.keys(resource).sort()).toEqual(['client_id', 'client_secret', 'name', 'provider_name']);
  });

  test('maps the write-only variant to the *_wo attributes', () => {
    const stack = newStack();
    new CustomOAuthProfile(stack, 'slack', {
      name: 'Slack',
      providerName: 'slack',
      clientId: 'slack-client-id',
      clientSecretWriteOnly: sensitiveVariable(stack, 'slack_client_secret'),
      clientSecretWriteOnlyVersion: 2,
      tokenWriteOnly: sensitiveVariable(stack, 'slack_token'),
      tokenWriteOnlyVersion: 1,
    });

    const resource = synthJson(stack).resource.workato_custom_oauth_profile.slack;
    expect(resource).toEqual({
      name: 'Slack',
      provider_name: 'slack',
      client_id: 'slack-client-id',
      client_secret_wo: '${var.slack_client_secret}',
      client_secret_wo_version: 2,
      token_wo: '${var.slack_token}',
      token_wo_version: 1,
    });
  });

  test('maps token for a Slack profile that keeps its secrets in state', () => {
    const stack = newStack();
    new CustomOAuthProfile(stack, 'slack', {
      name: 'Slack',
      providerName: 'slack',
      clientId: 'slack-client-id',
      clientSecret: sensitiveVariable(stack, 'slack_client_secret'),
      token: sensitiveVariable(stack, 'slack_token'),
    });

    expect(Testing.synth(stack, true)).toHaveResourceWithProperties(CustomOauthProfile, {
      client_secret: '${var.slack_client_secret}',
      token: '${var.slack_token}',
    });
  });

  test('exposes the id, the computed attributes and the resource', () => {
    const stack = newStack();
    const profile = new CustomOAuthProfile(stack, 'hubspot', {
      name: 'HubSpot',
      providerName: 'hubspot',
      clientId: 'id',
      clientSecret: sensitiveVariable(stack, 'hubspot_client_secret'),
    });
    const outputs = {
      id: profile.profileId,
      user_id: profile.userId,
      shared_accounts_count: profile.sharedAccountsCount,
      oem_customers_count: profile.oemCustomersCount,
      created_at: profile.createdAt,
      updated_at: profile.updatedAt,
    };
    for (const [name, value] of Object.entries(outputs)) new TerraformOutput(stack, name, { value });

    const output = synthJson(stack).output;
    for (const name of Object.keys(outputs)) {
      expect(output[name].value).toBe(`\${workato_custom_oauth_profile.hubspot.${name}}`);
    }
    expect(profile.resource).toBeInstanceOf(CustomOauthProfile);
    expect(profile.node.defaultChild).toBe(profile.resource);
  });

  test('uses the given provider', () => {
    const stack = newStack();
    const eu = new WorkatoProvider(stack, 'workato_eu', { alias: 'eu', dataCenter: 'eu' });
    new CustomOAuthProfile(stack, 'hubspot', {
      name: 'HubSpot',
      providerName: 'hubspot',
      clientId: 'id',
      clientSecret: sensitiveVariable(stack, 'hubspot_client_secret'),
      provider: eu,
    });

    expect(synthJson(stack).resource.workato_custom_oauth_profile.hubspot.provider).toBe('workato.eu');
  });

  test("the WorkatoProvider pins required_providers.workato to the package's provider version", () => {
    // cdktf-cli's deploy, diff and destroy refuse a stack whose provider has no version.
    expect(synthJson(newStack()).terraform.required_providers.workato).toEqual({
      source: 'registry.terraform.io/workato-iac/workato',
      version: flavour.providerVersion,
    });
  });

  test('a broken rule fails synthesis, naming the construct', () => {
    const stack = newStack();
    new CustomOAuthProfile(stack, 'slack', {
      name: ' ',
      providerName: 'slack',
      clientId: 'id',
      token: sensitiveVariable(stack, 'slack_token'),
      tokenWriteOnly: sensitiveVariable(stack, 'slack_token_wo'),
    });

    expect(() => Testing.synth(stack, true)).toThrow(
      /\[test\/slack\] name must not be empty[\s\S]*\[test\/slack\] at most one of token and tokenWriteOnly may be set, but both were provided/,
    );
  });

  test('a profile without secrets synthesizes: a secret is needed only when a plan sends one (the provider checks)', () => {
    const stack = newStack();
    new CustomOAuthProfile(stack, 'slack', { name: 'Slack', providerName: 'slack', clientId: 'id' });
    const resource = synthJson(stack).resource.workato_custom_oauth_profile.slack;
    expect(resource).toEqual({ name: 'Slack', provider_name: 'slack', client_id: 'id' });
  });

  test('importFrom(id) adopts an existing profile: an import block for the resource', () => {
    const stack = newStack();
    const profile = new CustomOAuthProfile(stack, 'hubspot', { name: 'HubSpot', providerName: 'hubspot', clientId: 'id' });
    profile.importFrom(321);
    expect(synthJson(stack).import).toEqual([{ to: 'workato_custom_oauth_profile.hubspot', id: '321' }]);
  });
});

describe('CustomOAuthProfile props that hold a Terraform expression', () => {
  test('are left to Terraform, secrets included', () => {
    const stack = newStack();
    sensitiveVariable(stack, 'hubspot_client_secret');
    new CustomOAuthProfile(stack, 'hubspot', {
      name: '${var.profile_name}',
      providerName: '${var.app}',
      clientId: '${data.a.b.client_id}',
      clientSecret: '${var.hubspot_client_secret}',
    });

    expect(synthJson(stack).resource.workato_custom_oauth_profile.hubspot).toEqual({
      name: '${var.profile_name}',
      provider_name: '${var.app}',
      client_id: '${data.a.b.client_id}',
      client_secret: '${var.hubspot_client_secret}',
    });
  });

  test('a secret with literal text around its expression is refused at synth', () => {
    const stack = newStack();
    new CustomOAuthProfile(stack, 'hubspot', {
      name: 'HubSpot',
      providerName: 'hubspot',
      clientId: 'id',
      clientSecret: 'LEAK-${var.hubspot_client_secret}',
    });

    expect(() => Testing.synth(stack)).toThrow(/clientSecret must be a reference .* it resolves to literal text around a Terraform expression/);
  });
});

describe('CustomOAuthProfile props of the wrong type', () => {
  function construct(props: unknown) {
    const stack = newStack();
    return () => new CustomOAuthProfile(stack, 'hubspot', props as CustomOAuthProfileProps);
  }
  const valid = { name: 'HubSpot', providerName: 'hubspot', clientId: 'id' };

  test('a number as a secret is named, with the expected type and without its value', () => {
    let message = '';
    try {
      construct({ ...valid, clientSecret: 987654321 })();
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toBe('CustomOAuthProfile test/hubspot: clientSecret must be a string or left out, but a number was provided');
  });

  test.each([
    ['a number as name', { ...valid, name: 42, clientSecret: 'TOKEN' }, 'name must be a string, but a number (42) was provided'],
    ['a missing clientId', { name: 'n', providerName: 'hubspot', clientSecret: 'TOKEN' }, 'clientId is required (a string), but it was not provided'],
    ['null as a token', { ...valid, clientSecret: 'TOKEN', token: null }, 'token must be a string or left out, but null was provided'],
    [
      'a string as a version',
      { ...valid, clientSecretWriteOnly: 'TOKEN', clientSecretWriteOnlyVersion: '2' },
      'clientSecretWriteOnlyVersion must be a number or left out, but a string (2) was provided',
    ],
    [
      'a number token as a secret',
      { ...valid, clientSecret: 'NUMBER_TOKEN' },
      'clientSecret must be a string or left out, but a number token was provided; pass a number token where a string is expected as Token.asString(value)',
    ],
    [
      'a string as allowPlaintextSecrets',
      { ...valid, clientSecret: 'TOKEN', allowPlaintextSecrets: 'yes' },
      'allowPlaintextSecrets must be a boolean or left out, but a string (yes) was provided',
    ],
    ['no props', undefined, 'props must be an object with name, providerName, clientId and a client secret, but nothing was provided'],
  ])('%s is refused', (_case, props, message) => {
    const stack = newStack();
    const tokens: Record<string, unknown> = {
      TOKEN: sensitiveVariable(stack, 's'),
      NUMBER_TOKEN: new TerraformVariable(stack, 'n', { type: 'number' }).numberValue,
    };
    const withTokens = props && Object.fromEntries(Object.entries(props).map(([k, v]) => [k, tokens[v as string] ?? v]));

    expect(() => new CustomOAuthProfile(stack, 'hubspot', withTokens as unknown as CustomOAuthProfileProps)).toThrow(
      `CustomOAuthProfile test/hubspot: ${message}`,
    );
  });
});

describe('CustomOAuthProfile ids', () => {
  const props = (stack: TerraformStack): CustomOAuthProfileProps => ({
    name: 'HubSpot',
    providerName: 'hubspot',
    clientId: 'id',
    clientSecret: sensitiveVariable(stack, 'hubspot_client_secret'),
  });

  test('"Default" is refused', () => {
    const stack = newStack();
    expect(() => new CustomOAuthProfile(stack, 'Default', props(stack))).toThrow(
      'CustomOAuthProfile test/Default: the id "Default" is reserved by the constructs library',
    );
  });

  test.each([
    ['1hubspot', 'profile_1hubspot'],
    ['HubSpot prod', 'hub_spot_prod'],
    ['hubspot.prod', 'hubspot_prod'],
  ])('%s, which would be the Terraform name, is refused with a suggestion', (id, suggestion) => {
    const stack = newStack();
    expect(() => new CustomOAuthProfile(stack, id, props(stack))).toThrow(
      `the id becomes the resource's Terraform name (workato_custom_oauth_profile.<id>), which must start with a letter ` +
        `or an underscore and hold only letters, digits, underscores and dashes, but ${JSON.stringify(id)} was provided; ` +
        `did you mean "${suggestion}"?`,
    );
  });

  test('any id is fine below another construct, where cdktf makes the name', () => {
    const stack = newStack();
    new CustomOAuthProfile(new Construct(stack, 'crm'), '1 HubSpot', props(stack));

    expect(Object.keys(synthJson(stack).resource.workato_custom_oauth_profile)).toEqual([
      expect.stringMatching(/^crm_1HubSpot_[0-9A-F]{8}$/),
    ]);
  });

  test('dashes and underscores are fine', () => {
    const stack = newStack();
    new CustomOAuthProfile(stack, '_hubspot-prod', props(stack));
    expect(Object.keys(synthJson(stack).resource.workato_custom_oauth_profile)).toEqual(['_hubspot-prod']);
  });
});
}
