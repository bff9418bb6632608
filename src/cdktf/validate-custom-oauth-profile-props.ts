// The rules of CustomOAuthProfileProps: the types of the props and the construct's id, the
// provider's own validation rules, checked at synth, and the one only the construct can enforce —
// that no secret is written into cdktf.out. Knows neither cdktf nor cdktn: what a token is comes
// from the context (the library's `Token.isUnresolved`).
import type { CustomOAuthProfileCommonProps as CustomOAuthProfileProps } from './custom-oauth-profile-base';
import { inspectSecretExpression } from './terraform-expression';
import { didYouMean, isProviderName, PROVIDER_NAME_EXAMPLES, suggestProviderName } from '../provider/provider-name';

export type SecretProp = 'clientSecret' | 'clientSecretWriteOnly' | 'token' | 'tokenWriteOnly';
type RequiredStringProp = 'name' | 'providerName' | 'clientId';

/** What a rule's message may use besides the props. */
export interface ValidationContext extends TokenContext {
  /** The construct's id, to suggest variable names such as `hubspot_client_secret`. */
  readonly constructId: string;
}

/** Tells tokens from values known at synth: `Token` of the CDK library the app uses (cdktf or cdktn). */
export interface TokenContext {
  readonly tokens: { isUnresolved(value: unknown): boolean };
}

interface ValidationRule {
  /** True when the props break the rule. */
  readonly condition: (props: CustomOAuthProfileProps, context: TokenContext) => boolean;
  /** States the rule and the value received — never a secret's value. */
  readonly message: (props: CustomOAuthProfileProps, context: ValidationContext) => string;
}

/** What Terraform accepts as a resource's name, and so as the id of a profile that is a direct child of a stack. */
const TERRAFORM_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** The secrets, each with the Terraform attribute that carries it and the value it holds. */
export const SECRETS: ReadonlyArray<{
  prop: SecretProp;
  attribute: 'client_secret' | 'client_secret_wo' | 'token' | 'token_wo';
  holds: 'client_secret' | 'token';
}> = [
  { prop: 'clientSecret', attribute: 'client_secret', holds: 'client_secret' },
  { prop: 'clientSecretWriteOnly', attribute: 'client_secret_wo', holds: 'client_secret' },
  { prop: 'token', attribute: 'token', holds: 'token' },
  { prop: 'tokenWriteOnly', attribute: 'token_wo', holds: 'token' },
];

/** Set at all, known or not: presence never depends on a token's value. */
function isSet(value: unknown): boolean {
  return value !== undefined;
}

/**
 * A value known at synth. A token, or a string holding a Terraform expression such as
 * `'${var.p}'`, is resolved only by Terraform and never guessed at.
 */
function isKnown<T>(value: T | undefined, { tokens }: TokenContext): value is T {
  return value !== undefined && !tokens.isUnresolved(value) && !isExpressionString(value);
}

