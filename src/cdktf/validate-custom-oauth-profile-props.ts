// The rules of CustomOAuthProfileProps: the provider's own validation rules, checked at synth, and
// the one only the construct can enforce — that no secret is written into cdktf.out.
import { Token } from 'cdktf';
import type { CustomOAuthProfileProps } from './custom-oauth-profile';

type SecretProp = 'clientSecret' | 'clientSecretWriteOnly' | 'token' | 'tokenWriteOnly';
type RequiredStringProp = 'name' | 'providerName' | 'clientId';

/** What a rule's message may use besides the props. */
export interface ValidationContext {
  /** The construct's id, to suggest variable names such as `hubspot_client_secret`. */
  readonly constructId: string;
}

interface ValidationRule {
  /** True when the props break the rule. */
  readonly condition: (props: CustomOAuthProfileProps) => boolean;
  /** States the rule and the value received — never a secret's value. */
  readonly message: (props: CustomOAuthProfileProps, context: ValidationContext) => string;
}

/** Workato's identifiers of apps: `hubspot`, `google_drive`, … (the provider's own pattern). */
const PROVIDER_NAME_PATTERN = /^[a-z0-9_]+$/;

/** The secrets, each with the Terraform attribute whose value it holds. */
const SECRETS: ReadonlyArray<{ prop: SecretProp; holds: 'client_secret' | 'token' }> = [
  { prop: 'clientSecret', holds: 'client_secret' },
  { prop: 'clientSecretWriteOnly', holds: 'client_secret' },
  { prop: 'token', holds: 'token' },
  { prop: 'tokenWriteOnly', holds: 'token' },
];

/** Set at all, known or not: presence never depends on a token's value. */
function isSet(value: unknown): boolean {
  return value !== undefined;
}

/** A value known at synth; a token (resolved only by Terraform) is never guessed at. */
function isKnown<T>(value: T | undefined): value is T {
  return value !== undefined && !Token.isUnresolved(value);
}

function isBlank(value: string | undefined): boolean {
  return isKnown(value) && value.trim() === '';
}

function requiredString(prop: RequiredStringProp): ValidationRule {
  return {
    condition: (props) => isBlank(props[prop]),
    message: (props) => `${prop} must not be empty, but ${JSON.stringify(props[prop])} was provided`,
  };
}

function nonEmptySecret(prop: SecretProp): ValidationRule {
  return {
    condition: (props) => isBlank(props[prop]),
    // A blank value is not a secret, but the message still does not echo it.
    message: () => `${prop} must not be empty, but a blank string was provided; leave it out if it is not needed`,
  };
}

function noLiteralSecret(prop: SecretProp, holds: 'client_secret' | 'token'): ValidationRule {
  return {
    condition: (props) => !props.allowPlaintextSecrets && isKnown(props[prop]) && !isBlank(props[prop]),
    message: (_props, { constructId }) => {
      const variable = `${snakeCase(constructId)}_${holds}`;
      return (
        `${prop} must be a token, but a literal string was provided: it would be written in plain text ` +
        `into cdktf.out (the synthesized Terraform JSON). Pass a sensitive variable instead:\n` +
        `      const secret = new TerraformVariable(this, '${variable}', { type: 'string', sensitive: true });\n` +
        `      new CustomOAuthProfile(this, '${constructId}', { ..., ${prop}: secret.stringValue });\n` +
        `    and give Terraform the value as TF_VAR_${variable}; or pass a data source's attribute or another ` +
        `token. To write the literal anyway (throw-away tests only), set allowPlaintextSecrets: true.`
      );
    },
  };
}

function versionNeedsWriteOnly(
  version: 'clientSecretWriteOnlyVersion' | 'tokenWriteOnlyVersion',
  writeOnly: 'clientSecretWriteOnly' | 'tokenWriteOnly',
): ValidationRule {
  return {
    condition: (props) => isSet(props[version]) && !isSet(props[writeOnly]),
    message: (props) =>
      `${version} is only valid together with ${writeOnly} (it tells Terraform when to send ${writeOnly} ` +
      `again), but ${version} was ${formatValue(props[version])} and ${writeOnly} was not provided`,
  };
}

const customOAuthProfileValidationRules: ValidationRule[] = [
  requiredString('name'),
  requiredString('providerName'),
  requiredString('clientId'),
  {
    condition: ({ providerName }) =>
      isKnown(providerName) && providerName.trim() !== '' && !PROVIDER_NAME_PATTERN.test(providerName),
    message: ({ providerName = '' }) => {
      const suggestion = providerName.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
      return (
        `providerName must be Workato's identifier of the app, in lower-case letters, digits and underscores ` +
        `(e.g. "hubspot", "google_drive"), but ${JSON.stringify(providerName)} was provided` +
        (suggestion ? `; did you mean "${suggestion}"?` : '')
      );
    },
  },
  {
    condition: ({ clientSecret, clientSecretWriteOnly }) => isSet(clientSecret) === isSet(clientSecretWriteOnly),
    message: ({ clientSecret }) =>
      `exactly one of clientSecret and clientSecretWriteOnly is required, but ` +
      `${isSet(clientSecret) ? 'both were' : 'neither was'} provided`,
  },
  {
    condition: ({ token, tokenWriteOnly }) => isSet(token) && isSet(tokenWriteOnly),
    message: () => 'at most one of token and tokenWriteOnly may be set, but both were provided',
  },
  {
    condition: ({ providerName, token, tokenWriteOnly }) =>
      isKnown(providerName) && providerName === 'slack' && !isSet(token) && !isSet(tokenWriteOnly),
    message: () => 'a token is required when providerName is "slack", but neither token nor tokenWriteOnly was provided',
  },
  versionNeedsWriteOnly('clientSecretWriteOnlyVersion', 'clientSecretWriteOnly'),
  versionNeedsWriteOnly('tokenWriteOnlyVersion', 'tokenWriteOnly'),
  ...SECRETS.map(({ prop }) => nonEmptySecret(prop)),
];

const plaintextSecretRules: ValidationRule[] = SECRETS.map(({ prop, holds }) => noLiteralSecret(prop, holds));

/**
 * The provider's rules that `props` break, as messages; empty when the props are valid as far as
 * synth can tell (the provider checks values that are tokens at plan time).
 */
export function validateCustomOAuthProfileProps(props: CustomOAuthProfileProps, context: ValidationContext): string[] {
  return check(customOAuthProfileValidationRules, props, context);
}

/** The secrets given as literal strings, as messages; none when `allowPlaintextSecrets` is set. */
export function validatePlaintextSecrets(props: CustomOAuthProfileProps, context: ValidationContext): string[] {
  return check(plaintextSecretRules, props, context);
}

function check(rules: ValidationRule[], props: CustomOAuthProfileProps, context: ValidationContext): string[] {
  return rules.filter((rule) => rule.condition(props)).map((rule) => rule.message(props, context));
}

/** The secret props that hold a literal string (for the warning under `allowPlaintextSecrets`). */
export function literalSecretProps(props: CustomOAuthProfileProps): SecretProp[] {
  return SECRETS.map(({ prop }) => prop).filter((prop) => isKnown(props[prop]));
}

function formatValue(value: number | undefined): string {
  return isKnown(value) ? String(value) : 'a token';
}

function snakeCase(id: string): string {
  const snake = id
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')
    .toLowerCase();
  return /^[a-z_]/.test(snake) ? snake : `profile_${snake}`;
}
