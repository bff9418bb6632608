// Imported first by the entry of `cdktn-provider-workato`: a clear error when cdktn is missing (see
// src/cdktf/library-check.ts).
import { requireLibrary } from '../cdktf/library-check';

requireLibrary('cdktn');
