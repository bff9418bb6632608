// The `workato_custom_oauth_profile` resource: create → POST, read → from the list shared by every
// read of the provider process, else GET /:id (see src/client/shared-listing.ts), update → PUT (the
// whole payload), delete → DELETE, import by id or by identity (`{ id = 321 }`, Terraform ≥ 1.12).
// Secrets are sent, never read back. Every lifecycle function reads its plan, state or
// configuration into the typed model of the schema, stops on errors, calls the client, and writes
// the model back.
import type { Profile, ProfilePayload, WrittenProfile } from '../client/client';
import { NotFoundError } from '../client/errors';
import { describeKind } from '../plugin/describe';
import {
  ApplyResponse,
  Attribute,
  AttributePath,
  computedAttributes,
  CreateRequest,
  defineIdentity,
  defineSchema,
  DeleteRequest,
  DeleteResponse,
  Diagnostics,
  getModel,
  IdentityModelOf,
  ImportRequest,
  ImportResponse,
  isNumberValue,
  isUnknown,
  ModelOf,
  nullModel,
  PlanRequest,
  PlanResponse,
  PROVIDER_BUG,
  ReadRequest,
  ReadResponse,
  ResourceWithIdentity,
  TfObject,
  unknown,
  UpdateRequest,
  ValidateConfigRequest,
  ValidateConfigResponse,
} from '../plugin/framework';
import { valuesEqual } from '../plugin/values';
import { addApiError, FieldMap } from './api-diagnostics';
import { parseProfileId, profileAttributes, ProfileModel, profileToAttributes } from './profile';
import { didYouMean, isProviderName, PROVIDER_NAME_EXAMPLES, suggestProviderName } from './provider-name';
import type { WorkatoProviderData } from './provider';
import { isSet, known, requireKnownString } from './values';

const TYPE_NAME = 'workato_custom_oauth_profile';

// ---------------------------------------------------------------------------------------------
// Schema
// ---------------------------------------------------------------------------------------------

export const customOAuthProfileSchema = defineSchema({
  version: 0,
  block: {
    description:
      'A Workato Custom OAuth profile: the OAuth client id and secret that Workato uses for an app such as ' +
      'HubSpot or Slack. Workato never returns the secret or the token, so Terraform cannot detect their ' +
      'drift; it sends them when the profile is created and with every update.',
    attributes: {
      ...profileAttributes({ id: 'computed', name: 'required', provider_name: 'required', client_id: 'required' }),
      client_secret: {
        type: 'string',
        optional: true,
        sensitive: true,
        description:
          'The OAuth app\'s client secret (`data.client_secret`). Stored in the state in plain text (marked ' +
          'sensitive: hidden in plan output). Set at most one of `client_secret` and `client_secret_wo`; one ' +
          'is needed whenever a plan creates or updates the profile (Workato requires it in every write), ' +
          'none while the plan leaves an adopted profile alone.',
      },
      client_secret_wo: {
        type: 'string',
        optional: true,
        sensitive: true,
        writeOnly: true,
        description:
          'The client secret as a write-only value (Terraform 1.11 or later): sent to Workato, never stored in ' +
          'plan or state. Change `client_secret_wo_version` to send a new value.',
      },
      client_secret_wo_version: {
        type: 'number',
        integer: true,
        optional: true,
        description: 'Any whole number; changing it re-sends `client_secret_wo`. Only together with `client_secret_wo`.',
      },
      token: {
        type: 'string',
        optional: true,
        sensitive: true,
        description:
          'The OAuth app\'s token (`data.token`), required for Slack apps whenever a plan creates or updates the ' +
          'profile. Stored in the state in plain text ' +
          '(marked sensitive: hidden in plan output). ' +
          'At most one of `token` and `token_wo`.',
      },
      token_wo: {
        type: 'string',
        optional: true,
        sensitive: true,
        writeOnly: true,
        description:
          'The token as a write-only value (Terraform 1.11 or later): sent to Workato, never stored in plan or ' +
          'state. Change `token_wo_version` to send a new value.',
      },
      token_wo_version: {
        type: 'number',
        integer: true,
        optional: true,
        description: 'Any whole number; changing it re-sends `token_wo`. Only together with `token_wo`.',
      },
    },
  },
});

