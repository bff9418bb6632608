// CustomOAuthProfile's one source, for CDKTF and CDK Terrain alike: wraps the generated
// workato_custom_oauth_profile resource, checks its rules at synth and keeps secrets out of cdktf.out.
// Imports neither cdktf nor cdktn: each entry point (src/cdktf/custom-oauth-profile.ts,
// src/cdktn/custom-oauth-profile.ts) binds it to its library and its generated resource, so that an
// app needs only the library it uses.
import { Construct, IConstruct } from 'constructs';
import type { CdkLibrary } from './cdk-library';
import {
  findPlaintextSecrets,
  PlaintextSecret,
  ResolvedSecretsContext,
  SECRETS,
  SecretProp,
  validateConstructId,
  validateCustomOAuthProfileProps,
  validatePlaintextSecrets,
  validatePropTypes,
  validateResolvedSecrets,
} from './validate-custom-oauth-profile-props';

/**
 * The properties of a `CustomOAuthProfile` that are the same with cdktf and cdktn: all but `provider`.
 *
 * Secrets (`clientSecret`, `token` and their write-only variants) must be references that Terraform
 * resolves — a sensitive `TerraformVariable`'s `stringValue`, a data source's attribute, another
 * resource's attribute, optionally wrapped in a function such as `Fn.sensitive(…)` — because a
 * literal would be written in plain text into `cdktf.out`: a literal string, and equally a literal
 * inside a token (`Fn.sensitive('…')`, `Lazy.stringValue(…)`, `'…' + variable.stringValue`, a
 * `TerraformLocal` or a variable default holding one). Each secret comes in
 * two forms: the plain one is kept in Terraform state (marked sensitive); the write-only one
 * (Terraform >= 1.11) is sent to Workato but never stored in plan or state.
 */
export interface CustomOAuthProfileCommonProps {
  /** The profile's name, as shown in Workato. Must not be blank. */
  readonly name: string;

  /**
   * The app the profile belongs to, in Workato's words: `hubspot`, `salesforce`, `slack`, …
   * (lower-case letters, digits and underscores). The resource's `provider_name`, the API's `provider`.
   */
  readonly providerName: string;

  /** The OAuth app's client id. Not a secret: a literal string is fine. */
  readonly clientId: string;

  /**
   * The OAuth app's client secret, kept in Terraform state as a sensitive value. At most one of
   * `clientSecret` and `clientSecretWriteOnly`; one is needed whenever a plan creates or updates the
   * profile (Workato requires it in every write), none for an adopted profile the plan leaves alone.
   *
   * @default - none: give `clientSecretWriteOnly`, or none while the profile is only adopted
   */
  readonly clientSecret?: string;

  /**
   * The OAuth app's client secret as a write-only attribute (`client_secret_wo`, Terraform >= 1.11):
   * sent to Workato when the profile is created or updated, never stored in plan or state.
   * At most one of `clientSecret` and `clientSecretWriteOnly`.
   *
   * @default - none: give `clientSecret`, or none while the profile is only adopted
   */
  readonly clientSecretWriteOnly?: string;

  /**
   * Any whole number; change it (e.g. 1 → 2) to send `clientSecretWriteOnly` to Workato again. Terraform
   * stores no write-only value, so it cannot see that the secret itself changed.
   * Only together with `clientSecretWriteOnly`.
   *
   * @default - none: a rotated `clientSecretWriteOnly` reaches Workato only with the next update of the profile
   */
  readonly clientSecretWriteOnlyVersion?: number;

  /**
   * The OAuth app's token, kept in Terraform state as a sensitive value. Needed (or
   * `tokenWriteOnly`) when a plan creates or updates a `slack` profile; at most one of `token` and
   * `tokenWriteOnly`.
   *
   * @default - no token (unless `tokenWriteOnly` is set)
   */
  readonly token?: string;

  /**
   * The OAuth app's token as a write-only attribute (`token_wo`, Terraform >= 1.11): sent to Workato
   * when the profile is created or updated, never stored in plan or state.
   * At most one of `token` and `tokenWriteOnly`.
   *
   * @default - no token (unless `token` is set)
   */
  readonly tokenWriteOnly?: string;

  /**
   * Any whole number; change it to send `tokenWriteOnly` to Workato again. Only together with `tokenWriteOnly`.
   *
   * @default - none: a rotated `tokenWriteOnly` reaches Workato only with the next update of the profile
   */
  readonly tokenWriteOnlyVersion?: number;

