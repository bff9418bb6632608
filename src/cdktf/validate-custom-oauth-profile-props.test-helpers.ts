// validateCustomOAuthProfileProps and validatePlaintextSecrets, the rules CustomOAuthProfile checks
// at construction and synthesis, on props with the flavour's tokens. Run by
// describeCustomOAuthProfile (custom-oauth-profile.test-helpers.ts) under cdktf and cdktn.
import type { CustomOAuthProfileProps } from './custom-oauth-profile';
import type { Fixture } from './custom-oauth-profile-fixture.test-helpers';
import { validateCustomOAuthProfileProps, validatePlaintextSecrets } from './validate-custom-oauth-profile-props';

export function describeValidation({ flavour, newStack, sensitiveVariable }: Fixture): void {
const { TerraformVariable, Token: tokens } = flavour.cdk;

describe('validateCustomOAuthProfileProps', () => {
  const context = { constructId: 'hubspot', tokens };
  let aToken: () => string;
  let valid: CustomOAuthProfileProps;
  beforeEach(() => {
    const stack = newStack();
    let count = 0;
    aToken = () => sensitiveVariable(stack, `value_${++count}`);
    // The secret is a token, as a real app passes it.
    valid = { name: 'HubSpot', providerName: 'hubspot', clientId: 'client-id', clientSecret: aToken() };
  });

  test('valid props pass', () => {
    expect(validateCustomOAuthProfileProps(valid, context)).toEqual([]);
  });

  test.each([
    ['a blank name', { name: '' }, 'name must not be empty, but "" was provided'],
    ['a whitespace name', { name: '  ' }, 'name must not be empty, but "  " was provided'],
    ['a blank providerName', { providerName: '' }, 'providerName must not be empty, but "" was provided'],
    ['a blank clientId', { clientId: ' ' }, 'clientId must not be empty, but " " was provided'],
    [
      'a providerName that is not an app identifier',
      { providerName: 'HubSpot CRM' },
      'providerName must be Workato\'s identifier of the app, in lower-case letters, digits and underscores ' +
        '(e.g. "hubspot", "google_drive"), but "HubSpot CRM" was provided; did you mean "hubspot_crm"?',
    ],
    [
      'both client secrets',
      { clientSecretWriteOnly: 'TOKEN' },
      'at most one of clientSecret and clientSecretWriteOnly may be set, but both were provided',
    ],
    [
      'both tokens',
      { token: 'TOKEN', tokenWriteOnly: 'TOKEN' },
      'at most one of token and tokenWriteOnly may be set, but both were provided',
    ],
    [
      'clientSecretWriteOnlyVersion without clientSecretWriteOnly',
      { clientSecretWriteOnlyVersion: 3 },
      'clientSecretWriteOnlyVersion is only valid together with clientSecretWriteOnly (it tells Terraform when ' +
        'to send clientSecretWriteOnly again), but clientSecretWriteOnlyVersion was 3 and clientSecretWriteOnly ' +
        'was not provided',
    ],
    [
      'tokenWriteOnlyVersion without tokenWriteOnly',
      { token: 'TOKEN', tokenWriteOnlyVersion: 1 },
      'tokenWriteOnlyVersion is only valid together with tokenWriteOnly (it tells Terraform when to send ' +
        'tokenWriteOnly again), but tokenWriteOnlyVersion was 1 and tokenWriteOnly was not provided',
    ],
    [
      'a blank secret',
      { clientSecret: ' ' },
      'clientSecret must not be empty, but a blank string was provided; leave it out if it is not needed',
    ],
    [
      'a blank write-only token',
      { tokenWriteOnly: '' },
      'tokenWriteOnly must not be empty, but a blank string was provided; leave it out if it is not needed',
    ],
  ] as Array<[string, Partial<CustomOAuthProfileProps>, string]>)('%s is an error', (_case, change, message) => {
    // 'TOKEN' stands for "some token": replaced by a real one so that only the rule under test breaks.
    const props = Object.fromEntries(
      Object.entries({ ...valid, ...change }).map(([k, v]) => [k, v === 'TOKEN' ? aToken() : v]),
    ) as unknown as CustomOAuthProfileProps;

    expect(validateCustomOAuthProfileProps(props, context)).toEqual([message]);
  });

  test('values that are tokens are skipped, never guessed', () => {
    const props: CustomOAuthProfileProps = {
      name: aToken(),
      providerName: aToken(), // might be "slack": the provider checks the value at plan time
      clientId: aToken(),
      clientSecretWriteOnly: aToken(),
      clientSecretWriteOnlyVersion: new TerraformVariable(newStack(), 'version', { type: 'number' }).numberValue,
    };

    expect(validateCustomOAuthProfileProps(props, context)).toEqual([]);
  });

  test('strings that hold a Terraform expression are skipped like tokens', () => {
    const props: CustomOAuthProfileProps = {
      name: '${var.profile_name}',
      providerName: '${var.app}', // not an app identifier, but Terraform's to resolve
      clientId: '%{ if var.prod }prod-id%{ else }test-id%{ endif }',
      clientSecret: '${var.secret}',
      token: '${var.token}',
    };

    expect(validateCustomOAuthProfileProps(props, context)).toEqual([]);
    expect(validatePlaintextSecrets(props, context)).toEqual([]);
    expect(validateCustomOAuthProfileProps({ ...props, providerName: 'Slack ${var.x}' }, context)).toEqual([]);
  });

  test('a literal secret message never shows the secret', () => {
    const secret = 'do-not-print-me';
    const messages = validatePlaintextSecrets(
      { ...valid, providerName: 'slack', clientSecret: secret, token: secret },
      { constructId: 'salesTeamSlack', tokens },
    );

    expect(messages).toHaveLength(2);
    expect(messages.join('\n')).not.toContain(secret);
    expect(messages[0]).toContain("new TerraformVariable(this, 'sales_team_slack_client_secret'");
    expect(messages[1]).toContain("new TerraformVariable(this, 'sales_team_slack_token'");
    expect(messages[1]).toContain('token: secret.stringValue');
  });

  test('secrets that are tokens are not plaintext', () => {
    expect(validatePlaintextSecrets({ ...valid, token: aToken(), tokenWriteOnly: aToken() }, context)).toEqual([]);
  });

  test('allowPlaintextSecrets lets literal secrets pass, and only those', () => {
    const props = { ...valid, clientSecret: 'literal', token: '', allowPlaintextSecrets: true };
    expect(validatePlaintextSecrets(props, context)).toEqual([]);
    expect(validateCustomOAuthProfileProps(props, context)).toEqual([
      'token must not be empty, but a blank string was provided; leave it out if it is not needed',
    ]);
  });
});
}
