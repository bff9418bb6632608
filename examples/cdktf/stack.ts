// The example app's stack: Custom OAuth profiles for HubSpot and Slack. Every secret comes from a
// sensitive variable (TF_VAR_…); the provider finds Workato through the environment.
import { Fn, TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
// In your own app: import { … } from 'cdktf-provider-workato';
import { CustomOAuthProfile, WorkatoProvider, dataWorkatoCustomOauthProfile, dataWorkatoCustomOauthProfiles } from '../../src/cdktf';

export class WorkatoOAuthProfilesStack extends TerraformStack {
  public constructor(scope: Construct, id: string) {
    super(scope, id);

    // api_token and base_url stay out of the code: the provider reads WORKATO_API_TOKEN and
    // WORKATO_BASE_URL (the emulator's URL in the demo), so one synthesized app serves every workspace.
    const requestsPerMinute = new TerraformVariable(this, 'workato_requests_per_minute', {
      type: 'number',
      default: 60,
      description: 'Client-side pacing of Workato API requests.',
    });
    new WorkatoProvider(this, 'workato', { requestsPerMinute: requestsPerMinute.numberValue });

    // HubSpot: the client secret is kept in state (sensitive); any Terraform version.
    const hubspotClientSecret = new TerraformVariable(this, 'hubspot_client_secret', {
      type: 'string',
      sensitive: true,
      description: 'The HubSpot app\'s client secret (TF_VAR_hubspot_client_secret).',
    });
    const hubspot = new CustomOAuthProfile(this, 'hubspot', {
      name: 'HubSpot (production)',
      providerName: 'hubspot',
      clientId: '5b1e0c2a-6f7d-4e4b-9a51-3c2f0d8e7a10',
      clientSecret: hubspotClientSecret.stringValue,
    });

    // Slack: write-only secrets (Terraform >= 1.11) are never stored in state; raising
    // slack_credentials_version sends both again, e.g. after a rotation.
    const slackClientSecret = new TerraformVariable(this, 'slack_client_secret', {
      type: 'string',
      sensitive: true,
      description: 'The Slack app\'s client secret (TF_VAR_slack_client_secret).',
    });
    const slackToken = new TerraformVariable(this, 'slack_token', {
      type: 'string',
      sensitive: true,
      description: 'The Slack app\'s token (TF_VAR_slack_token).',
    });
    const slackCredentialsVersion = new TerraformVariable(this, 'slack_credentials_version', {
      type: 'number',
      default: 1,
      description: 'Raise it to send the Slack client secret and token to Workato again.',
    });
    const slack = new CustomOAuthProfile(this, 'slack', {
      name: 'Slack (support bot)',
      providerName: 'slack',
      clientId: '2141029472.691202649728',
      clientSecretWriteOnly: slackClientSecret.stringValue,
      clientSecretWriteOnlyVersion: slackCredentialsVersion.numberValue,
      tokenWriteOnly: slackToken.stringValue,
      tokenWriteOnlyVersion: slackCredentialsVersion.numberValue,
    });

    // The data sources read back what Workato holds: one profile by id, and every profile.
    const hubspotInWorkato = new dataWorkatoCustomOauthProfile.DataWorkatoCustomOauthProfile(this, 'hubspot_in_workato', {
      id: hubspot.profileId,
    });
    const allProfiles = new dataWorkatoCustomOauthProfiles.DataWorkatoCustomOauthProfiles(this, 'all_profiles', {
      dependsOn: [hubspot.resource, slack.resource],
    });

    new TerraformOutput(this, 'hubspot_profile_id', { value: hubspot.profileId });
    new TerraformOutput(this, 'slack_profile_id', { value: slack.profileId });
    new TerraformOutput(this, 'hubspot_shared_accounts_count', { value: hubspotInWorkato.sharedAccountsCount });
    new TerraformOutput(this, 'profile_count', { value: Fn.lengthOf(allProfiles.profiles) });
  }
}
