// The local Workato custom OAuth profile API emulator: startEmulator and its types. Behaviour
// where Workato's documentation is silent is described in README.md beside this file.

export { startEmulator, MAX_BODY_BYTES, MAX_PER_PAGE } from './server';
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
} from './types';
