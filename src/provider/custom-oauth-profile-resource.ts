// The `workato_custom_oauth_profile` resource: create → POST, read → from the list shared by every
// read of the provider process, else GET /:id (see src/client/shared-listing.ts), update → PUT (the
// whole payload), delete → DELETE, import by id. Secrets are sent, never read back.
import type { ProfilePayload } from '../client/client';
import { NotFoundError } from '../client/errors';
import {
  ApplyResponse,
  CreateRequest,
  DeleteRequest,
  DeleteResponse,
  Diagnostics,
  ImportRequest,
  ImportResponse,
  isUnknown,
  PlanRequest,
  PlanResponse,
  ReadRequest,
  ReadResponse,
  Resource,
  Schema,
  TfObject,
  unknown,
  UpdateRequest,
  ValidateConfigRequest,
  ValidateConfigResponse,
} from '../plugin/framework';
import { addApiError, FieldMap } from './api-diagnostics';
import { parseProfileId, profileAttributes, profileToAttributes } from './profile';
import type { WorkatoProviderData } from './provider';
import { isSet, knownString, requireString } from './values';

const TYPE_NAME = 'workato_custom_oauth_profile';

/** A secret that may be given as a stored (sensitive) or a write-only attribute. */
interface SecretPair {
  field: 'client_secret' | 'token';
  plain: string;
  writeOnly: string;
  version: string;
}
const CLIENT_SECRET: SecretPair = {
  field: 'client_secret',
  plain: 'client_secret',
  writeOnly: 'client_secret_wo',
  version: 'client_secret_wo_version',
};
const TOKEN: SecretPair = { field: 'token', plain: 'token', writeOnly: 'token_wo', version: 'token_wo_version' };

// ---------------------------------------------------------------------------------------------
// Schema
// ---------------------------------------------------------------------------------------------

export const customOAuthProfileSchema: Schema = {
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
          'sensitive: hidden in plan output). Set exactly one of ' +
          '`client_secret` and `client_secret_wo`.',
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
        optional: true,
        description: 'Any number; changing it re-sends `client_secret_wo`. Only together with `client_secret_wo`.',
      },
      token: {
        type: 'string',
        optional: true,
        sensitive: true,
        description:
          'The OAuth app\'s token (`data.token`), required for Slack apps. Stored in the state in plain text ' +
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
        optional: true,
        description: 'Any number; changing it re-sends `token_wo`. Only together with `token_wo`.',
      },
    },
  },
};

/** Workato's payload fields → attributes, to place Workato's validation errors. */
function fieldMap(config: TfObject): FieldMap {
  return {
    name: 'name',
    provider: 'provider_name',
    'data.client_id': 'client_id',
    client_id: 'client_id',
    'data.client_secret': isSet(config, 'client_secret_wo') ? 'client_secret_wo' : 'client_secret',
    client_secret: isSet(config, 'client_secret_wo') ? 'client_secret_wo' : 'client_secret',
    'data.token': isSet(config, 'token_wo') ? 'token_wo' : 'token',
    token: isSet(config, 'token_wo') ? 'token_wo' : 'token',
  };
}

// ---------------------------------------------------------------------------------------------
// Validate: the rules of the resource, on the values already known (unknowns are checked once
// known: Terraform validates again before apply).
// ---------------------------------------------------------------------------------------------

export function validateProfileConfig(config: TfObject, diags: Diagnostics): void {
  for (const name of ['name', 'provider_name', 'client_id', 'client_secret', 'client_secret_wo', 'token', 'token_wo']) {
    const v = knownString(config, name);
    if (v !== null && v.trim() === '') {
      diags.addError(
        `Empty ${name}`,
        `${name} must not be empty${name.includes('secret') || name.includes('token') ? '' : ` (got "${v}")`}; ` +
          `set it to a value, or leave it out if it is optional.`,
        [name],
      );
    }
  }

  const providerName = knownString(config, 'provider_name');
  if (providerName !== null && providerName.trim() !== '' && !/^[a-z0-9_]+$/.test(providerName)) {
    const suggestion = providerName.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
    diags.addError(
      'Invalid provider_name',
      `provider_name is Workato's identifier of the app, in lower case letters, digits and underscores ` +
        `(e.g. "hubspot", "google_drive"); got "${providerName}"${suggestion ? `. Did you mean "${suggestion}"?` : '.'}`,
      ['provider_name'],
    );
  }

  for (const pair of [CLIENT_SECRET, TOKEN]) {
    if (isSet(config, pair.plain) && isSet(config, pair.writeOnly)) {
      diags.addError(
        `Conflicting ${pair.plain} and ${pair.writeOnly}`,
        `Set only one of ${pair.plain} (kept in state) and ${pair.writeOnly} (write-only, never stored).`,
        [pair.writeOnly],
      );
    }
    if (isSet(config, pair.version) && !isSet(config, pair.writeOnly)) {
      diags.addError(
        `${pair.version} without ${pair.writeOnly}`,
        `${pair.version} tells Terraform when to re-send ${pair.writeOnly}; set ${pair.writeOnly} too, ` +
          `or remove ${pair.version}.`,
        [pair.version],
      );
    }
  }

  if (!isSet(config, 'client_secret') && !isSet(config, 'client_secret_wo')) {
    diags.addError(
      'Missing client secret',
      'Workato requires the OAuth app\'s client secret: set client_secret (from a sensitive variable) or, with ' +
        'Terraform 1.11 or later, client_secret_wo so that it is never stored in state.',
      ['client_secret'],
    );
  }

  if (providerName === 'slack' && !isSet(config, 'token') && !isSet(config, 'token_wo')) {
    diags.addError(
      'Missing token for a Slack app',
      'Workato requires a token for Slack custom OAuth profiles: set token (from a sensitive variable) or token_wo.',
      ['token'],
    );
  }
}

