// A user's own CDKTF app on the packed package, installed with cdktf, constructs and cdktf-cli
// only (no cdktn): see packed-app-cases.ts.
import { describePackedApp } from './packed-app-cases';

describe("a user's own cdktf app on the packed package", () => {
  describePackedApp({
    library: 'cdktf',
    entry: 'cdktf-provider-workato',
    packages: ['cdktf@0.21.0', 'constructs@10.7.2'],
    absent: ['cdktn', 'cdktn-cli'],
  });
});
