// CustomOAuthProfile: props → resource attributes, the synth-time rules, and secrets kept out of cdktf.out.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, TerraformOutput, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import 'cdktf/lib/testing/adapters/jest'; // the types of Testing.setupJest()'s matchers
import { CustomOauthProfile } from '../generated/custom-oauth-profile';
import { WorkatoProvider } from '../generated/provider';
import { CustomOAuthProfile, CustomOAuthProfileProps } from './custom-oauth-profile';
import { validateCustomOAuthProfileProps, validatePlaintextSecrets } from './validate-custom-oauth-profile-props';

Testing.setupJest();

// Testing.app() and fullSynth() would each leave a directory in the system's temp dir.
const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'workato-cdktf-test-'));
afterAll(() => fs.rmSync(tmpRoot, { recursive: true, force: true }));
const newOutdir = () => fs.mkdtempSync(path.join(tmpRoot, 'out-'));

function newStack(app: App = Testing.app({ outdir: newOutdir() })): TerraformStack {
  const stack = new TerraformStack(app, 'test');
  new WorkatoProvider(stack, 'workato');
  return stack;
}

function sensitiveVariable(stack: TerraformStack, name: string): string {
  return new TerraformVariable(stack, name, { type: 'string', sensitive: true }).stringValue;
}

type Json = Record<string, any>;

function synthJson(stack: TerraformStack): Json {
  return JSON.parse(Testing.synth(stack, true));
}

/** Every file under `dir`, read as text. */
function readTree(dir: string): string {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8'))
    .join('\n');
}

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

  test('a broken rule fails synthesis, naming the construct', () => {
    const stack = newStack();
    new CustomOAuthProfile(stack, 'slack', { name: 'Slack', providerName: 'slack', clientId: 'id' });

    expect(() => Testing.synth(stack, true)).toThrow(
      /\[test\/slack\] exactly one of clientSecret and clientSecretWriteOnly is required, but neither was provided[\s\S]*\[test\/slack\] a token is required when providerName is "slack"/,
    );
  });
});

