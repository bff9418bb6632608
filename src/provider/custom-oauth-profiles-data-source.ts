// The `workato_custom_oauth_profiles` data source: every profile (all pages), optionally filtered
// by exact name and provider_name.
import {
  DataSource,
  DataSourceReadRequest,
  DataSourceReadResponse,
  defineSchema,
  getModel,
  ModelOf,
  TfType,
} from '../plugin/framework';
import { addApiError } from './api-diagnostics';
import { profileAttributes, profileToAttributes } from './profile';
import type { WorkatoProviderData } from './provider';
import { known } from './values';

const profileAttrs = profileAttributes({
  id: 'computed',
  name: 'computed',
  provider_name: 'computed',
  client_id: 'computed',
});
const profileObjectType = {
  object: Object.fromEntries(Object.entries(profileAttrs).map(([name, a]) => [name, a.type])) as {
    [K in keyof typeof profileAttrs]: (typeof profileAttrs)[K]['type'];
  },
} satisfies TfType;

export const customOAuthProfilesDataSourceSchema = defineSchema({
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
});

type ProfilesDataSourceModel = ModelOf<typeof customOAuthProfilesDataSourceSchema>;

async function read(req: DataSourceReadRequest<WorkatoProviderData>, resp: DataSourceReadResponse): Promise<void> {
  const config = getModel(customOAuthProfilesDataSourceSchema, req.config, resp.diagnostics, 'configuration');
  if (resp.diagnostics.hasErrors()) return;
  const name = known(config.name);
  const providerName = known(config.provider_name);
  try {
    const all = await req.providerData.client.readAllProfiles({ signal: req.signal });
    const profiles = all
      .filter((p) => (name === null || p.name === name) && (providerName === null || p.provider === providerName))
      .sort((a, b) => a.id - b.id)
      .map(profileToAttributes);
    const state: ProfilesDataSourceModel = { name, provider_name: providerName, profiles };
    resp.state = state;
  } catch (e) {
    addApiError(resp.diagnostics, 'Could not list custom OAuth profiles', e);
  }
}

export const customOAuthProfilesDataSource: DataSource<WorkatoProviderData> = {
  typeName: 'workato_custom_oauth_profiles',
  schema: customOAuthProfilesDataSourceSchema,
  read,
};
