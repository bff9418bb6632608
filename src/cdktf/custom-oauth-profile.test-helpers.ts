// CustomOAuthProfile: props → resource attributes, the synth-time rules, and secrets kept out of
// cdktf.out. The same cases run under cdktf (custom-oauth-profile.test.ts here) and cdktn
// (src/cdktn/custom-oauth-profile.test.ts), each with its own library, bindings and entry point.
// They are typed with cdktf's declarations: cdktn has the same API. The groups of cases:
//   custom-oauth-profile-construct.test-helpers.ts    props → attributes, wrong types, ids
//   custom-oauth-profile-secrets.test-helpers.ts      literal secrets, secrets inside tokens, references
//   validate-custom-oauth-profile-props.test-helpers.ts   the validation functions themselves
// and the fixture they share, custom-oauth-profile-fixture.test-helpers.ts.
import { describeConstruct } from './custom-oauth-profile-construct.test-helpers';
import { fixture, type Flavour } from './custom-oauth-profile-fixture.test-helpers';
import { describeSecrets } from './custom-oauth-profile-secrets.test-helpers';
import { describeValidation } from './validate-custom-oauth-profile-props.test-helpers';

export type { Flavour } from './custom-oauth-profile-fixture.test-helpers';

/** Every CustomOAuthProfile case, for one library. */
export function describeCustomOAuthProfile(flavour: Flavour): void {
  const fx = fixture(flavour);
  describeConstruct(fx);
  describeSecrets(fx);
  describeValidation(fx);
}