type ProfileResourceModel = ModelOf<typeof customOAuthProfileSchema>;

/**
 * The identity (Terraform ≥ 1.12): Workato's integer id, which alone names a profile. Terraform
 * stores it beside the state, `import { identity = { id = 321 } }` imports by it, and `terraform
 * query` reports it for each profile listed.
 */
export const customOAuthProfileIdentity = defineIdentity({
  version: 0,
  attributes: {
    id: {
      type: 'number',
      requiredForImport: true,
      description: "The profile's Workato id, a positive whole number (the resource's `id` as a number).",
    },
  },
});

type ProfileIdentityModel = IdentityModelOf<typeof customOAuthProfileIdentity>;
type AttributeName = keyof ProfileResourceModel;

/** The path of one of the resource's attributes, for a diagnostic (checked by the compiler). */
const at = (name: AttributeName): AttributePath => [name];

/** A secret that may be given as a stored (sensitive) or a write-only attribute. */
interface SecretPair {
  /** Its field in Workato's `data`. */
  field: string;
  plain: AttributeName;
  writeOnly: AttributeName;
  version: AttributeName;
}
const CLIENT_SECRET: SecretPair = {
  field: 'client_secret',
  plain: 'client_secret',
  writeOnly: 'client_secret_wo',
  version: 'client_secret_wo_version',
};
const TOKEN: SecretPair = { field: 'token', plain: 'token', writeOnly: 'token_wo', version: 'token_wo_version' };
const SECRETS: readonly SecretPair[] = [CLIENT_SECRET, TOKEN];

const ATTRIBUTES = customOAuthProfileSchema.block.attributes;

/** The string attributes that configuration sets (all but the computed-only ones). */
const CONFIGURED_STRINGS = (Object.keys(ATTRIBUTES) as AttributeName[]).filter((name) => {
  const a: Attribute = ATTRIBUTES[name];
  return a.type === 'string' && (a.required || a.optional);
});

/** The attributes Workato sets: taken from its answer after every write. */
const COMPUTED = computedAttributes(customOAuthProfileSchema);

/** Workato's payload fields → attributes, to place Workato's validation errors. */
function fieldMap(config: ProfileResourceModel): FieldMap {
  const map: FieldMap = { name: 'name', provider: 'provider_name', 'data.client_id': 'client_id', client_id: 'client_id' };
  for (const pair of SECRETS) {
    const attribute = isSet(config[pair.writeOnly]) ? pair.writeOnly : pair.plain;
    map[`data.${pair.field}`] = attribute;
    map[pair.field] = attribute;
  }
  return map;
}

// ---------------------------------------------------------------------------------------------
// Validate: the rules of the resource, on the values already known (unknowns are checked once
// known: Terraform validates again before apply). The schema's own rules (required, computed,
// whole numbers) were checked by the framework before.
// ---------------------------------------------------------------------------------------------

export function validateProfileConfig(config: ProfileResourceModel, diags: Diagnostics): void {
  for (const name of CONFIGURED_STRINGS) {
    const v = known(config[name]);
    if (typeof v === 'string' && v.trim() === '') {
      const secret = (ATTRIBUTES[name] as Attribute).sensitive;
      diags.addError(
        `Empty ${name}`,
        `${name} must not be empty${secret ? '' : ` (got "${v}")`}; ${
          (ATTRIBUTES[name] as Attribute).required ? 'set it to a value' : 'set it to a value, or leave it out'
        }.`,
        at(name),
      );
    }
  }

  const providerName = known(config.provider_name);
  if (providerName !== null && providerName.trim() !== '' && !isProviderName(providerName)) {
    const suggestion = suggestProviderName(providerName);
    diags.addError(
      'Invalid provider_name',
      `provider_name is Workato's identifier of the app, in lower case letters, digits and underscores ` +
        `(e.g. ${PROVIDER_NAME_EXAMPLES}); got "${providerName}"${suggestion ? `. ${didYouMean(suggestion)}` : '.'}`,
      at('provider_name'),
    );
  }

  for (const pair of SECRETS) {
    if (isSet(config[pair.plain]) && isSet(config[pair.writeOnly])) {
      diags.addError(
        `Conflicting ${pair.plain} and ${pair.writeOnly}`,
        `Set only one of ${pair.plain} (kept in state) and ${pair.writeOnly} (write-only, never stored).`,
        at(pair.writeOnly),
      );
    }
    if (isSet(config[pair.version]) && !isSet(config[pair.writeOnly])) {
      diags.addError(
        `${pair.version} without ${pair.writeOnly}`,
        `${pair.version} tells Terraform when to re-send ${pair.writeOnly}; set ${pair.writeOnly} too, ` +
          `or remove ${pair.version}.`,
        at(pair.version),
      );
    }
  }

}

