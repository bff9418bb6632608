// The package entry: the CDKTF bindings generated from the provider's schema, namespaced as in
// prebuilt provider packages (`provider`, `customOauthProfile`, …), and the hand-written constructs.
// For CDK Terrain (cdktn), `cdktf-provider-workato/cdktn` (src/cdktn) exports the same names.
import './cdktf/needs-cdktf'; // first: a clear error when cdktf is not installed
export * from './generated';
export { WorkatoProvider } from './generated/provider';
export type { WorkatoProviderConfig } from './generated/provider';
export * from './cdktf';
