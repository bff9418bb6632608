// Imported first by `cdktf-provider-workato/cdktn`: a clear error when cdktn is missing (see
// src/cdktf/library-check.ts).
import { requireLibrary } from '../cdktf/library-check';

requireLibrary('cdktn');
