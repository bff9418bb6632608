// CustomOAuthProfile under cdktf: the cases of custom-oauth-profile.test-helpers.ts.
import * as cdktf from 'cdktf';
import { CustomOauthProfile } from '../generated/custom-oauth-profile';
import { DataWorkatoCustomOauthProfile } from '../generated/data-workato-custom-oauth-profile';
import { WorkatoProvider } from '../generated/provider';
import { describeCustomOAuthProfile } from './custom-oauth-profile.test-helpers';
import { CustomOAuthProfile } from './custom-oauth-profile';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { version } = require('../../package.json') as { version: string };

describeCustomOAuthProfile({
  library: 'cdktf',
  cdk: cdktf,
  generated: { CustomOauthProfile, DataWorkatoCustomOauthProfile, WorkatoProvider },
  CustomOAuthProfile,
  context: {},
  providerVersion: version,
});