/**
 * A secret is needed only when something is sent: Workato requires `data.client_secret` (and
 * `data.token` for Slack) in every POST and PUT, which carry the whole payload, and never
 * otherwise. So a plan that creates or updates the profile needs them from the configuration; a
 * profile the plan leaves alone (an imported one that matches, say) needs none.
 */
function requireSecretsToSend(config: ProfileResourceModel, action: 'create' | 'update', id: string | null, diags: Diagnostics): void {
  const what =
    action === 'create'
      ? 'This plan creates the profile'
      : `This plan updates profile ${id ?? ''}`.trimEnd() + ' (a PUT sends the whole profile)';
  const name = known(config.name);
  const sent = `name ${typeof name === 'string' ? JSON.stringify(name) : '(unknown)'}, provider_name and client_id`;
  if (!isSet(config[CLIENT_SECRET.plain]) && !isSet(config[CLIENT_SECRET.writeOnly])) {
    diags.addError(
      'Missing client secret',
      `${what}: it would send ${sent} to Workato, which requires the OAuth app's client secret with them. Set ` +
        `${CLIENT_SECRET.plain} (from a sensitive variable) or, with Terraform 1.11 or later, ${CLIENT_SECRET.writeOnly} ` +
        '(never stored in state), e.g. by giving its variable a value (TF_VAR_<name>). A profile that the plan leaves ' +
        'alone needs no secret.',
      at(CLIENT_SECRET.plain),
    );
  }
  if (known(config.provider_name) === 'slack' && !isSet(config[TOKEN.plain]) && !isSet(config[TOKEN.writeOnly])) {
    diags.addError(
      'Missing token for a Slack app',
      `${what}: it would send ${sent} to Workato, which requires a token for Slack custom OAuth profiles. Set ` +
        `${TOKEN.plain} (from a sensitive variable) or ${TOKEN.writeOnly}, e.g. by giving its variable a value (TF_VAR_<name>).`,
      at(TOKEN.plain),
    );
  }
}

function validate(req: ValidateConfigRequest, resp: ValidateConfigResponse): void {
  const config = getModel(customOAuthProfileSchema, req.config, resp.diagnostics, 'configuration');
  if (resp.diagnostics.hasErrors()) return;
  validateProfileConfig(config, resp.diagnostics);
}

// ---------------------------------------------------------------------------------------------
// Plan
// ---------------------------------------------------------------------------------------------

/** Workato keeps these across a PUT (it does not change who owns a profile or what uses it). */
const KEPT_ACROSS_UPDATES: readonly AttributeName[] = ['id', 'user_id', 'created_at', 'shared_accounts_count', 'oem_customers_count'];

/**
 * Which write-only secrets the last apply sent, kept in the resource's private state (presence
 * only, never a value). Terraform stores no write-only value, so without this, adding or removing
 * `token_wo` without touching its version would go unnoticed.
 */
type WriteOnlyPresence = Record<string, boolean>;

function writeOnlyPresence(config: ProfileResourceModel): WriteOnlyPresence {
  return Object.fromEntries(SECRETS.map((p) => [p.writeOnly, isSet(config[p.writeOnly])]));
}

// One of each for every call (neither keeps state between calls); Node makes them slowly.
const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder();

function encodePresence(presence: WriteOnlyPresence): Uint8Array {
  return utf8Encoder.encode(JSON.stringify({ writeOnly: presence }));
}

