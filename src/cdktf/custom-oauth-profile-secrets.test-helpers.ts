// CustomOAuthProfile secrets: literals refused (or allowed and warned about), tokens whose value
// would carry a literal into cdktf.out, and the references that are accepted. Run by
// describeCustomOAuthProfile (custom-oauth-profile.test-helpers.ts) under cdktf and cdktn.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TerraformStack } from 'cdktf';
import type { CustomOAuthProfileProps } from './custom-oauth-profile';
import type { Fixture } from './custom-oauth-profile-fixture.test-helpers';

export function describeSecrets({ flavour, newOutdir, newStack, sensitiveVariable, synthJson, readTree }: Fixture): void {
const { App, DataTerraformRemoteStateLocal, Fn, Lazy, TerraformHclModule, TerraformLocal, TerraformStack, TerraformVariable, Testing, Token } =
  flavour.cdk;
const { CustomOauthProfile, DataWorkatoCustomOauthProfile } = flavour.generated;
const { CustomOAuthProfile, context } = flavour;

describe('CustomOAuthProfile secrets', () => {
  const literal = 'hs-literal-secret-0f9e8d';

  test('a literal secret fails the app with an example of a sensitive variable, and nothing is written', () => {
    const outdir = newOutdir();
    const app = new App({ outdir, context });
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
    const stack = newStack(new App({ outdir: newOutdir(), skipValidation: true, context }));

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

describe('CustomOAuthProfile secrets inside tokens', () => {
  const hubspot = { name: 'HubSpot', providerName: 'hubspot', clientId: 'id' };

  // Each makes a token whose resolved value carries the literal it is given into cdktf.out.
  const leaks: Array<[string, (stack: TerraformStack, literal: string) => string, string]> = [
    [
      'Fn.sensitive() of a literal',
      (_stack, literal) => Fn.sensitive(literal),
      'it resolves to an expression with a string literal in it (Fn.sensitive() hides a value in plan output, but its argument is still written into cdktf.out)',
    ],
    ['Fn.lower() of a literal', (_stack, literal) => Fn.lower(literal), 'it resolves to an expression with a string literal in it'],
    ['Fn.nonsensitive() of a literal', (_stack, literal) => Fn.nonsensitive(literal), 'it resolves to an expression with a string literal in it'],
    ['Lazy.stringValue()', (_stack, literal) => Lazy.stringValue({ produce: () => literal }), 'it resolves to a literal string'],
    ['Fn.rawString()', (_stack, literal) => Fn.rawString(literal), 'it resolves to a literal string'],
    ['a number token of a string', (_stack, literal) => Token.asString(Token.asNumber(literal)), 'it resolves to a literal string'],
    [
      'a literal concatenated with a variable',
      (stack, literal) => literal + sensitiveVariable(stack, 'suffix'),
      'it resolves to literal text around a Terraform expression',
    ],
    [
      'a TerraformLocal holding a literal',
      (stack, literal) => new TerraformLocal(stack, 'hubspot_secret', literal).asString,
      'it reads local.hubspot_secret, which resolves to a literal string',
    ],
    [
      'a TerraformLocal reading a TerraformLocal that holds a literal in a map',
      (stack, literal) => {
        const secrets = new TerraformLocal(stack, 'secrets', { hubspot: literal });
        return new TerraformLocal(stack, 'hubspot_secret', Fn.lookup(secrets.asAnyMap, 'hubspot')).asString;
      },
      'it reads local.hubspot_secret, which reads local.secrets, which resolves to a literal string',
    ],
    [
      'a variable with a default',
      (stack, literal) => new TerraformVariable(stack, 'hubspot_secret', { type: 'string', sensitive: true, default: literal }).stringValue,
      'it reads var.hubspot_secret, which has a default value (leave it out and give the value as TF_VAR_hubspot_secret)',
    ],
  ];

  describe.each(leaks)('%s', (_case, makeSecret, finding) => {
    const literal = `LEAK-${_case.replace(/\W+/g, '-')}`;

    test('fails synthesis with the finding and how to pass a variable, and writes nothing', () => {
      const outdir = newOutdir();
      const app = new App({ outdir, context });
      const stack = newStack(app);
      new CustomOAuthProfile(stack, 'hubspot', { ...hubspot, clientSecret: makeSecret(stack, literal) });

      let message = '';
      try {
        app.synth();
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).toContain(
        "CustomOAuthProfile test/hubspot: clientSecret must be a reference that Terraform resolves (a variable, a data source's or another resource's attribute), " +
          `but ${finding}; a literal secret would be written in plain text into cdktf.out`,
      );
      expect(message).toContain("new TerraformVariable(this, 'hubspot_client_secret', { type: 'string', sensitive: true })");
      expect(message).toContain('allowPlaintextSecrets: true');
      expect(message).not.toContain(literal);
      expect(fs.existsSync(outdir) ? readTree(outdir) : '').not.toContain(literal);
    });

    test('fails with skipValidation, and in HCL output', () => {
      const stack = newStack(new App({ outdir: newOutdir(), skipValidation: true, context }));
      new CustomOAuthProfile(stack, 'hubspot', { ...hubspot, clientSecret: makeSecret(stack, literal) });

      expect(() => Testing.synth(stack)).toThrow('clientSecret must be a reference that Terraform resolves');
      expect(() => Testing.synthHcl(stack)).toThrow('clientSecret must be a reference that Terraform resolves');
    });

    test('synthesizes with allowPlaintextSecrets, and warns', () => {
      const stack = newStack();
      const profile = new CustomOAuthProfile(stack, 'hubspot', {
        ...hubspot,
        clientSecret: makeSecret(stack, literal),
        allowPlaintextSecrets: true,
      });

      expect(Testing.synth(stack, true)).toContain(literal);
      const warnings = profile.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => m.data);
      expect(warnings).toEqual([
        `clientSecret ${finding.replace(/^it /, '')} and is written in plain text into cdktf.out (allowPlaintextSecrets is true)`,
      ]);
    });
  });

  test.each(['clientSecretWriteOnly', 'token', 'tokenWriteOnly'])('checks %s too', (prop) => {
    const stack = newStack();
    const clientSecret = prop === 'clientSecretWriteOnly' ? {} : { clientSecret: sensitiveVariable(stack, 's') };
    new CustomOAuthProfile(stack, 'p', { ...hubspot, ...clientSecret, [prop]: Fn.sensitive('LEAK') });

    expect(() => Testing.synth(stack)).toThrow(
      new RegExp(`^CustomOAuthProfile test/p: ${prop} must be a reference that Terraform resolves .*string literal in it`),
    );
  });

  test('reports every secret at once', () => {
    const stack = newStack();
    new CustomOAuthProfile(stack, 'slack', {
      ...hubspot,
      providerName: 'slack',
      clientSecretWriteOnly: Fn.sensitive('LEAK1'),
      tokenWriteOnly: Lazy.stringValue({ produce: () => 'LEAK2' }),
    });

    expect(() => Testing.synth(stack)).toThrow(/clientSecretWriteOnly must be [^\n]*\n[^]*\ntokenWriteOnly must be /);
  });

  test('checks what is written, also when set on the resource after construction', () => {
    const stack = newStack();
    const profile = new CustomOAuthProfile(stack, 'hubspot', { ...hubspot, clientSecret: sensitiveVariable(stack, 's') });
    profile.resource.addOverride('client_secret', Fn.sensitive('LEAK'));

    expect(() => Testing.synth(stack)).toThrow('clientSecret must be a reference that Terraform resolves');
  });

  test('refuses a reference to a local it cannot see', () => {
    const stack = newStack();
    new CustomOAuthProfile(stack, 'hubspot', { ...hubspot, clientSecret: '${local.declared_elsewhere}' });

    expect(() => Testing.synth(stack)).toThrow(
      'but it reads local.declared_elsewhere, which is not a TerraformLocal of this app and cannot be checked;',
    );
  });

  const references: Array<[string, (stack: TerraformStack) => string, string]> = [
    ['a sensitive variable', (stack) => sensitiveVariable(stack, 'hubspot_client_secret'), '${var.hubspot_client_secret}'],
    [
      'a variable in a string',
      (stack) => (sensitiveVariable(stack, 'hubspot_client_secret'), '${var.hubspot_client_secret}'),
      '${var.hubspot_client_secret}',
    ],
    [
      'Fn.sensitive() of a variable',
      (stack) => Fn.sensitive(sensitiveVariable(stack, 'hubspot_client_secret')),
      '${sensitive(var.hubspot_client_secret)}',
    ],
    [
      'a data source attribute',
      (stack) => new DataWorkatoCustomOauthProfile(stack, 'existing', { id: '42' }).clientId,
      '${data.workato_custom_oauth_profile.existing.client_id}',
    ],
    [
      "another resource's attribute",
      (stack) =>
        new CustomOAuthProfile(stack, 'other', { ...hubspot, clientSecret: sensitiveVariable(stack, 'other_secret') }).profileId,
      '${workato_custom_oauth_profile.other.id}',
    ],
    [
      'a key of a JSON secret',
      (stack) => Fn.lookup(Fn.jsondecode(sensitiveVariable(stack, 'hubspot_json')), 'client-secret'),
      '${jsondecode(var.hubspot_json)["client-secret"]}',
    ],
    ['a module output', (stack) => new TerraformHclModule(stack, 'vault', { source: 'example/vault-secret/aws' }).getString('secret'), '${module.vault.secret}'],
    [
      'a remote state output',
      (stack) => new DataTerraformRemoteStateLocal(stack, 'shared', { path: '../shared/terraform.tfstate' }).getString('hubspot_secret'),
      '${data.terraform_remote_state.shared.outputs.hubspot_secret}',
    ],
    [
      'a variable without a default (another has one)',
      (stack) => {
        new TerraformVariable(stack, 'version', { type: 'number', default: 1 });
        return sensitiveVariable(stack, 'hubspot_client_secret');
      },
      '${var.hubspot_client_secret}',
    ],
    [
      'a local holding a variable',
      (stack) => new TerraformLocal(stack, 'hubspot_secret', sensitiveVariable(stack, 'hubspot_client_secret')).asString,
      '${local.hubspot_secret}',
    ],
    [
      'the variable in a local map that also holds literals',
      (stack) => {
        const settings = new TerraformLocal(stack, 'hubspot_settings', {
          label: 'HubSpot (production)',
          secret: sensitiveVariable(stack, 'hubspot_client_secret'),
        });
        return Fn.lookup(settings.asAnyMap, 'secret');
      },
      '${local.hubspot_settings.secret}',
    ],
  ];

  test.each(references)('accepts %s', (_case, makeSecret, written) => {
    const stack = newStack(new App({ outdir: newOutdir(), skipValidation: true, context }));
    const profile = new CustomOAuthProfile(stack, 'hubspot', { ...hubspot, clientSecret: makeSecret(stack) });

    expect(synthJson(stack).resource.workato_custom_oauth_profile.hubspot.client_secret).toBe(written);
    expect(Testing.synthHcl(stack)).toContain(`client_secret = "${written}"`);
    expect(profile.node.metadata).toEqual([]);
  });

  test('accepts a secret from another stack', () => {
    const outdir = newOutdir();
    const app = new App({ outdir, context });
    const shared = new TerraformStack(app, 'shared');
    const secret = sensitiveVariable(shared, 'hubspot_client_secret');
    const stack = newStack(app);
    new CustomOAuthProfile(stack, 'hubspot', { ...hubspot, clientSecret: secret });

    app.synth();
    const written = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'test', 'cdk.tf.json'), 'utf8'));
    expect(written.resource.workato_custom_oauth_profile.hubspot.client_secret).toMatch(/^\$\{data\.terraform_remote_state\.[^}]+\}$/);
  });
});
}
