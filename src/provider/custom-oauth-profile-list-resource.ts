// The `workato_custom_oauth_profile` list resource (`terraform query`, Terraform ≥ 1.14): the
// workspace's profiles, optionally filtered by exact name and provider_name, streamed page by page
// as Terraform reads them (one request per 100 profiles, through the client's paging, pacing and
// retries; no page after Terraform has all it asked for). Each result carries the identity, a
// display name and, when asked, the resource object, whose secrets are null: Workato never
// returns them.
import type { Profile } from '../client/client';
import {
  defineSchema,
  getModel,
  ListRequest,
  ListResource,
  ListResponse,
  ListResult,
  ModelOf,
  ValidateConfigRequest,
  ValidateConfigResponse,
} from '../plugin/framework';
import { addApiError } from './api-diagnostics';
import { profileState } from './custom-oauth-profile-resource';
import { didYouMean, isProviderName, PROVIDER_NAME_EXAMPLES, suggestProviderName } from './provider-name';
import type { WorkatoProviderData } from './provider';
import { known } from './values';

export const customOAuthProfileListSchema = defineSchema({
  version: 0,
  block: {
    description:
      'Finds the Workato custom OAuth profiles of the workspace for `terraform query` (Terraform 1.14 or later), ' +
      'optionally filtered by name and app. Each result is a `workato_custom_oauth_profile` with its identity; ' +
      'its secret and token are null, as Workato never returns them.',
    attributes: {
      name: { type: 'string', optional: true, description: 'Only profiles with exactly this name.' },
      provider_name: {
        type: 'string',
        optional: true,
        description: 'Only profiles of exactly this app (`hubspot`, `slack`, …), as the resource\'s `provider_name`.',
      },
    },
  },
});

type ProfileListModel = ModelOf<typeof customOAuthProfileListSchema>;

function validate(req: ValidateConfigRequest, resp: ValidateConfigResponse): void {
  const config = getModel(customOAuthProfileListSchema, req.config, resp.diagnostics, 'configuration');
  if (resp.diagnostics.hasErrors()) return;
  for (const name of ['name', 'provider_name'] as const) {
    const v = known(config[name]);
    if (v !== null && v.trim() === '') {
      resp.diagnostics.addError(
        `Empty ${name}`,
        `${name} filters by exact match, and no profile has an empty ${name}; leave it out to list profiles of any ${name === 'name' ? 'name' : 'app'}.`,
        [name],
      );
    }
  }
  // A filter no profile can match would list nothing without saying why.
  const providerName = known(config.provider_name);
  if (providerName !== null && providerName.trim() !== '' && !isProviderName(providerName)) {
    const suggestion = suggestProviderName(providerName);
    resp.diagnostics.addError(
      'Invalid provider_name',
      `provider_name is Workato's identifier of the app, in lower case letters, digits and underscores ` +
        `(e.g. ${PROVIDER_NAME_EXAMPLES}); got "${providerName}"${suggestion ? `. ${didYouMean(suggestion)}` : '.'}`,
      ['provider_name'],
    );
  }
}

/** How a profile is shown in `terraform query`'s output. */
export function displayName(profile: Profile): string {
  return `${profile.name} (${profile.provider}, id ${profile.id})`;
}

async function* list(req: ListRequest<WorkatoProviderData>, resp: ListResponse): AsyncGenerator<ListResult, void, undefined> {
  const config: ProfileListModel = getModel(customOAuthProfileListSchema, req.config, resp.diagnostics, 'configuration');
  if (resp.diagnostics.hasErrors()) return;
  const name = known(config.name);
  const providerName = known(config.provider_name);
  try {
    // One page per pull: when Terraform has what it asked for, the framework stops pulling, and
    // the next page is never requested.
    for await (const page of req.providerData.client.profilePages({ signal: req.signal })) {
      for (const profile of page) {
        if ((name !== null && profile.name !== name) || (providerName !== null && profile.provider !== providerName)) continue;
        yield {
          identity: { id: profile.id },
          displayName: displayName(profile),
          resourceObject: req.includeResourceObject ? profileState(profile) : null,
        };
      }
    }
  } catch (e) {
    addApiError(resp.diagnostics, 'Could not list custom OAuth profiles', e);
  }
}

export const customOAuthProfileListResource: ListResource<WorkatoProviderData> = {
  typeName: 'workato_custom_oauth_profile',
  schema: customOAuthProfileListSchema,
  validate,
  list,
};