/** The presence the last apply recorded; null when unknown (imported, or an older state). */
function decodePresence(priv: Uint8Array): WriteOnlyPresence | null {
  if (priv.length === 0) return null;
  try {
    const parsed = JSON.parse(utf8Decoder.decode(priv)) as { writeOnly?: WriteOnlyPresence };
    return parsed.writeOnly ?? null;
  } catch {
    return null;
  }
}

/** Sets one attribute of a model from another's. */
function copyAttribute<M, K extends keyof M>(to: M, from: M, name: K): void {
  to[name] = from[name];
}

function plan(req: PlanRequest<WorkatoProviderData>, resp: PlanResponse): void {
  const diags = resp.diagnostics;
  const config = getModel(customOAuthProfileSchema, req.config, diags, 'configuration');
  // The same object as resp.plannedState: changing the model changes the plan.
  const planned = getModel(customOAuthProfileSchema, resp.plannedState, diags, 'planned state');
  const prior = req.priorState === null ? null : getModel(customOAuthProfileSchema, req.priorState, diags, 'prior state');
  if (diags.hasErrors()) return;
  validateProfileConfig(config, diags);
  if (diags.hasErrors()) return;
  if (prior === null) {
    requireSecretsToSend(config, 'create', null, diags);
    return;
  }
  // A PUT keeps these; only updated_at moves, so outputs that use the others stay known.
  for (const name of KEPT_ACROSS_UPDATES) {
    if (isUnknown(planned[name]) && prior[name] !== null) copyAttribute(planned, prior, name);
  }

  const sent = decodePresence(req.priorPrivate);
  const now = writeOnlyPresence(config);
  for (const pair of sent === null ? [] : SECRETS) {
    if (sent![pair.writeOnly] === now[pair.writeOnly]) continue;
    if (!valuesEqual(prior[pair.version], planned[pair.version])) continue;
    // A secret Workato requires cannot be removed from it: a write-only value left out (an
    // ephemeral variable without a value, as workato-import writes them) means "not given this
    // time", and sends nothing. An optional token left out is removed with an update.
    if (!now[pair.writeOnly] && (pair === CLIENT_SECRET || known(config.provider_name) === 'slack')) continue;
    // An update that nothing else asks for: the changed updated_at is what makes it one.
    planned.updated_at = unknown;
    diags.addWarning(
      `${pair.writeOnly} was ${now[pair.writeOnly] ? 'added' : 'removed'}`,
      `Terraform cannot see write-only values, so the profile will be updated to ${
        now[pair.writeOnly] ? `send ${pair.writeOnly}` : `remove the ${pair.field} from Workato`
      }. Set ${pair.version} with ${pair.writeOnly}, and change it, to send a new value later.`,
      at(pair.writeOnly),
    );
  }
  // The framework marks updated_at unknown exactly when the plan changes the profile: a PUT.
  if (isUnknown(planned.updated_at)) requireSecretsToSend(config, 'update', typeof prior.id === 'string' ? prior.id : null, diags);
}

// ---------------------------------------------------------------------------------------------
// Apply
// ---------------------------------------------------------------------------------------------

/**
 * The whole payload from config (write-only values are in the config during apply); undefined,
 * with an error diagnostic, when a value Terraform guarantees to be known is not.
 */
function payloadFrom(config: ProfileResourceModel, diags: Diagnostics): ProfilePayload | undefined {
  const secret = (pair: SecretPair) => {
    const v = known(config[pair.writeOnly]) ?? known(config[pair.plain]);
    return typeof v === 'string' ? v : null;
  };
  const clientSecret = secret(CLIENT_SECRET);
  if (clientSecret === null) {
    diags.addError(
      'Missing client secret during apply',
      `Neither ${CLIENT_SECRET.plain} nor ${CLIENT_SECRET.writeOnly} is known during apply, though validation requires one. ${PROVIDER_BUG}`,
      at(CLIENT_SECRET.plain),
    );
  }
  const token = secret(TOKEN);
  const name = requireKnownString(config, 'name', diags);
  const provider = requireKnownString(config, 'provider_name', diags);
  const clientId = requireKnownString(config, 'client_id', diags);
  if (clientSecret === null || name === undefined || provider === undefined || clientId === undefined) return undefined;
  return { name, provider, data: { client_id: clientId, client_secret: clientSecret, ...(token !== null ? { token } : {}) } };
}