function validate(req: ValidateConfigRequest, resp: ValidateConfigResponse): void {
  validateProfileConfig(req.config, resp.diagnostics);
}

// ---------------------------------------------------------------------------------------------
// Plan
// ---------------------------------------------------------------------------------------------

/** Workato keeps these across a PUT (it does not change who owns a profile or what uses it). */
const KEPT_ACROSS_UPDATES = ['id', 'user_id', 'created_at', 'shared_accounts_count', 'oem_customers_count'];

/**
 * Which write-only secrets the last apply sent, kept in the resource's private state (presence
 * only, never a value). Terraform stores no write-only value, so without this, adding or removing
 * `token_wo` without touching its version would go unnoticed.
 */
type WriteOnlyPresence = Record<string, boolean>;

function writeOnlyPresence(config: TfObject): WriteOnlyPresence {
  return Object.fromEntries([CLIENT_SECRET, TOKEN].map((p) => [p.writeOnly, isSet(config, p.writeOnly)]));
}

function encodePresence(presence: WriteOnlyPresence): Uint8Array {
  return new TextEncoder().encode(JSON.stringify({ writeOnly: presence }));
}

/** The presence the last apply recorded; null when unknown (imported, or an older state). */
function decodePresence(priv: Uint8Array): WriteOnlyPresence | null {
  if (priv.length === 0) return null;
  try {
    const parsed = JSON.parse(new TextDecoder().decode(priv)) as { writeOnly?: WriteOnlyPresence };
    return parsed.writeOnly ?? null;
  } catch {
    return null;
  }
}

