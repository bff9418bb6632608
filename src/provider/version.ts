// The provider's version is the package's version (package.json is the single source).
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const PROVIDER_VERSION: string = require('../../package.json').version;