describe('CustomOAuthProfile secrets', () => {
  const literal = 'hs-literal-secret-0f9e8d';

  test('a literal secret fails the app with an example of a sensitive variable, and nothing is written', () => {
    const outdir = newOutdir();
    const app = new App({ outdir });
    const stack = newStack(app);

    let message = '';
    try {
      new CustomOAuthProfile(stack, 'hubspot', { name: 'HubSpot', providerName: 'hubspot', clientId: 'id', clientSecret: literal });
      app.synth();
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('CustomOAuthProfile test/hubspot: clientSecret must be a token, but a literal string was provided');
    expect(message).toContain(
      "new TerraformVariable(this, 'hubspot_client_secret', { type: 'string', sensitive: true })",
    );
    expect(message).toContain('clientSecret: secret.stringValue');
    expect(message).toContain('TF_VAR_hubspot_client_secret');
    expect(message).toContain('allowPlaintextSecrets: true');
    expect(message).not.toContain(literal);
    expect(readTree(outdir)).not.toContain(literal);
  });

  test('skipValidation does not let a literal secret through', () => {
    const stack = newStack(new App({ outdir: newOutdir(), skipValidation: true }));

    expect(
      () => new CustomOAuthProfile(stack, 'hubspot', { name: 'HubSpot', providerName: 'hubspot', clientId: 'id', clientSecret: literal }),
    ).toThrow('clientSecret must be a token');
  });

  test.each([
    ['clientSecret', { clientSecret: literal }],
    ['clientSecretWriteOnly', { clientSecretWriteOnly: literal }],
    ['token', { token: literal }],
    ['tokenWriteOnly', { tokenWriteOnly: literal }],
  ] as Array<[string, Partial<CustomOAuthProfileProps>]>)('a literal %s is refused', (prop, secrets) => {
    const stack = newStack();
    const clientSecret = 'clientSecretWriteOnly' in secrets ? {} : { clientSecret: sensitiveVariable(stack, 's') };

    expect(
      () => new CustomOAuthProfile(stack, 'p', { name: 'n', providerName: 'hubspot', clientId: 'id', ...clientSecret, ...secrets }),
    ).toThrow(new RegExp(`^CustomOAuthProfile test/p: ${prop} must be a token, but a literal string was provided[^\\n]*\\n[^]*sensitive: true`));
  });

  test('allowPlaintextSecrets accepts a literal and warns about it', () => {
    const stack = newStack();
    const profile = new CustomOAuthProfile(stack, 'hubspot', {
      name: 'HubSpot',
      providerName: 'hubspot',
      clientId: 'id',
      clientSecret: literal,
      allowPlaintextSecrets: true,
    });

    expect(Testing.synth(stack, true)).toHaveResourceWithProperties(CustomOauthProfile, { client_secret: literal });
    const warnings = profile.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => m.data);
    expect(warnings).toEqual([
      'clientSecret is a literal string and is written in plain text into cdktf.out (allowPlaintextSecrets is true)',
    ]);
  });

  test('secrets from sensitive variables never reach cdktf.out', () => {
    const values = {
      TF_VAR_hubspot_client_secret: 'hs-variable-secret-1a2b3c',
      TF_VAR_slack_client_secret: 'sl-variable-secret-4d5e6f',
      TF_VAR_slack_token: 'xoxb-variable-token-7a8b9c',
    };
    const saved = { ...process.env };
    Object.assign(process.env, values);
    try {
      const stack = newStack();
      new CustomOAuthProfile(stack, 'hubspot', {
        name: 'HubSpot',
        providerName: 'hubspot',
        clientId: 'id',
        clientSecret: sensitiveVariable(stack, 'hubspot_client_secret'),
      });
      new CustomOAuthProfile(stack, 'slack', {
        name: 'Slack',
        providerName: 'slack',
        clientId: 'id',
        clientSecretWriteOnly: sensitiveVariable(stack, 'slack_client_secret'),
        clientSecretWriteOnlyVersion: 1,
        tokenWriteOnly: sensitiveVariable(stack, 'slack_token'),
        tokenWriteOnlyVersion: 1,
      });

      const outdir = Testing.fullSynth(stack);
      const written = readTree(outdir);
      fs.rmSync(outdir, { recursive: true, force: true });
      for (const value of Object.values(values)) expect(written).not.toContain(value);
      const config = JSON.parse(Testing.synth(stack, true));
      expect(config.variable.hubspot_client_secret).toEqual({ sensitive: true, type: 'string' });
      expect(config.resource.workato_custom_oauth_profile.slack.token_wo).toBe('${var.slack_token}');
    } finally {
      process.env = saved;
    }
  });
});

describe('validateCustomOAuthProfileProps', () => {
  const context = { constructId: 'hubspot' };
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
      'no client secret',
      { clientSecret: undefined },
      'exactly one of clientSecret and clientSecretWriteOnly is required, but neither was provided',
    ],
    [
      'both client secrets',
      { clientSecretWriteOnly: 'TOKEN' },
      'exactly one of clientSecret and clientSecretWriteOnly is required, but both were provided',
    ],
    [
      'both tokens',
      { token: 'TOKEN', tokenWriteOnly: 'TOKEN' },
      'at most one of token and tokenWriteOnly may be set, but both were provided',
    ],
    [
      'a Slack profile without a token',
      { providerName: 'slack' },
      'a token is required when providerName is "slack", but neither token nor tokenWriteOnly was provided',
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

  test('a literal secret message never shows the secret', () => {
    const secret = 'do-not-print-me';
    const messages = validatePlaintextSecrets(
      { ...valid, providerName: 'slack', clientSecret: secret, token: secret },
      { constructId: 'salesTeamSlack' },
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
