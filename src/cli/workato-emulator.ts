#!/usr/bin/env node
// The workato-emulator executable (package.json "bin"). The command's logic and its tests live in
// src/emulator/cli.ts; this file only runs it.

import { main } from '../emulator/cli';

main().catch((error: unknown) => {
  process.stderr.write(`workato-emulator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