  /**
   * Accepts literals as secrets, although they are then written in plain text into `cdktf.out`
   * (and into whatever archives or logs it). For throw-away tests, e.g. against the local
   * emulator; synthesis then warns about each literal secret.
   *
   * @default false - a literal secret is refused with an error that shows how to pass a sensitive variable: a literal string at once (the constructor throws), a literal inside a token at synthesis
   */
  readonly allowPlaintextSecrets?: boolean;
}

/** What the construct reads of the generated `workato_custom_oauth_profile` resource of either library. */
export interface GeneratedCustomOauthProfile extends IConstruct {
  readonly id: string;
  readonly userId: number;
  readonly sharedAccountsCount: number;
  readonly oemCustomersCount: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly terraformResourceType: string;
  readonly friendlyUniqueId: string;
  /** The resource as written into cdktf.out (JSON). */
  toTerraform(): SynthesizedResource;
  /** The resource as written into cdktf.out (HCL output). */
  toHclTerraform(): SynthesizedResource;
  /** An `import` block for the resource (cdktf ≥ 0.20, cdktn): adopts the remote object `id`. */
  importFrom(id: string, provider?: unknown): void;
}

/** What `toTerraform()` returns: `resource.<type>.<name>.<attribute>`, among others. */
export interface SynthesizedResource {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
}

/** The generated resource's config, as the construct fills it in. */
export interface GeneratedCustomOauthProfileConfig<TProvider> {
  readonly name: string;
  readonly providerName: string;
  readonly clientId: string;
  readonly clientSecret?: string;
  readonly clientSecretWo?: string;
  readonly clientSecretWoVersion?: number;
  readonly token?: string;
  readonly tokenWo?: string;
  readonly tokenWoVersion?: number;
  readonly provider?: TProvider;
}

/** Binds the construct to one library: its API, and the resource class generated for it. */
export interface CustomOAuthProfileBinding<TResource extends GeneratedCustomOauthProfile, TProvider> {
  readonly cdk: CdkLibrary;
  readonly Resource: new (scope: Construct, id: string, config: GeneratedCustomOauthProfileConfig<TProvider>) => TResource;
}

/**
 * A Workato Custom OAuth profile (`workato_custom_oauth_profile`); `CustomOAuthProfile` of
 * `cdktf-provider-workato` (cdktf) or of `cdktn-provider-workato` (CDK Terrain).
 *
 * A secret given as a literal string is refused at once (the constructor throws), unless
 * `allowPlaintextSecrets` is set; a token is resolved when the app is synthesized, and refused if
 * it would write a literal into `cdktf.out`, even with `skipValidation`. The provider's rules —
 * at most one client secret, non-empty names, … — are checked when the app is synthesized, before
 * anything is written; values that are tokens (known only to Terraform) are left to the provider,
 * which checks them at plan time. A client secret (and a Slack app's token) is needed only when a
 * plan creates or updates the profile, so the provider checks that at plan time too: a profile
 * adopted with {@link importFrom} needs none while the plan leaves it alone.
 *
 * The resource's Terraform address is `workato_custom_oauth_profile.<id>` when the construct is a
 * direct child of the stack, so that `terraform import` and plans read naturally: the id must then
 * be a valid Terraform name (a letter or `_`, then letters, digits, `_` and `-`).
 *
 * @example
 * const secret = new TerraformVariable(this, 'hubspot_client_secret', { type: 'string', sensitive: true });
 * new CustomOAuthProfile(this, 'hubspot', {
 *   name: 'HubSpot', providerName: 'hubspot', clientId: '7f3c…', clientSecret: secret.stringValue,
 * });
 */
export abstract class CustomOAuthProfileBase<TResource extends GeneratedCustomOauthProfile, TProvider> extends Construct {
  /** The generated resource underneath, for anything the props do not cover (lifecycle, dependsOn, …). */
  public readonly resource: TResource;

  /** The profile's Workato id (an integer, as a string). */
  public readonly profileId: string;

  /** The id of the Workato user that owns the profile (a whole number). */
  public readonly userId: number;

  /** How many connections share this profile (a whole number). */
  public readonly sharedAccountsCount: number;

  /** How many embedded (OEM) customers use this profile (a whole number). */
  public readonly oemCustomersCount: number;

  /** When the profile was created (ISO 8601). */
  public readonly createdAt: string;

