// The `workato_custom_oauth_profile` data source: one profile by id (GET /:id), secrets excepted.
import { NotFoundError } from '../client/errors';
import {
  DataSource,
  DataSourceReadRequest,
  DataSourceReadResponse,
  Diagnostics,
  ValidateConfigRequest,
  ValidateConfigResponse,
} from '../plugin/framework';
import { addApiError } from './api-diagnostics';
import { parseProfileId, profileAttributes, profileToAttributes } from './profile';
import type { WorkatoProviderData } from './provider';
import { knownString, requireString } from './values';

function validate(req: ValidateConfigRequest, resp: ValidateConfigResponse): void {
  checkId(knownString(req.config, 'id'), resp.diagnostics);
}

function checkId(id: string | null, diagnostics: Diagnostics): void {
  if (id !== null && parseProfileId(id) === null) {
    diagnostics.addError(
      'Invalid profile id',
      `id must be a Workato custom OAuth profile id, a positive whole number such as "321"; got "${id}".`,
      ['id'],
    );
  }
}

async function read(req: DataSourceReadRequest<WorkatoProviderData>, resp: DataSourceReadResponse): Promise<void> {
  const id = parseProfileId(requireString(req.config, 'id'));
  if (id === null) {
    checkId(requireString(req.config, 'id'), resp.diagnostics);
    return;
  }
  try {
    const profile = await req.providerData.client.readProfile(id, { signal: req.signal });
    resp.state = profileToAttributes(profile);
  } catch (e) {
    if (e instanceof NotFoundError) {
      resp.diagnostics.addError(
        'Custom OAuth profile not found',
        `Workato has no custom OAuth profile with id ${id} in this workspace. Check the id, the API token's ` +
          'workspace, and the data center; the workato_custom_oauth_profiles data source lists the profiles.',
        ['id'],
      );
      return;
    }
    addApiError(resp.diagnostics, `Could not read custom OAuth profile ${id}`, e);
  }
}

export const customOAuthProfileDataSource: DataSource<WorkatoProviderData> = {
  typeName: 'workato_custom_oauth_profile',
  schema: {
    version: 0,
    block: {
      description: 'Reads one Workato custom OAuth profile by id. Workato never returns its secret or token.',
      attributes: profileAttributes({ id: 'required', name: 'computed', provider_name: 'computed', client_id: 'computed' }),
    },
  },
  validate,
  read,
};
