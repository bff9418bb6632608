// The entry of the npm package `cdktf-provider-workato`: the CDKTF bindings generated from the
// provider's schema, namespaced as in prebuilt provider packages (`provider`, `customOauthProfile`,
// …), WorkatoProvider, and the hand-written CustomOAuthProfile construct. For CDK Terrain (cdktn),
// `cdktn-provider-workato` (src/cdktn) exports the same names.
import './needs-cdktf'; // first: a clear error when cdktf is not installed
export * from '../generated';
export { WorkatoProvider } from '../generated/provider';
export type { WorkatoProviderConfig } from '../generated/provider';
export { CustomOAuthProfile } from './custom-oauth-profile';
export type { CustomOAuthProfileProps } from './custom-oauth-profile';
export type { CustomOAuthProfileCommonProps } from './custom-oauth-profile-base';
