#!/usr/bin/env node
// The provider executable Terraform starts: serves the Workato provider over plugin protocol v6.
import { serve } from '../plugin/server';
import { warmUp } from '../plugin/warm-up';
import { workatoProvider } from '../provider';

const main = (): void => void serve(workatoProvider());

// The standalone executable of the machine that builds a release is a V8 start-up snapshot
// (scripts/release/snapshot.js): there this module runs at build time, with every module above
// loaded, and hands `main` over instead of serving; `main` then runs after restore, where it reads
// Terraform's environment, makes the certificate and binds the port; the warm-up runs before the
// snapshot is taken, so that it holds a plan's per-call code compiled. Everywhere else: serve now.
const snapshotBuilder = (globalThis as Record<symbol, ((fn: () => void, warm: () => Promise<void>) => void) | undefined>)[
  Symbol.for('terraform-provider-workato.snapshot')
];
if (snapshotBuilder) snapshotBuilder(main, () => warmUp(workatoProvider()));
else main();
