// The Workato provider's Terraform semantics: configuration, the resource, the data sources.
export { workatoProvider, providerSchema } from './provider';
export type { WorkatoProviderData } from './provider';
export { customOAuthProfileResource, customOAuthProfileSchema, validateProfileConfig } from './custom-oauth-profile-resource';
export { customOAuthProfileDataSource } from './custom-oauth-profile-data-source';
export { customOAuthProfilesDataSource } from './custom-oauth-profiles-data-source';
export { PROVIDER_VERSION } from './version';
export { didYouMean, isProviderName, PROVIDER_NAME_EXAMPLES, PROVIDER_NAME_PATTERN, suggestProviderName } from './provider-name';
