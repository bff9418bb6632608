// CustomOAuthProfile: props → resource attributes, the synth-time rules, and secrets kept out of
// cdktf.out. The same cases run under cdktf (custom-oauth-profile.test.ts here) and cdktn
// (src/cdktn/custom-oauth-profile.test.ts), each with its own library, bindings and entry point.
// They are typed with cdktf's declarations: cdktn has the same API.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as cdktf from 'cdktf';
import type { App, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import 'cdktf/lib/testing/adapters/jest'; // the types of Testing.setupJest()'s matchers
import type * as generated from '../generated';
import type { CustomOAuthProfile as CdktfCustomOAuthProfile, CustomOAuthProfileProps } from './custom-oauth-profile';
import { validateCustomOAuthProfileProps, validatePlaintextSecrets } from './validate-custom-oauth-profile-props';

/** One library with its generated bindings and its CustomOAuthProfile. */
export interface Flavour {
  readonly library: 'cdktf' | 'cdktn';
  readonly cdk: typeof cdktf;
  readonly generated: {
    readonly CustomOauthProfile: typeof generated.customOauthProfile.CustomOauthProfile;
    readonly DataWorkatoCustomOauthProfile: typeof generated.dataWorkatoCustomOauthProfile.DataWorkatoCustomOauthProfile;
    readonly WorkatoProvider: typeof generated.provider.WorkatoProvider;
  };
  readonly CustomOAuthProfile: typeof CdktfCustomOAuthProfile;
  /**
   * The apps' context. cdktn refuses write-only attributes unless the app targets Terraform >= 1.11
   * (`targetVersions`, which cdktn-cli takes from cdktf.json).
   */
  readonly context: Record<string, unknown>;
  /** The package's version: the WorkatoProvider pins required_providers to it. */
  readonly providerVersion: string;
}

export function describeCustomOAuthProfile(flavour: Flavour): void {
const {
  App,
  DataTerraformRemoteStateLocal,
  Fn,
  Lazy,
  TerraformHclModule,
  TerraformLocal,
  TerraformOutput,
  TerraformStack,
  TerraformVariable,
  Testing,
  Token,
} = flavour.cdk;
const { CustomOauthProfile, DataWorkatoCustomOauthProfile, WorkatoProvider } = flavour.generated;
const { CustomOAuthProfile } = flavour;
const tokens = Token;
const { context } = flavour;

Testing.setupJest();

// Testing.app() and fullSynth() would each leave a directory in the system's temp dir.
const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), `workato-${flavour.library}-test-`));
afterAll(() => fs.rmSync(tmpRoot, { recursive: true, force: true }));
const newOutdir = () => fs.mkdtempSync(path.join(tmpRoot, 'out-'));

function newStack(app: App = Testing.app({ outdir: newOutdir(), context })): TerraformStack {
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

  test("the WorkatoProvider pins required_providers.workato to the package's provider version", () => {
    // cdktf-cli's deploy, diff and destroy refuse a stack whose provider has no version.
    expect(synthJson(newStack()).terraform.required_providers.workato).toEqual({
      source: 'registry.terraform.io/workato-iac/workato',
      version: flavour.providerVersion,
    });
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