function plan(req: PlanRequest<WorkatoProviderData>, resp: PlanResponse): void {
  validateProfileConfig(req.config, resp.diagnostics);
  if (resp.diagnostics.hasErrors() || req.priorState === null) return;
  const prior = req.priorState;
  // A PUT keeps these; only updated_at moves, so outputs that use the others stay known.
  for (const name of KEPT_ACROSS_UPDATES) {
    if (isUnknown(resp.plannedState[name]) && prior[name] !== null) resp.plannedState[name] = prior[name];
  }

  const sent = decodePresence(req.priorPrivate);
  if (sent === null) return;
  const now = writeOnlyPresence(req.config);
  for (const pair of [CLIENT_SECRET, TOKEN]) {
    if (sent[pair.writeOnly] === now[pair.writeOnly]) continue;
    if (JSON.stringify(prior[pair.version]) !== JSON.stringify(resp.plannedState[pair.version])) continue;
    // An update that nothing else asks for: the changed updated_at is what makes it one.
    resp.plannedState.updated_at = unknown;
    resp.diagnostics.addWarning(
      `${pair.writeOnly} was ${now[pair.writeOnly] ? 'added' : 'removed'}`,
      `Terraform cannot see write-only values, so the profile will be updated to ${
        now[pair.writeOnly] ? `send ${pair.writeOnly}` : `remove the ${pair.field} from Workato`
      }. Set ${pair.version} with ${pair.writeOnly}, and change it, to send a new value later.`,
      [pair.writeOnly],
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Apply
// ---------------------------------------------------------------------------------------------

/** The whole payload from config: write-only values are in the config during apply. */
function payloadFrom(config: TfObject): ProfilePayload {
  const secret = (pair: SecretPair) => knownString(config, pair.writeOnly) ?? knownString(config, pair.plain);
  const clientSecret = secret(CLIENT_SECRET);
  if (clientSecret === null) throw new Error('client_secret or client_secret_wo must be known during apply');
  const token = secret(TOKEN);
  return {
    name: requireString(config, 'name'),
    provider: requireString(config, 'provider_name'),
    data: { client_id: requireString(config, 'client_id'), client_secret: clientSecret, ...(token !== null ? { token } : {}) },
  };
}

/**
 * The new state after a write: what was planned (configured values, secrets, versions; write-only
 * values null) with the computed attributes Workato returned.
 */
function stateAfterWrite(planned: TfObject, written: TfObject): TfObject {
  const state: TfObject = { ...planned };
  for (const name of ['id', 'user_id', 'shared_accounts_count', 'oem_customers_count', 'created_at', 'updated_at']) {
    if (isUnknown(state[name]) || state[name] === null) state[name] = written[name];
  }
  state.client_secret_wo = null;
  state.token_wo = null;
  return state;
}

async function create(req: CreateRequest<WorkatoProviderData>, resp: ApplyResponse): Promise<void> {
  const payload = payloadFrom(req.config);
  try {
    const profile = await req.providerData.client.createProfile(payload, { signal: req.signal });
    resp.newState = stateAfterWrite(req.plannedState, profileToAttributes(profile));
    resp.private = encodePresence(writeOnlyPresence(req.config));
  } catch (e) {
    addApiError(resp.diagnostics, 'Could not create the custom OAuth profile', e, fieldMap(req.config));
  }
}

async function read(req: ReadRequest<WorkatoProviderData>, resp: ReadResponse): Promise<void> {
  const id = parseProfileId(requireString(req.state, 'id'));
  if (id === null) {
    resp.diagnostics.addError(
      'Invalid profile id in state',
      `The state holds id "${String(req.state.id)}", which is not a Workato profile id. ` +
        'Remove it with `terraform state rm` and import the profile by its numeric id.',
      ['id'],
    );
    return;
  }
  try {
    const profile = await req.providerData.client.readProfile(id, { signal: req.signal });
    // The API never returns secrets: keep what the state holds, so only config changes them.
    resp.newState = {
      ...req.state,
      ...profileToAttributes(profile),
      client_secret_wo: null,
      token_wo: null,
    };
  } catch (e) {
    if (e instanceof NotFoundError) {
      resp.newState = null; // deleted outside Terraform: the next plan creates it again
      return;
    }
    addApiError(resp.diagnostics, `Could not read custom OAuth profile ${id}`, e);
  }
}

async function update(req: UpdateRequest<WorkatoProviderData>, resp: ApplyResponse): Promise<void> {
  const id = parseProfileId(requireString(req.priorState, 'id'));
  if (id === null) throw new Error(`prior state holds an invalid id "${String(req.priorState.id)}"`);
  const payload = payloadFrom(req.config);
  try {
    const profile = await req.providerData.client.updateProfile(id, payload, { signal: req.signal });
    resp.newState = stateAfterWrite(req.plannedState, profileToAttributes(profile));
    resp.private = encodePresence(writeOnlyPresence(req.config));
  } catch (e) {
    const hint =
      e instanceof NotFoundError
        ? ' It was deleted outside Terraform: run `terraform apply` again to create it anew.'
        : '';
    addApiError(resp.diagnostics, `Could not update custom OAuth profile ${id}.${hint}`, e, fieldMap(req.config));
  }
}

async function del(req: DeleteRequest<WorkatoProviderData>, resp: DeleteResponse): Promise<void> {
  const id = parseProfileId(requireString(req.priorState, 'id'));
  if (id === null) return; // nothing that Workato could hold
  try {
    await req.providerData.client.deleteProfile(id, { signal: req.signal });
  } catch (e) {
    if (e instanceof NotFoundError) return; // already gone: that is what delete wants
    addApiError(resp.diagnostics, `Could not delete custom OAuth profile ${id}`, e);
  }
}

function importState(req: ImportRequest<WorkatoProviderData>, resp: ImportResponse): void {
  const id = parseProfileId(req.id);
  if (id === null) {
    resp.diagnostics.addError(
      'Invalid import id',
      `"${req.id}" is not a Workato custom OAuth profile id. Use the profile's numeric id, e.g. ` +
        '`terraform import workato_custom_oauth_profile.example 321`; `terraform plan` with the ' +
        '`workato_custom_oauth_profiles` data source lists the ids.',
    );
    return;
  }
  const state: TfObject = {};
  for (const name of Object.keys(customOAuthProfileSchema.block.attributes)) state[name] = null;
  state.id = String(id);
  resp.state = state;
}

export const customOAuthProfileResource: Resource<WorkatoProviderData> = {
  typeName: TYPE_NAME,
  schema: customOAuthProfileSchema,
  validate,
  plan,
  create,
  read,
  update,
  delete: del,
  importState,
};
