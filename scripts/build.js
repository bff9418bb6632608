// `npm run build`: warns when the committed protocol module is stale (`npm run protocol` remakes
// it; the protocol test fails meanwhile), compiles src/ to lib/
// with tsc and, at the same time, bundles the provider executable into the Terraform plugin
// directory under dist/ (esbuild reads src/ itself, so neither waits for the other).
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { isProtocolCurrent, outDir: protocolDir } = require('./protocol');
const { bundleProvider, installPlugin } = require('./bundle');

const root = path.resolve(__dirname, '..');
const pkg = require('../package.json');
const PROVIDER_ENTRY = path.join(root, 'src/cli/terraform-provider-workato.ts');
const PLUGIN_DIR = path.join(root, 'dist/terraform-providers');

async function timed(name, fn) {
  const started = Date.now();
  const result = await fn();
  process.stderr.write(`build: ${name} (${Date.now() - started} ms)\n`);
  return result;
}

function tsc() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', root], { stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`tsc exited with ${code}`))));
  }).then(() => {
    // tsc does not copy the generated JavaScript module and its declarations.
    const target = path.join(root, 'lib/plugin/protocol/generated');
    fs.mkdirSync(target, { recursive: true });
    for (const f of ['protocol.js', 'protocol.d.ts']) fs.copyFileSync(path.join(protocolDir, f), path.join(target, f));
  });
}

async function bundle() {
  if (!fs.existsSync(PROVIDER_ENTRY)) {
    process.stderr.write(`build: WARNING: ${path.relative(root, PROVIDER_ENTRY)} does not exist yet; the provider executable was not bundled\n`);
    return;
  }
  const bundleFile = path.join(root, 'dist/terraform-provider-workato.js');
  await bundleProvider({ entry: PROVIDER_ENTRY, outfile: bundleFile, codeCache: true });
  // One bundle serves every platform; old versions go so that -plugin-dir offers only this one.
  fs.rmSync(path.join(PLUGIN_DIR, 'registry.terraform.io/workato-iac/workato'), { recursive: true, force: true });
  installPlugin({ bundle: bundleFile, pluginDir: PLUGIN_DIR, namespace: 'workato-iac', type: 'workato', version: pkg.version });
  fs.rmSync(bundleFile);
}

async function main() {
  // Never regenerated here: the protocol test must see the committed module, stale or not.
  if (!isProtocolCurrent()) {
    process.stderr.write('build: WARNING: src/plugin/protocol/generated is stale for its .proto files: run `npm run protocol` and commit the result\n');
  }
  await Promise.all([timed('tsc', tsc), timed('bundle', bundle)]);
}

main().catch((e) => {
  process.stderr.write(`build failed: ${e && e.message ? e.message : e}\n`);
  process.exit(1);
});
