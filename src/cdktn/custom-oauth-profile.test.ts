// CustomOAuthProfile under cdktn (CDK Terrain): the same cases as under cdktf
// (src/cdktf/custom-oauth-profile.test-helpers.ts), with cdktn, its bindings and the cdktn entry point.
import type * as cdktf from 'cdktf';
import * as cdktn from 'cdktn';
import { describeCustomOAuthProfile, Flavour } from '../cdktf/custom-oauth-profile.test-helpers';
import { CustomOAuthProfile, customOauthProfile, dataWorkatoCustomOauthProfile, WorkatoProvider } from '.';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { version } = require('../../package.json') as { version: string };

// The cases are typed with cdktf's declarations; cdktn's classes are the same API under other names.
describeCustomOAuthProfile({
  library: 'cdktn',
  cdk: cdktn as unknown as typeof cdktf,
  generated: {
    CustomOauthProfile: customOauthProfile.CustomOauthProfile,
    DataWorkatoCustomOauthProfile: dataWorkatoCustomOauthProfile.DataWorkatoCustomOauthProfile,
    WorkatoProvider,
  } as unknown as Flavour['generated'],
  CustomOAuthProfile: CustomOAuthProfile as unknown as Flavour['CustomOAuthProfile'],
  context: { targetVersions: { terraform: '>=1.11.0' } },
  providerVersion: version,
});
