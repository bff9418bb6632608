// Acceptance-test harness: workspaces (a Terraform directory, the built provider, a fresh
// emulator), test cases as lists of steps in the manner of terraform-plugin-testing, and the HCL
// the tests share.

export * from './workspace';
export * from './steps';
export * from './hcl';