function isExpressionString(value: unknown): boolean {
  return typeof value === 'string' && /[$%]\{/.test(value);
}

function isBlank(value: string | undefined, context: TokenContext): boolean {
  return isKnown(value, context) && typeof value === 'string' && value.trim() === '';
}

function requiredString(prop: RequiredStringProp): ValidationRule {
  return {
    condition: (props, context) => isBlank(props[prop], context),
    message: (props) => `${prop} must not be empty, but ${JSON.stringify(props[prop])} was provided`,
  };
}

function nonEmptySecret(prop: SecretProp): ValidationRule {
  return {
    condition: (props, context) => isBlank(props[prop], context),
    // A blank value is not a secret, but the message still does not echo it.
    message: () => `${prop} must not be empty, but a blank string was provided; leave it out if it is not needed`,
  };
}

function noLiteralSecret(prop: SecretProp, holds: 'client_secret' | 'token'): ValidationRule {
  return {
    condition: (props, context) =>
      !props.allowPlaintextSecrets && isKnown(props[prop], context) && !isBlank(props[prop], context),
    message: (_props, { constructId }) =>
      plaintextSecretMessage(prop, holds, constructId, 'must be a token, but a literal string was provided'),
  };
}

/**
 * Why `prop` is refused (`finding`), and how to pass a secret instead. Names the prop and where
 * the literal comes from, never the secret.
 */
function plaintextSecretMessage(prop: SecretProp, holds: 'client_secret' | 'token', constructId: string, finding: string): string {
  const variable = `${snakeCase(constructId)}_${holds}`;
  return (
    `${prop} ${finding}; a literal secret would be written in plain text ` +
    `into cdktf.out (the synthesized Terraform JSON). Pass a sensitive variable instead:\n` +
    `      const secret = new TerraformVariable(this, '${variable}', { type: 'string', sensitive: true });\n` +
    `      new CustomOAuthProfile(this, '${constructId}', { ..., ${prop}: secret.stringValue });\n` +
    `    and give Terraform the value as TF_VAR_${variable}; or pass a data source's attribute or another ` +
    `resource's attribute. To write the literal anyway (throw-away tests only), set allowPlaintextSecrets: true.`
  );
}

function versionNeedsWriteOnly(
  version: 'clientSecretWriteOnlyVersion' | 'tokenWriteOnlyVersion',
  writeOnly: 'clientSecretWriteOnly' | 'tokenWriteOnly',
): ValidationRule {
  return {
    condition: (props) => isSet(props[version]) && !isSet(props[writeOnly]),
    message: (props, context) =>
      `${version} is only valid together with ${writeOnly} (it tells Terraform when to send ${writeOnly} ` +
      `again), but ${version} was ${formatValue(props[version], context)} and ${writeOnly} was not provided`,
  };
}

const customOAuthProfileValidationRules: ValidationRule[] = [
  requiredString('name'),
  requiredString('providerName'),
  requiredString('clientId'),
  {
    condition: ({ providerName }, context) =>
      isKnown(providerName, context) && providerName.trim() !== '' && !isProviderName(providerName),
    message: ({ providerName = '' }) => {
      const suggestion = didYouMean(suggestProviderName(providerName), false);
      return (
        `providerName must be Workato's identifier of the app, in lower-case letters, digits and underscores ` +
        `(e.g. ${PROVIDER_NAME_EXAMPLES}), but ${JSON.stringify(providerName)} was provided` +
        (suggestion ? `; ${suggestion}` : '')
      );
    },
  },
  // A secret is needed only when something is sent: whether a plan creates or updates the
  // profile is Terraform's to know, so the provider checks that at plan time, not synth.
  {
    condition: ({ clientSecret, clientSecretWriteOnly }) => isSet(clientSecret) && isSet(clientSecretWriteOnly),
    message: () => 'at most one of clientSecret and clientSecretWriteOnly may be set, but both were provided',
  },
  {
    condition: ({ token, tokenWriteOnly }) => isSet(token) && isSet(tokenWriteOnly),
    message: () => 'at most one of token and tokenWriteOnly may be set, but both were provided',
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

/**
 * The secrets given as literal strings, as messages; none when `allowPlaintextSecrets` is set.
 * A token or a string holding an expression (`'${var.x}'`) is left to {@link validateResolvedSecrets}.
 */
export function validatePlaintextSecrets(props: CustomOAuthProfileProps, context: ValidationContext): string[] {
  return check(plaintextSecretRules, props, context);
}

function check(rules: ValidationRule[], props: CustomOAuthProfileProps, context: ValidationContext): string[] {
  return rules.filter((rule) => rule.condition(props, context)).map((rule) => rule.message(props, context));
}

/** The type of each prop, checked first: a value of the wrong type (from JavaScript, or through `as any`) breaks every other rule. */
const PROP_TYPES: ReadonlyArray<{
  prop: keyof CustomOAuthProfileProps;
  type: 'string' | 'number' | 'boolean';
  required?: boolean;
  secret?: boolean;
}> = [
  { prop: 'name', type: 'string', required: true },
  { prop: 'providerName', type: 'string', required: true },
  { prop: 'clientId', type: 'string', required: true },
  { prop: 'clientSecret', type: 'string', secret: true },
  { prop: 'clientSecretWriteOnly', type: 'string', secret: true },
  { prop: 'clientSecretWriteOnlyVersion', type: 'number' },
  { prop: 'token', type: 'string', secret: true },
  { prop: 'tokenWriteOnly', type: 'string', secret: true },
  { prop: 'tokenWriteOnlyVersion', type: 'number' },
  { prop: 'allowPlaintextSecrets', type: 'boolean' },
];

/**
 * The props whose value has the wrong type, as messages: the prop, the type expected and the type
 * received (with the value, unless it is a secret).
 */
export function validatePropTypes(props: unknown, context: TokenContext): string[] {
  if (typeof props !== 'object' || props === null || Array.isArray(props)) {
    return [
      `props must be an object with name, providerName, clientId and a client secret, but ${describeType(props, context)} was provided`,
    ];
  }
  const values = props as Record<string, unknown>;
  return PROP_TYPES.flatMap(({ prop, type, required, secret }) => {
    const value = values[prop];
    if (value === undefined) return required ? [`${prop} is required (a ${type}), but it was not provided`] : [];
    if (typeof value === type) return [];
    const received =
      secret || typeof value === 'object' ? describeType(value, context) : `${describeType(value, context)} (${String(value)})`;
    const hint =
      type === 'string' && typeof value === 'number' && context.tokens.isUnresolved(value)
        ? '; pass a number token where a string is expected as Token.asString(value)'
        : '';
    return [`${prop} must be a ${type}${required ? '' : ' or left out'}, but ${received} was provided${hint}`];
  });
}

function describeType(value: unknown, { tokens }: TokenContext): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number' && tokens.isUnresolved(value)) return 'a number token';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * Problems with the construct's id, as messages. `namesResource`: the profile is a direct child of
 * its stack, so the id becomes the resource's Terraform name (`workato_custom_oauth_profile.<id>`).
 */
export function validateConstructId(id: string, namesResource: boolean): string[] {
  if (id === 'Default') {
    return [
      `the id "Default" is reserved by the constructs library for a construct's default child, and would leave ` +
        `the profile's resource without a name; choose another id, e.g. "hubspot"`,
    ];
  }
  if (namesResource && !TERRAFORM_NAME_PATTERN.test(id)) {
    return [
      `the id becomes the resource's Terraform name (workato_custom_oauth_profile.<id>), which must start with a ` +
        `letter or an underscore and hold only letters, digits, underscores and dashes, but ${JSON.stringify(id)} ` +
        `was provided; did you mean "${snakeCase(id)}"?`,
    ];
  }
  return [];
}

/** The app around a profile, as the synth-time check of its secrets needs it. */
export interface ResolvedSecretsContext extends ValidationContext {
  /** The resolved expressions of the TerraformLocals named `name`: the stack's own, else those of other stacks. */
  readonly localExpressions: (name: string) => unknown[];
  /** The resolved default values of the TerraformVariables named `name` that have one. */
  readonly variableDefaults: (name: string) => unknown[];
}

/** A secret whose resolved value would write a literal into cdktf.out, or might. */
export interface PlaintextSecret {
  readonly prop: SecretProp;
  /** Completes "clientSecret …", e.g. "resolves to a literal string"; never shows the value. */
  readonly finding: string;
  /** False when the construct cannot see what the value holds (a local it cannot find). */
  readonly certain: boolean;
}

/**
 * The secrets whose value, as resolved for cdktf.out, is not a single Terraform expression that
 * reads it from elsewhere: a literal, a literal inside an expression (`Fn.sensitive('…')`), text
 * around an expression, a local or a variable default holding a literal. `resolved` maps each
 * secret prop that is set to its resolved value.
 */
export function findPlaintextSecrets(
  resolved: Partial<Record<SecretProp, unknown>>,
  context: ResolvedSecretsContext,
): PlaintextSecret[] {
  return SECRETS.flatMap(({ prop }) => {
    if (resolved[prop] === undefined) return [];
    const found = literalIn(resolved[prop], context, new Set());
    return found ? [{ prop, ...found }] : [];
  });
}

/** {@link findPlaintextSecrets} as messages that show how to pass the secret instead. */
export function validateResolvedSecrets(resolved: Partial<Record<SecretProp, unknown>>, context: ResolvedSecretsContext): string[] {
  return findPlaintextSecrets(resolved, context).map(({ prop, finding }) =>
    plaintextSecretMessage(
      prop,
      SECRETS.find((secret) => secret.prop === prop)!.holds,
      context.constructId,
      `must be a reference that Terraform resolves (a variable, a data source's or another resource's attribute), but it ${finding}`,
    ),
  );
}

type Finding = { finding: string; certain: boolean };

function literalIn(value: unknown, context: ResolvedSecretsContext, seenLocals: ReadonlySet<string>): Finding | undefined {
  // A blank string carries nothing; a blank secret is reported by the props rules.
  if (typeof value === 'string' && value.trim() === '') return undefined;
  const inspection = inspectSecretExpression(value);
  if (!inspection.ok) return { finding: inspection.problem, certain: true };
  for (const { root, steps } of inspection.references) {
    const [name, ...path] = steps;
    if (typeof name !== 'string') continue;
    if (root === 'local' && !seenLocals.has(name)) {
      const expressions = context.localExpressions(name);
      if (expressions.length === 0) {
        return { finding: `reads local.${name}, which is not a TerraformLocal of this app and cannot be checked`, certain: false };
      }
      for (const expression of expressions) {
        const inner = literalInValue(navigate(expression, path), context, new Set([...seenLocals, name]));
        if (inner) return { finding: `reads local.${name}, which ${inner.finding}`, certain: inner.certain };
      }
    }
    if (root === 'var' && context.variableDefaults(name).some((value) => holdsLiteral(navigate(value, path)))) {
      return { finding: `reads var.${name}, which has a default value (leave it out and give the value as TF_VAR_${name})`, certain: true };
    }
  }
  return undefined;
}

/** What a local holds, or the part of it a reference reads: every value in it must pass. */
function literalInValue(value: unknown, context: ResolvedSecretsContext, seenLocals: ReadonlySet<string>): Finding | undefined {
  if (value === undefined || value === null || typeof value === 'boolean') return undefined;
  if (typeof value === 'object') {
    for (const item of Object.values(value)) {
      const found = literalInValue(item, context, seenLocals);
      if (found) return found;
    }
    return undefined;
  }
  return literalIn(value, context, seenLocals);
}

/** Steps into a local's or a default's value as far as it is plain data; a string (an expression) is returned as it is. */
function navigate(value: unknown, path: ReadonlyArray<string | number>): unknown {
  let current = value;
  for (const step of path) {
    if (typeof current !== 'object' || current === null || !Object.prototype.hasOwnProperty.call(current, step)) break;
    current = (current as Record<string | number, unknown>)[step];
  }
  return current;
}

/** A variable's default is plain data: any string or number in it is a literal. */
function holdsLiteral(value: unknown): boolean {
  if (typeof value === 'string') return value.trim() !== '';
  if (typeof value === 'number') return true;
  if (typeof value === 'object' && value !== null) return Object.values(value).some(holdsLiteral);
  return false;
}

function formatValue(value: number | undefined, context: TokenContext): string {
  return isKnown(value, context) ? String(value) : 'a token';
}

function snakeCase(id: string): string {
  const snake = id
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')
    .toLowerCase();
  return /^[a-z_]/.test(snake) ? snake : `profile_${snake}`;
}
