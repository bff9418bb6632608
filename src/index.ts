// The package entry: the CDKTF bindings generated from the provider's schema, namespaced as in
// prebuilt provider packages (`provider`, `customOauthProfile`, …), and the hand-written constructs.
export * from './generated';
export { WorkatoProvider } from './generated/provider';
export type { WorkatoProviderConfig } from './generated/provider';
export * from './cdktf';