/**
 * The new state after a write: what was planned (configured values, secrets, versions) with the
 * computed attributes Workato returned. The framework nulls write-only values.
 */
function stateAfterWrite(planned: ProfileResourceModel, written: ProfileModel): ProfileResourceModel {
  const state: ProfileResourceModel = { ...planned };
  for (const name of COMPUTED) {
    if ((isUnknown(state[name]) || state[name] === null) && name in written) {
      copyAttribute(state as ProfileModel, written, name as keyof ProfileModel);
    }
  }
  return state;
}

/** The profile id a state holds; undefined, with an error diagnostic, when it holds none. */
function stateId(state: ProfileResourceModel, what: string, diags: Diagnostics): number | undefined {
  const id = typeof state.id === 'string' ? parseProfileId(state.id) : null;
  if (id !== null) return id;
  diags.addError(
    `Invalid profile id in ${what}`,
    `The ${what} holds id ${typeof state.id === 'string' ? `"${state.id}"` : describeKind(state.id)}, which is not a Workato profile id. ` +
      'Remove it with `terraform state rm` and import the profile by its numeric id.',
    at('id'),
  );
  return undefined;
}

/**
 * A write whose 2xx answer could not be fully read took effect all the same: the state records
 * the profile (its id, what was sent) and the next refresh reads the rest. Say so, with the id.
 */
function warnUnreadAnswer(diags: Diagnostics, done: 'created' | 'updated', profile: WrittenProfile): void {
  if (profile.unreadAnswer === undefined) return;
  diags.addWarning(
    `Workato ${done} profile ${profile.id}, but its answer could not be fully read`,
    `Workato answered the request with success, so profile ${profile.id} is ${done}: Terraform records it with the ` +
      `values that were sent, and the next plan or refresh reads the rest of its attributes. What was wrong with the ` +
      `answer: ${profile.unreadAnswer}. If this keeps happening, check that base_url reaches Workato itself and not a ` +
      'proxy or gateway that rewrites its answers.',
  );
}

async function create(req: CreateRequest<WorkatoProviderData>, resp: ApplyResponse): Promise<void> {
  const diags = resp.diagnostics;
  const config = getModel(customOAuthProfileSchema, req.config, diags, 'configuration');
  const planned = getModel(customOAuthProfileSchema, req.plannedState, diags, 'planned state');
  if (diags.hasErrors()) return;
  const payload = payloadFrom(config, diags);
  if (payload === undefined) return;
  req.providerData.client.rememberSecrets([payload.data.client_secret, payload.data.token]);
  try {
    const profile = await req.providerData.client.createProfile(payload, { signal: req.signal });
    resp.newState = stateAfterWrite(planned, profileToAttributes(profile));
    resp.private = encodePresence(writeOnlyPresence(config));
    warnUnreadAnswer(diags, 'created', profile);
  } catch (e) {
    addApiError(diags, 'Could not create the custom OAuth profile', e, fieldMap(config));
  }
}

async function read(req: ReadRequest<WorkatoProviderData>, resp: ReadResponse): Promise<void> {
  const diags = resp.diagnostics;
  const state = getModel(customOAuthProfileSchema, req.state, diags, 'state');
  if (diags.hasErrors()) return;
  const id = stateId(state, 'state', diags);
  if (id === undefined) return;
  // The state's secrets stay out of anything a server's answer could echo into an error or log.
  req.providerData.client.rememberSecrets([known(state.client_secret), known(state.token)].map((v) => (typeof v === 'string' ? v : null)));
  try {
    const profile = await req.providerData.client.readProfile(id, { signal: req.signal });
    // The API never returns secrets: keep what the state holds, so only config changes them.
    const newState: ProfileResourceModel = { ...state, ...profileToAttributes(profile) };
    resp.newState = newState;
  } catch (e) {
    if (e instanceof NotFoundError) {
      resp.newState = null; // deleted outside Terraform: the next plan creates it again
      return;
    }
    addApiError(diags, `Could not read custom OAuth profile ${id}`, e);
  }
}

