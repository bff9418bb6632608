// CustomOAuthProfile for CDKTF apps: the construct of custom-oauth-profile-base.ts, bound to cdktf
// and to the bindings generated for it (src/generated/).
import * as cdktf from 'cdktf';
import { Construct } from 'constructs';
import { CustomOauthProfile } from '../generated/custom-oauth-profile';
import { CustomOAuthProfileBase, CustomOAuthProfileBinding, CustomOAuthProfileCommonProps } from './custom-oauth-profile-base';

/**
 * Properties of a {@link CustomOAuthProfile}.
 *
 * Secrets (`clientSecret`, `token` and their write-only variants) must be references that Terraform
 * resolves, such as a sensitive `TerraformVariable`'s `stringValue`: a literal would be written in
 * plain text into `cdktf.out`. See {@link CustomOAuthProfileCommonProps} for each property.
 */
export interface CustomOAuthProfileProps extends CustomOAuthProfileCommonProps {
  /**
   * The `workato` provider to manage the profile with, when the stack configures more than one
   * (e.g. with an `alias` per Workato workspace).
   *
   * @default - the stack's default `workato` provider
   */
  readonly provider?: cdktf.TerraformProvider;
}

const binding: CustomOAuthProfileBinding<CustomOauthProfile, cdktf.TerraformProvider> = { cdk: cdktf, Resource: CustomOauthProfile };

/**
 * A Workato Custom OAuth profile (`workato_custom_oauth_profile`) in a CDKTF app. A literal secret
 * is refused (it would be written into cdktf.out); the provider's rules are checked at synth.
 *
 * @example
 * const secret = new TerraformVariable(this, 'hubspot_client_secret', { type: 'string', sensitive: true });
 * new CustomOAuthProfile(this, 'hubspot', {
 *   name: 'HubSpot', providerName: 'hubspot', clientId: '7f3c…', clientSecret: secret.stringValue,
 * });
 */
export class CustomOAuthProfile extends CustomOAuthProfileBase<CustomOauthProfile, cdktf.TerraformProvider> {
  public constructor(scope: Construct, id: string, props: CustomOAuthProfileProps) {
    super(scope, id, props, binding);
  }
}
