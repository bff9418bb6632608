// A user's own CDK Terrain (cdktn) app on the packed package, installed with cdktn and constructs
// only (no cdktf): see packed-app-cases.ts.
import { describePackedApp } from './packed-app-cases';

describe("a user's own cdktn app on the packed package", () => {
  describePackedApp({
    library: 'cdktn',
    entry: 'cdktf-provider-workato/cdktn',
    packages: ['cdktn@0.24.0', 'constructs@10.7.2'],
    absent: ['cdktf', 'cdktf-cli'],
  });
});