async function update(req: UpdateRequest<WorkatoProviderData>, resp: ApplyResponse): Promise<void> {
  const diags = resp.diagnostics;
  const config = getModel(customOAuthProfileSchema, req.config, diags, 'configuration');
  const planned = getModel(customOAuthProfileSchema, req.plannedState, diags, 'planned state');
  const prior = getModel(customOAuthProfileSchema, req.priorState, diags, 'prior state');
  if (diags.hasErrors()) return;
  const id = stateId(prior, 'prior state', diags);
  const payload = payloadFrom(config, diags);
  if (id === undefined || payload === undefined) return;
  req.providerData.client.rememberSecrets([payload.data.client_secret, payload.data.token]);
  try {
    const profile = await req.providerData.client.updateProfile(id, payload, { signal: req.signal });
    resp.newState = stateAfterWrite(planned, profileToAttributes(profile));
    resp.private = encodePresence(writeOnlyPresence(config));
    warnUnreadAnswer(diags, 'updated', profile);
  } catch (e) {
    const hint =
      e instanceof NotFoundError
        ? ' It was deleted outside Terraform: run `terraform apply` again to create it anew.'
        : '';
    addApiError(diags, `Could not update custom OAuth profile ${id}.${hint}`, e, fieldMap(config));
  }
}

async function del(req: DeleteRequest<WorkatoProviderData>, resp: DeleteResponse): Promise<void> {
  const prior = getModel(customOAuthProfileSchema, req.priorState, resp.diagnostics, 'prior state');
  if (resp.diagnostics.hasErrors()) return;
  const id = typeof prior.id === 'string' ? parseProfileId(prior.id) : null;
  if (id === null) return; // nothing that Workato could hold
  try {
    await req.providerData.client.deleteProfile(id, { signal: req.signal });
  } catch (e) {
    if (e instanceof NotFoundError) return; // already gone: that is what delete wants
    addApiError(resp.diagnostics, `Could not delete custom OAuth profile ${id}`, e);
  }
}

function importState(req: ImportRequest<WorkatoProviderData>, resp: ImportResponse): void {
  // The framework decoded an identity with the identity schema: it is that model.
  const byIdentity = req.identity as ProfileIdentityModel | null;
  const id = byIdentity === null ? parseProfileId(req.id) : identityProfileId(byIdentity.id);
  if (id === null) {
    resp.diagnostics.addError(
      byIdentity === null ? 'Invalid import id' : 'Invalid import identity',
      (byIdentity === null
        ? `"${req.id}" is not a Workato custom OAuth profile id. `
        : `The identity's id is ${isNumberValue(byIdentity.id) ? String(byIdentity.id) : describeKind(byIdentity.id)}, not a Workato custom OAuth profile id. `) +
        "Use the profile's numeric id, e.g. `terraform import workato_custom_oauth_profile.example 321` or " +
        '`import { to = workato_custom_oauth_profile.example, identity = { id = 321 } }`; `terraform query` ' +
        'or the `workato_custom_oauth_profiles` data source lists the ids.',
    );
    return;
  }
  const state = nullModel(customOAuthProfileSchema);
  state.id = String(id);
  resp.state = state;
}

/** The profile id an identity holds: a positive whole number, else null (a TfBigNumber is beyond any id, or a fraction). */
function identityProfileId(id: ProfileIdentityModel['id']): number | null {
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 1 ? id : null;
}

/** The identity of the profile a state or plan holds: its id as a number, unknown until a create is applied. */
function identity(state: TfObject): TfObject {
  const id = state.id;
  const model: ProfileIdentityModel = { id: isUnknown(id) ? unknown : typeof id === 'string' ? parseProfileId(id) : null };
  return model;
}

/**
 * A profile as the resource's state holds it, secrets null (Workato never returns them): what an
 * import reads, and what `terraform query` gets as the resource object of each profile listed.
 */
export function profileState(profile: Profile): ProfileResourceModel {
  return {
    ...nullModel(customOAuthProfileSchema),
    ...profileToAttributes(profile),
  };
}

export const customOAuthProfileResource: ResourceWithIdentity<WorkatoProviderData> = {
  typeName: TYPE_NAME,
  schema: customOAuthProfileSchema,
  identitySchema: customOAuthProfileIdentity,
  identity,
  validate,
  plan,
  create,
  read,
  update,
  delete: del,
  importState,
};
