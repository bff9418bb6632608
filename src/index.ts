// The entry of the npm package `terraform-provider-workato`: where its Terraform plugin directory
// is, and the local Workato API emulator for tests (`startEmulator`). The package's commands are
// its bins: terraform-provider-workato, workato-emulator, workato-drift and workato-import.
import { join } from 'node:path';

export { startEmulator, MAX_PER_PAGE } from './emulator';
export type {
  Emulator,
  EmulatorOptions,
  Fault,
  FaultCommon,
  FaultMatch,
  ModifyPatch,
  PublicProfile,
  ReceivedRequest,
  SeedInput,
  StoredProfile,
} from './emulator';

/**
 * The package's Terraform plugin directory, for `terraform init -plugin-dir=…` or a
 * `filesystem_mirror`: `<package>/dist/terraform-providers`, which holds
 * `registry.terraform.io/workato-iac/workato/<version>/<os>_<arch>/terraform-provider-workato_v<version>`.
 */
export const pluginDir: string = join(__dirname, '..', 'dist', 'terraform-providers');