  /** When the profile was last changed (ISO 8601). */
  public readonly updatedAt: string;

  protected constructor(
    scope: Construct,
    id: string,
    props: CustomOAuthProfileCommonProps & { readonly provider?: TProvider },
    binding: CustomOAuthProfileBinding<TResource, TProvider>,
  ) {
    super(scope, id);
    const { cdk } = binding;
    const context = { constructId: id, tokens: cdk.Token };

    // Throws, not synth validations: cdktf suggests `skipValidation: true` to get past failed
    // validations, and that must not be a way to write a secret into cdktf.out; a value of the
    // wrong type would break every other rule.
    const fatal = [...validateConstructId(id, cdk.TerraformStack.isStack(scope)), ...validatePropTypes(props, context)];
    if (fatal.length === 0) fatal.push(...validatePlaintextSecrets(props, context));
    if (fatal.length > 0) {
      throw new Error(`CustomOAuthProfile ${this.node.path}: ${fatal.join('\n')}`);
    }

    // 'Default' leaves the child out of the logical id: the resource is named after this construct.
    const resource = new (secretChecked(binding))(
      this,
      'Default',
      {
        name: props.name,
        providerName: props.providerName,
        clientId: props.clientId,
        clientSecret: props.clientSecret,
        clientSecretWo: props.clientSecretWriteOnly,
        clientSecretWoVersion: props.clientSecretWriteOnlyVersion,
        token: props.token,
        tokenWo: props.tokenWriteOnly,
        tokenWoVersion: props.tokenWriteOnlyVersion,
        provider: props.provider,
      },
      { constructId: id, allowPlaintextSecrets: props.allowPlaintextSecrets === true },
    );
    this.resource = resource as unknown as TResource;

    // A validation (not a throw) so that synthesis reports every broken rule of every profile at
    // once, before any file is written to cdktf.out.
    this.node.addValidation({ validate: () => validateCustomOAuthProfileProps(props, context) });
    if (props.allowPlaintextSecrets) this.warnAboutPlaintextSecrets(props, resource, cdk);

    this.profileId = this.resource.id;
    this.userId = this.resource.userId;
    this.sharedAccountsCount = this.resource.sharedAccountsCount;
    this.oemCustomersCount = this.resource.oemCustomersCount;
    this.createdAt = this.resource.createdAt;
    this.updatedAt = this.resource.updatedAt;
  }

  /**
   * Adopts the existing Workato profile `id` instead of creating one: an `import` block for this
   * resource (Terraform 1.5 or later), so the next plan imports it. No secret is needed to adopt:
   * the provider asks for one only when a plan would send the profile to Workato (a change to its
   * name, provider or client id, or a new secret version).
   */
  public importFrom(id: number | string, provider?: TProvider): void {
    const text = String(id).trim();
    if (!/^[1-9][0-9]*$/.test(text)) {
      throw new Error(`CustomOAuthProfile ${this.node.path}: importFrom needs a Workato profile id (a positive whole number), but ${JSON.stringify(id)} was provided`);
    }
    this.resource.importFrom(text, provider);
  }

  /**
   * Warns about each secret that is written in plain text. From an aspect: aspects run when the app
   * is synthesized, once every token can be resolved, and before the warnings are collected.
   */
  private warnAboutPlaintextSecrets(props: CustomOAuthProfileCommonProps, resource: SecretChecked, cdk: CdkLibrary): void {
    let warned = false;
    cdk.Aspects.of(this).add({
      visit: (node) => {
        if (node !== this || warned) return;
        warned = true;
        for (const { prop, finding, certain } of resource.plaintextSecrets()) {
          const value = props[prop];
          const literalString = typeof value === 'string' && !cdk.Token.isUnresolved(value) && !value.includes('${');
          cdk.Annotations.of(this).addWarning(
            `${prop} ${literalString ? 'is a literal string' : finding}` +
              `${certain ? ' and is written in plain text into cdktf.out' : ''} (allowPlaintextSecrets is true)`,
          );
        }
      },
    });
  }
}

interface SecretCheck {
  readonly constructId: string;
  readonly allowPlaintextSecrets: boolean;
}

/** The generated resource of a binding, refusing to be synthesized with a literal secret. */
interface SecretChecked extends GeneratedCustomOauthProfile {
  /** The secrets that would write a literal into cdktf.out (or might: a local that cannot be found). */
  plaintextSecrets(): PlaintextSecret[];
}

