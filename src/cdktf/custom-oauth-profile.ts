// CustomOAuthProfile: a Workato Custom OAuth profile for CDKTF apps. Wraps the generated
// workato_custom_oauth_profile resource, checks its rules at synth and keeps secrets out of cdktf.out.
import { Annotations, TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { CustomOauthProfile } from '../generated/custom-oauth-profile';
import {
  literalSecretProps,
  validateCustomOAuthProfileProps,
  validatePlaintextSecrets,
} from './validate-custom-oauth-profile-props';

/**
 * Properties of a {@link CustomOAuthProfile}.
 *
 * Secrets (`clientSecret`, `token` and their write-only variants) must be tokens — a sensitive
 * `TerraformVariable`'s `stringValue`, a data source's attribute, another resource's attribute —
 * because a literal string would be written in plain text into `cdktf.out`. Each secret comes in
 * two forms: the plain one is kept in Terraform state (marked sensitive); the write-only one
 * (Terraform >= 1.11) is sent to Workato but never stored in plan or state.
 */
export interface CustomOAuthProfileProps {
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
   * The OAuth app's client secret, kept in Terraform state as a sensitive value.
   * Exactly one of `clientSecret` and `clientSecretWriteOnly` is required.
   *
   * @default - none; `clientSecretWriteOnly` must then be set
   */
  readonly clientSecret?: string;

  /**
   * The OAuth app's client secret as a write-only attribute (`client_secret_wo`, Terraform >= 1.11):
   * sent to Workato when the profile is created or updated, never stored in plan or state.
   * Exactly one of `clientSecret` and `clientSecretWriteOnly` is required.
   *
   * @default - none; `clientSecret` must then be set
   */
  readonly clientSecretWriteOnly?: string;

  /**
   * Any number; change it (e.g. 1 → 2) to send `clientSecretWriteOnly` to Workato again. Terraform
   * stores no write-only value, so it cannot see that the secret itself changed.
   * Only together with `clientSecretWriteOnly`.
   *
   * @default - none: a rotated `clientSecretWriteOnly` reaches Workato only with the next update of the profile
   */
  readonly clientSecretWriteOnlyVersion?: number;

  /**
   * The OAuth app's token, kept in Terraform state as a sensitive value. Required (or
   * `tokenWriteOnly`) when `providerName` is `slack`; at most one of `token` and `tokenWriteOnly`.
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
   * Any number; change it to send `tokenWriteOnly` to Workato again. Only together with `tokenWriteOnly`.
   *
   * @default - none: a rotated `tokenWriteOnly` reaches Workato only with the next update of the profile
   */
  readonly tokenWriteOnlyVersion?: number;

  /**
   * Accepts literal strings as secrets, although they are then written in plain text into
   * `cdktf.out` (and into whatever archives or logs it). For throw-away tests, e.g. against the
   * local emulator; synthesis then warns about each literal secret.
   *
   * @default false - a literal secret is refused: the constructor throws an error that shows how to pass a sensitive variable
   */
  readonly allowPlaintextSecrets?: boolean;

  /**
   * The `workato` provider to manage the profile with, when the stack configures more than one
   * (e.g. with an `alias` per Workato workspace).
   *
   * @default - the stack's default `workato` provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * A Workato Custom OAuth profile (`workato_custom_oauth_profile`).
 *
 * A secret given as a literal string is refused at once (the constructor throws), unless
 * `allowPlaintextSecrets` is set. The provider's rules — exactly one client secret, a token for
 * Slack, … — are checked when the app is synthesized, before anything is written; values that are
 * tokens (known only to Terraform) are left to the provider, which checks them at plan time.
 *
 * The resource's Terraform address is `workato_custom_oauth_profile.<id>` when the construct is a
 * direct child of the stack, so that `terraform import` and plans read naturally.
 *
 * @example
 * const secret = new TerraformVariable(this, 'hubspot_client_secret', { type: 'string', sensitive: true });
 * new CustomOAuthProfile(this, 'hubspot', {
 *   name: 'HubSpot', providerName: 'hubspot', clientId: '7f3c…', clientSecret: secret.stringValue,
 * });
 */
export class CustomOAuthProfile extends Construct {
  /** The generated resource underneath, for anything the props do not cover (lifecycle, dependsOn, …). */
  public readonly resource: CustomOauthProfile;

  /** The profile's Workato id (an integer, as a string). */
  public readonly profileId: string;

  /** The id of the Workato user that owns the profile. */
  public readonly userId: number;

  /** How many connections share this profile. */
  public readonly sharedAccountsCount: number;

  /** How many embedded (OEM) customers use this profile. */
  public readonly oemCustomersCount: number;

  /** When the profile was created (ISO 8601). */
  public readonly createdAt: string;

  /** When the profile was last changed (ISO 8601). */
  public readonly updatedAt: string;

  public constructor(scope: Construct, id: string, props: CustomOAuthProfileProps) {
    super(scope, id);

    // A throw, not a synth validation: cdktf suggests `skipValidation: true` to get past failed
    // validations, and that must not be a way to write a secret into cdktf.out.
    const plaintextSecrets = validatePlaintextSecrets(props, { constructId: id });
    if (plaintextSecrets.length > 0) {
      throw new Error(`CustomOAuthProfile ${this.node.path}: ${plaintextSecrets.join('\n')}`);
    }

    // 'Default' leaves the child out of the logical id: the resource is named after this construct.
    this.resource = new CustomOauthProfile(this, 'Default', {
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
    });

    // A validation (not a throw) so that synthesis reports every broken rule of every profile at
    // once, before any file is written to cdktf.out.
    this.node.addValidation({ validate: () => validateCustomOAuthProfileProps(props, { constructId: id }) });
    if (props.allowPlaintextSecrets) {
      for (const prop of literalSecretProps(props)) {
        Annotations.of(this).addWarning(
          `${prop} is a literal string and is written in plain text into cdktf.out (allowPlaintextSecrets is true)`,
        );
      }
    }

    this.profileId = this.resource.id;
    this.userId = this.resource.userId;
    this.sharedAccountsCount = this.resource.sharedAccountsCount;
    this.oemCustomersCount = this.resource.oemCustomersCount;
    this.createdAt = this.resource.createdAt;
    this.updatedAt = this.resource.updatedAt;
  }
}
