// Imported first by the package root: a clear error when cdktf is missing (see library-check.ts).
import { requireLibrary } from './library-check';

requireLibrary('cdktf');
