// Imported first by the entry of `cdktf-provider-workato`: a clear error when cdktf is missing (see library-check.ts).
import { requireLibrary } from './library-check';

requireLibrary('cdktf');
