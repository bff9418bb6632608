// The `workato_custom_oauth_profile` data source: one profile by id (the resource's reads: from the
// shared listing, else GET /:id), secrets excepted.
import { NotFoundError } from '../client/errors';
import {
  DataSource,
  DataSourceReadRequest,
  DataSourceReadResponse,
  defineSchema,
  Diagnostics,
  getModel,
  ModelOf,
  ValidateConfigRequest,
  ValidateConfigResponse,
} from '../plugin/framework';
import { addApiError } from './api-diagnostics';
import { parseProfileId, profileAttributes, profileToAttributes } from './profile';
import type { WorkatoProviderData } from './provider';
import { known, requireKnownString } from './values';

export const customOAuthProfileDataSourceSchema = defineSchema({
  version: 0,
  block: {
    description: 'Reads one Workato custom OAuth profile by id. Workato never returns its secret or token.',
    attributes: profileAttributes({ id: 'required', name: 'computed', provider_name: 'computed', client_id: 'computed' }),
  },
});

type ProfileDataSourceModel = ModelOf<typeof customOAuthProfileDataSourceSchema>;

function validate(req: ValidateConfigRequest, resp: ValidateConfigResponse): void {
  const config = getModel(customOAuthProfileDataSourceSchema, req.config, resp.diagnostics, 'configuration');
  if (resp.diagnostics.hasErrors()) return;
  checkId(known(config.id), resp.diagnostics);
}

/** The profile id configured; null, with an error diagnostic, when it is not one. */
function checkId(id: string | null, diagnostics: Diagnostics): number | null {
  if (id === null) return null;
  const parsed = parseProfileId(id);
  if (parsed === null) {
    diagnostics.addError(
      'Invalid profile id',
      `id must be a Workato custom OAuth profile id, a positive whole number such as "321"; got "${id}".`,
      ['id'],
    );
  }
  return parsed;
}

async function read(req: DataSourceReadRequest<WorkatoProviderData>, resp: DataSourceReadResponse): Promise<void> {
  const diags = resp.diagnostics;
  const config = getModel(customOAuthProfileDataSourceSchema, req.config, diags, 'configuration');
  if (diags.hasErrors()) return;
  const idText = requireKnownString(config, 'id', diags);
  const id = idText === undefined ? null : checkId(idText, diags);
  if (id === null) return;
  try {
    const profile = await req.providerData.client.readProfile(id, { signal: req.signal });
    const state: ProfileDataSourceModel = profileToAttributes(profile);
    resp.state = state;
  } catch (e) {
    if (e instanceof NotFoundError) {
      diags.addError(
        'Custom OAuth profile not found',
        `Workato has no custom OAuth profile with id ${id} in this workspace. Check the id, the API token's ` +
          'workspace, and the data center; the workato_custom_oauth_profiles data source lists the profiles.',
        ['id'],
      );
      return;
    }
    addApiError(diags, `Could not read custom OAuth profile ${id}`, e);
  }
}

export const customOAuthProfileDataSource: DataSource<WorkatoProviderData> = {
  typeName: 'workato_custom_oauth_profile',
  schema: customOAuthProfileDataSourceSchema,
  validate,
  read,
};
