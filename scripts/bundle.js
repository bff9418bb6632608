// Bundles a provider entry point into one executable Node.js file (esbuild) and installs it in a
// Terraform plugin directory. Used by scripts/build.js and by the plugin layer's acceptance test.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { withCodeCache } = require('./code-cache');

/** Every platform the Node.js bundle serves (one script runs anywhere Node does). */
const PLATFORMS = ['linux_amd64', 'linux_arm64', 'darwin_amd64', 'darwin_arm64'];

/**
 * Dead weight that a provider process never runs, left out of every bundle: each module here is
 * replaced by a stub that throws if it is ever called, so that a bundle is smaller to load and
 * compile at every start (Terraform starts a provider 3 to 5 times per command).
 * - `form-data`: axios's multipart bodies (with mime-types and its 130 KiB mime-db): the Workato
 *   client sends JSON only;
 * - `@grpc/proto-loader`: grpc-js loads .proto files with it (and protobufjs's parser) only for its
 *   channelz and ORCA services, which a plugin never registers.
 */
const STUBS = {
  'form-data': 'multipart/form-data bodies (axios FormData)',
  '@grpc/proto-loader': "grpc-js's channelz and ORCA services",
};

/**
 * Source edits of dependencies, each checked: a file whose text no longer matches fails the build
 * with a message to review the edit (after a dependency update), rather than silently keeping the
 * cost. `file` ends the resolved path; each `find` must occur exactly once.
 * axios, at load, touches Node's fetch API twice; in Node each wakes undici (Node's fetch, about
 * 20 ms of the provider's first API call, in every planning process):
 * - `getFetch();`, a cache warm-up of its fetch adapter. Node uses the http adapter; the fetch
 *   adapter, if it is ever asked for, still probes on first use;
 * - `FormDataCtor`, the global FormData, for an `instanceof` in `isFormData`; without it a native
 *   FormData is still recognized by its `[object FormData]` tag, by the check that follows.
 */
const EDITS = [
  {
    file: '/axios/dist/node/axios.cjs',
    edits: [
      { find: '\ngetFetch();\n', replace: '\n' },
      { find: "const FormDataCtor = typeof G.FormData !== 'undefined' ? G.FormData : undefined;", replace: 'const FormDataCtor = undefined;' },
    ],
  },
];

const trimPlugin = {
  name: 'workato-trim',
  setup(build) {
    const names = Object.keys(STUBS);
    const filter = new RegExp(`^(${names.map((n) => n.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$`);
    build.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'workato-stub' }));
    build.onLoad({ filter: /.*/, namespace: 'workato-stub' }, (args) => ({
      loader: 'js',
      contents:
        `module.exports = function unavailable() {\n` +
        `  throw new Error(${JSON.stringify(`${args.path} (${STUBS[args.path]}) is not part of this bundle`)});\n` +
        `};\n`,
    }));
    for (const { file, edits } of EDITS) {
      const escaped = file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      build.onLoad({ filter: new RegExp(`${escaped}$`) }, async (args) => {
        let text = await fs.promises.readFile(args.path, 'utf8');
        for (const { find, replace } of edits) {
          const at = text.indexOf(find);
          if (at < 0 || text.indexOf(find, at + 1) >= 0) {
            throw new Error(`scripts/bundle.js: ${file} no longer contains ${JSON.stringify(find)} exactly once; review its EDITS`);
          }
          text = text.slice(0, at) + replace + text.slice(at + find.length);
        }
        return { contents: text, loader: 'js' };
      });
    }
  },
};

/**
 * Bundles `entry` (TypeScript or JavaScript) into `outfile`: CommonJS for Node 20, minified, no
 * source map, a `#!/usr/bin/env node` first line, mode 755; without the STUBS and with the EDITS.
 * `minify: false` keeps names readable, for a CPU profile (see CONTRIBUTING.md). `codeCache: true`
 * wraps the code in the V8 code-cache loader of scripts/code-cache.js (the provider's own bundle).
 * @param {{ entry: string, outfile: string, minify?: boolean, codeCache?: boolean }} options
 */
async function bundleProvider({ entry, outfile, minify = true, codeCache = false }) {
  const esbuild = require('esbuild');
  fs.mkdirSync(path.dirname(outfile), { recursive: true });
  await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
    // protobufjs probes for optional modules with a guarded eval("require"); harmless here.
    logOverride: { 'direct-eval': 'silent' },
    plugins: [trimPlugin],
  });
  // esbuild keeps an entry point's own #! line; add one only where the entry has none.
  const code = fs.readFileSync(outfile, 'utf8');
  if (codeCache) fs.writeFileSync(outfile, withCodeCache(code.replace(/^#![^\n]*\n/, '')));
  else if (!code.startsWith('#!')) fs.writeFileSync(outfile, `#!/usr/bin/env node\n${code}`);
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

module.exports = { bundleProvider, installPlugin, PLATFORMS, STUBS };
