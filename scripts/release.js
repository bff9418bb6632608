// `npm run release` (after `npm run build`): writes release/<version>/ as DESIGN "Releases" lists:
// standalone executables for every platform, zipped, with SHA256SUMS, its GPG signature, the
// manifest and the public key. RELEASE_GPG_KEY names the signing key in your keyring.
'use strict';

const path = require('node:path');
const fs = require('node:fs');
const { writeRelease } = require('./release/files');
const { NODE_VERSION, cacheDir } = require('./release/standalone');

const root = path.resolve(__dirname, '..');
const { version } = require('../package.json');

async function main() {
  const bundleFile = path.join(root, 'dist/terraform-providers/registry.terraform.io/workato-iac/workato', version, 'linux_amd64', `terraform-provider-workato_v${version}`);
  if (!fs.existsSync(bundleFile)) throw new Error(`${path.relative(root, bundleFile)} is missing: run \`npm run build\` first (\`npm run release\` does).`);
  const outDir = path.join(root, 'release', version);
  const log = (m) => process.stderr.write(`release: ${m}\n`);
  log(`standalone executables embed Node.js ${NODE_VERSION}; downloads and builds are cached in ${cacheDir()}`);
  const { files } = await writeRelease({ bundleFile, version, outDir, log });
  for (const f of files) {
    const size = fs.statSync(path.join(outDir, f)).size;
    process.stdout.write(`${path.join(path.relative(root, outDir), f)}  ${size >= 1e6 ? `${(size / 1e6).toFixed(1)} MB` : `${size} bytes`}\n`);
  }
}

main().catch((e) => {
  process.stderr.write(`release failed: ${e && e.message ? e.message : e}\n`);
  process.exit(1);
});
