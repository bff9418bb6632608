// The Workato provider's Terraform semantics: configuration, the resource, the data sources, the list resource.
export { workatoProvider, providerSchema } from './provider';
export type { WorkatoProviderData } from './provider';
export {
  customOAuthProfileIdentity,
  customOAuthProfileResource,
  customOAuthProfileSchema,
  profileState,
  validateProfileConfig,
} from './custom-oauth-profile-resource';
export { customOAuthProfileListResource, customOAuthProfileListSchema } from './custom-oauth-profile-list-resource';
export { customOAuthProfileDataSource } from './custom-oauth-profile-data-source';
export { customOAuthProfilesDataSource } from './custom-oauth-profiles-data-source';
export { PROVIDER_VERSION } from './version';
export { didYouMean, isProviderName, PROVIDER_NAME_EXAMPLES, PROVIDER_NAME_PATTERN, suggestProviderName } from './provider-name';
