// Builds the bench's Node.js floor (scripts/bench/echo-provider.js) for one run: the real
// provider's schema is asked of the real provider itself (`terraform providers schema -json` in a
// scratch directory), written into the echo provider's entry module, and the entry bundled with the
// provider's own esbuild settings into a plugin directory of its own, as
// registry.terraform.io/workato-iac/workato/<version>/<os_arch>/terraform-provider-workato_v<version>,
// so that the same configuration and state plan against either.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { bundleProvider, installPlugin } = require('../bundle');
const { makeEchoEntry } = require('./echo-provider');
const { run, tail } = require('./proc');

const SOURCE = 'registry.terraform.io/workato-iac/workato';
const GOARCH = { x64: 'amd64', arm64: 'arm64' };

/**
 * @param {{ pluginDir: string, workDir: string, version: string, env: object }} o
 *   pluginDir: where the real provider is; env: the environment to run terraform with.
 * @returns {Promise<{ pluginDir: string, exe: string, bytes: number, attributes: number }>}
 */
async function buildFloor({ pluginDir, workDir, version, env }) {
  const dir = path.join(workDir, 'floor');
  const scratch = path.join(dir, 'schema');
  fs.mkdirSync(scratch, { recursive: true });
  fs.writeFileSync(path.join(scratch, 'main.tf'), 'terraform {\n  required_providers {\n    workato = {\n      source = "workato-iac/workato"\n    }\n  }\n}\n');
  const tf = async (args) => {
    const r = await run('terraform', args, { cwd: scratch, env, timeoutMs: 60_000 });
    if (r.code !== 0) throw new Error(`terraform ${args.join(' ')} exited ${r.code}\n${tail(r.stdout + r.stderr)}`);
    return r;
  };
  await tf(['init', '-no-color', '-input=false', `-plugin-dir=${pluginDir}`]);
  const schemas = JSON.parse((await tf(['providers', 'schema', '-json'])).stdout).provider_schemas;
  const schema = schemas[SOURCE];
  if (!schema || !schema.resource_schemas || !schema.resource_schemas.workato_custom_oauth_profile) {
    throw new Error(`terraform providers schema -json gave no workato_custom_oauth_profile for ${SOURCE}`);
  }

  const entry = path.join(dir, 'echo-main.js');
  fs.writeFileSync(entry, makeEchoEntry(schema));
  const bundle = path.join(dir, 'echo-bundle.js');
  await bundleProvider({ entry, outfile: bundle });
  const floorPluginDir = path.join(dir, 'plugins');
  const platform = `${process.platform}_${GOARCH[process.arch] ?? process.arch}`;
  const [exe] = installPlugin({ bundle, pluginDir: floorPluginDir, namespace: 'workato-iac', type: 'workato', version, platforms: [platform] });
  const attributes = Object.keys(schema.resource_schemas.workato_custom_oauth_profile.block.attributes).length;
  return { pluginDir: floorPluginDir, exe, bytes: fs.statSync(exe).size, attributes };
}

module.exports = { buildFloor };
