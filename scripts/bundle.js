// Bundles a provider entry point into one executable Node.js file (esbuild) and installs it in a
// Terraform plugin directory. Used by scripts/build.js and by the plugin layer's acceptance test.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

/** Every platform the Node.js bundle serves (one script runs anywhere Node does). */
const PLATFORMS = ['linux_amd64', 'linux_arm64', 'darwin_amd64', 'darwin_arm64'];

/**
 * Bundles `entry` (TypeScript or JavaScript) into `outfile`: CommonJS for Node 20, minified, no
 * source map, a `#!/usr/bin/env node` first line, mode 755.
 * @param {{ entry: string, outfile: string }} options
 */
async function bundleProvider({ entry, outfile }) {
  const esbuild = require('esbuild');
  fs.mkdirSync(path.dirname(outfile), { recursive: true });
  await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
    // protobufjs probes for optional modules with a guarded eval("require"); harmless here.
    logOverride: { 'direct-eval': 'silent' },
  });
  // esbuild keeps an entry point's own #! line; add one only where the entry has none.
  const code = fs.readFileSync(outfile, 'utf8');
  if (!code.startsWith('#!')) fs.writeFileSync(outfile, `#!/usr/bin/env node\n${code}`);
  fs.chmodSync(outfile, 0o755);
}

/**
 * Copies a bundled provider into `<pluginDir>/<host>/<namespace>/<type>/<version>/<os_arch>/` as
 * `terraform-provider-<type>_v<version>` for each platform; returns the paths written.
 * @param {{ bundle: string, pluginDir: string, host?: string, namespace: string, type: string, version: string, platforms?: string[] }} options
 */
function installPlugin({ bundle, pluginDir, host = 'registry.terraform.io', namespace, type, version, platforms = PLATFORMS }) {
  const written = [];
  for (const platform of platforms) {
    const dir = path.join(pluginDir, host, namespace, type, version, platform);
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `terraform-provider-${type}_v${version}`);
    fs.copyFileSync(bundle, file);
    fs.chmodSync(file, 0o755);
    written.push(file);
  }
  return written;
}

module.exports = { bundleProvider, installPlugin, PLATFORMS };