type SecretCheckedClass = new (
  scope: Construct,
  id: string,
  config: GeneratedCustomOauthProfileConfig<unknown>,
  check: SecretCheck,
) => SecretChecked;

const secretCheckedClasses = new WeakMap<object, SecretCheckedClass>();

/**
 * The binding's generated resource, refusing to be synthesized with a secret whose resolved value
 * would write a literal into cdktf.out. `toTerraform()` and `toHclTerraform()` run at every
 * synthesis, with `skipValidation` too, and see every value as it is written, overrides included.
 * One subclass per generated class.
 */
function secretChecked(binding: CustomOAuthProfileBinding<GeneratedCustomOauthProfile, never>): SecretCheckedClass {
  const known = secretCheckedClasses.get(binding.Resource);
  if (known) return known;
  const { cdk } = binding;
  const Resource = binding.Resource as new (scope: Construct, id: string, config: unknown) => GeneratedCustomOauthProfile;

  class SecretCheckedCustomOauthProfile extends Resource implements SecretChecked {
    private readonly check: SecretCheck;

    public constructor(scope: Construct, id: string, config: GeneratedCustomOauthProfileConfig<unknown>, check: SecretCheck) {
      super(scope, id, config);
      this.check = check;
    }

    public override toTerraform(): SynthesizedResource {
      this.refusePlaintextSecrets();
      return super.toTerraform();
    }

    public override toHclTerraform(): SynthesizedResource {
      this.refusePlaintextSecrets();
      return super.toHclTerraform();
    }

    public plaintextSecrets(): PlaintextSecret[] {
      return findPlaintextSecrets(this.resolvedSecrets(), this.resolvedSecretsContext());
    }

    private refusePlaintextSecrets(): void {
      if (this.check.allowPlaintextSecrets) return;
      const messages = validateResolvedSecrets(this.resolvedSecrets(), this.resolvedSecretsContext());
      if (messages.length > 0) {
        throw new Error(`CustomOAuthProfile ${this.node.scope!.node.path}: ${messages.join('\n')}`);
      }
    }

    /** Each secret that is set, as it is written into cdktf.out. */
    private resolvedSecrets(): Partial<Record<SecretProp, unknown>> {
      const attributes: Record<string, unknown> =
        super.toTerraform().resource?.[this.terraformResourceType]?.[this.friendlyUniqueId] ?? {};
      const resolved: Partial<Record<SecretProp, unknown>> = {};
      for (const { prop, attribute } of SECRETS) {
        if (attributes[attribute] !== undefined) resolved[prop] = resolve(cdk, this, attributes[attribute]);
      }
      return resolved;
    }

    private resolvedSecretsContext(): ResolvedSecretsContext {
      return {
        constructId: this.check.constructId,
        tokens: cdk.Token,
        // `expression` reads as a reference to the local; toTerraform() holds what is written.
        localExpressions: (name) =>
          elementsNamed(cdk, this, cdk.TerraformLocal, name).map((local) => resolve(cdk, this, local.toTerraform().locals?.[name])),
        variableDefaults: (name) =>
          elementsNamed(cdk, this, cdk.TerraformVariable, name)
            .map((variable) => resolve(cdk, this, variable.default))
            .filter((value) => value !== undefined && value !== null),
      };
    }
  }

  secretCheckedClasses.set(binding.Resource, SecretCheckedCustomOauthProfile);
  return SecretCheckedCustomOauthProfile;
}

/** The value as the library writes it into cdktf.out. */
function resolve(cdk: CdkLibrary, scope: IConstruct, value: unknown): unknown {
  return cdk.Tokenization.resolve(value, {
    scope,
    preparing: false,
    resolver: new cdk.DefaultTokenResolver(new cdk.StringConcat()),
  });
}

/**
 * The locals or variables called `name` in Terraform: those of `scope`'s stack, else those of the
 * other stacks (a reference to another stack's element resolves to it until the library rewrites it).
 */
function elementsNamed<T extends { readonly friendlyUniqueId: string }>(
  cdk: CdkLibrary,
  scope: IConstruct,
  type: abstract new (...args: never[]) => T,
  name: string,
): T[] {
  const named = (root: IConstruct) =>
    root.node.findAll().filter((node): node is IConstruct & T => node instanceof type && (node as unknown as T).friendlyUniqueId === name);
  const own = named(cdk.TerraformStack.of(scope));
  return own.length > 0 ? own : named(scope.node.root);
}
