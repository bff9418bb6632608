// The `workato_custom_oauth_profiles` data source: every profile (all pages), optionally filtered
// by exact name and provider_name.
import { DataSource, DataSourceReadRequest, DataSourceReadResponse, TfType } from '../plugin/framework';
import { addApiError } from './api-diagnostics';
import { profileAttributes, profileToAttributes } from './profile';
import type { WorkatoProviderData } from './provider';
import { knownString } from './values';

const profileAttrs = profileAttributes({
  id: 'computed',
  name: 'computed',
  provider_name: 'computed',
  client_id: 'computed',
});
const profileObjectType: TfType = {
  object: Object.fromEntries(Object.entries(profileAttrs).map(([name, a]) => [name, a.type])),
};

async function read(req: DataSourceReadRequest<WorkatoProviderData>, resp: DataSourceReadResponse): Promise<void> {
  const name = knownString(req.config, 'name');
  const providerName = knownString(req.config, 'provider_name');
  try {
    const all = await req.providerData.client.readAllProfiles({ signal: req.signal });
    const profiles = all
      .filter((p) => (name === null || p.name === name) && (providerName === null || p.provider === providerName))
      .sort((a, b) => a.id - b.id)
      .map(profileToAttributes);
    resp.state = { name, provider_name: providerName, profiles };
  } catch (e) {
    addApiError(resp.diagnostics, 'Could not list custom OAuth profiles', e);
  }
}

export const customOAuthProfilesDataSource: DataSource<WorkatoProviderData> = {
  typeName: 'workato_custom_oauth_profiles',
  schema: {
    version: 0,
    block: {
      description:
        'Lists the Workato custom OAuth profiles of the workspace, optionally filtered by name and app. ' +
        'Workato never returns their secrets or tokens.',
      attributes: {
        name: { type: 'string', optional: true, description: 'Only profiles with exactly this name.' },
        provider_name: {
          type: 'string',
          optional: true,
          description: 'Only profiles of exactly this app (`hubspot`, `slack`, …).',
        },
        profiles: {
          type: { list: profileObjectType },
          computed: true,
          description:
            'The matching profiles, ordered by id, each with `id`, `name`, `provider_name`, `client_id`, ' +
            '`user_id`, `shared_accounts_count`, `oem_customers_count`, `created_at` and `updated_at`.',
        },
      },
    },
  },
  read,
};
