// The hand-written CDKTF constructs of the package.
export { CustomOAuthProfile } from './custom-oauth-profile';
export type { CustomOAuthProfileProps } from './custom-oauth-profile';
export type { CustomOAuthProfileCommonProps } from './custom-oauth-profile-base';
