// Payload validation for POST and PUT (and for seed/modify), answering in Workato's shape:
// `{"message":"Validation failed","errors":{"<field>":["<message>", …]}}`. Pure functions.

/** Field name → messages, as in Workato's 400 answers (Rails' `errors.messages`). */
export type ValidationErrors = Record<string, string[]>;

/** The fields a valid payload carries, secrets included. */
export interface ProfileFields {
  name: string;
  provider: string;
  client_id: string;
  client_secret: string;
  token?: string;
}

export type ValidationResult = { ok: true; fields: ProfileFields } | { ok: false; errors: ValidationErrors };

export const BLANK = "can't be blank";
export const NOT_A_STRING = 'must be a string';
export const NOT_AN_OBJECT = 'must be an object';
export const NOT_IN_LIST = 'is not included in the list';

/**
 * Workato knows hundreds of apps, so the emulator accepts any provider that looks like an app's
 * internal name (lower case, digits, underscores) rather than keeping a list that would go stale.
 */
const PROVIDER_FORMAT = /^[a-z0-9_]+$/;

/** Slack apps need a token besides the client id and secret (the reference page says so). */
const PROVIDERS_REQUIRING_TOKEN = new Set(['slack']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Blank as Rails' `blank?` sees a string: empty or whitespace only. */
function isBlank(value: string): boolean {
  return value.trim() === '';
}

/**
 * Checks a required string: the message for it, or undefined when it is fine. Absent and null
 * are blank, as Rails' presence validation treats them.
 */
function checkRequiredString(value: unknown): string | undefined {
  if (value === undefined || value === null) return BLANK;
  if (typeof value !== 'string') return NOT_A_STRING;
  if (isBlank(value)) return BLANK;
  return undefined;
}

/**
 * Validates a POST/PUT body. Unknown members are ignored, as Rails' strong parameters do; `id`,
 * `user_id`, the counts and the timestamps cannot be set through the API.
 */
export function validatePayload(body: unknown): ValidationResult {
  if (!isPlainObject(body)) return { ok: false, errors: { base: ['request body must be a JSON object'] } };

  const errors: ValidationErrors = {};
  const add = (field: string, message: string | undefined): void => {
    if (message !== undefined) (errors[field] ??= []).push(message);
  };

  add('name', checkRequiredString(body.name));

  const providerProblem = checkRequiredString(body.provider);
  add('provider', providerProblem);
  if (providerProblem === undefined && !PROVIDER_FORMAT.test(body.provider as string)) add('provider', NOT_IN_LIST);

  // A missing `data` reads as an empty one, so the answer names the fields that are missing.
  const data = body.data === undefined || body.data === null ? {} : body.data;
  if (!isPlainObject(data)) {
    add('data', NOT_AN_OBJECT);
  } else {
    add('data.client_id', checkRequiredString(data.client_id));
    add('data.client_secret', checkRequiredString(data.client_secret));
    const token = data.token;
    if (token !== undefined && token !== null && typeof token !== 'string') {
      add('data.token', NOT_A_STRING);
    } else if (
      typeof body.provider === 'string' &&
      PROVIDERS_REQUIRING_TOKEN.has(body.provider) &&
      (typeof token !== 'string' || isBlank(token))
    ) {
      add('data.token', BLANK);
    }
  }

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const valid = data as Record<string, unknown>;
  const fields: ProfileFields = {
    name: body.name as string,
    provider: body.provider as string,
    client_id: valid.client_id as string,
    client_secret: valid.client_secret as string,
  };
  // An empty token means "no token": it is optional everywhere but Slack, where it was refused above.
  if (typeof valid.token === 'string' && valid.token !== '') fields.token = valid.token;
  return { ok: true, fields };
}

/** One line naming every problem, for exceptions thrown by seed/modify. */
export function describeErrors(errors: ValidationErrors): string {
  return Object.entries(errors)
    .map(([field, messages]) => messages.map((m) => `${field} ${m}`).join('; '))
    .join('; ');
}
