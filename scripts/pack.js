// `npm run pack` (after `npm run build`): the three npm packages of DESIGN.md "Packages", all of the
// repository's version, as `dist/packages/<package>-<version>.tgz`.
//
// Each package is staged in `dist/packages/stage/<package>/` from its folder under `packages/`
// (package.json and README.md) and the build:
// - terraform-provider-workato: the plugin directory `dist/terraform-providers`, its commands
//   bundled into `bin/` (esbuild; the package has no dependencies at all), and `lib/index.js`
//   (`pluginDir`, `startEmulator`) with what it requires;
// - cdktf-provider-workato, cdktn-provider-workato: their entry under lib/ and every compiled file
//   it requires or its declarations import, nothing else.
// Every package import of what is staged must be a dependency or peer of that package: a CDK
// package that reached into the other library, or into axios, fails here, not on a user's machine.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { builtinModules } = require('node:module');
const { spawnSync } = require('node:child_process');
const { bundleProvider } = require('./bundle');

const root = path.resolve(__dirname, '..');
const version = require('../package.json').version;

const PROVIDER = 'terraform-provider-workato';

/** The packages: their lib/ entry (compiled) and, for the provider's, the commands it bundles. */
const PACKAGES = [
  {
    name: PROVIDER,
    entries: ['lib/index.js'],
    bins: {
      'terraform-provider-workato': 'src/cli/terraform-provider-workato.ts',
      'workato-emulator': 'src/cli/workato-emulator.ts',
      'workato-drift': 'src/cli/workato-drift.ts',
      'workato-import': 'src/cli/workato-import.ts',
    },
    copy: ['dist/terraform-providers'],
  },
  { name: 'cdktf-provider-workato', entries: ['lib/cdktf/index.js'] },
  { name: 'cdktn-provider-workato', entries: ['lib/cdktn/index.js'] },
];

/** `<pkg>-<version>.tgz`, as npm names a tarball. */
function tarballName(name) {
  return `${name}-${version}.tgz`;
}

/** Relative imports and package names of a compiled file (`require("…")`) or declaration (`from "…"`, `import("…")`). */
function importsOf(file) {
  const text = fs.readFileSync(file, 'utf8');
  const specs = new Set();
  const patterns = [/\brequire\(\s*["']([^"']+)["']\s*\)/g, /\bfrom\s+["']([^"']+)["']/g, /\bimport\(\s*["']([^"']+)["']\s*\)/g, /^\s*import\s+["']([^"']+)["']/gm];
  for (const pattern of patterns) for (const m of text.matchAll(pattern)) specs.add(m[1]);
  return [...specs];
}

/** Resolves a relative import of a compiled file to the files it stands for (`.js` and `.d.ts`). */
function resolveRelative(fromFile, spec) {
  const base = path.resolve(path.dirname(fromFile), spec);
  const stems = [base.replace(/\.(js|d\.ts)$/, ''), path.join(base, 'index')];
  for (const stem of stems) {
    const found = ['.js', '.d.ts', '.json'].map((ext) => stem + ext).filter((f) => fs.existsSync(f));
    if (found.length > 0) return found;
  }
  throw new Error(`${path.relative(root, fromFile)} imports ${spec}, which the build did not write`);
}

/** The package name of a bare specifier: "@cdktf/x/y" → "@cdktf/x". */
function packageName(spec) {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Every compiled file (js and d.ts) that `entries` need, and the packages they import. */
function closure(entries) {
  const files = new Set();
  const packages = new Set();
  const queue = entries.flatMap((entry) => resolveRelative(path.join(root, entry), './' + path.basename(entry)));
  while (queue.length > 0) {
    const file = queue.pop();
    if (files.has(file)) continue;
    files.add(file);
    if (file.endsWith('.json')) continue;
    for (const spec of importsOf(file)) {
      if (spec.startsWith('.')) queue.push(...resolveRelative(file, spec));
      else if (!spec.startsWith('node:') && !builtinModules.includes(spec)) packages.add(packageName(spec));
    }
  }
  return { files: [...files].sort(), packages: [...packages].sort() };
}

/** Copies a compiled file without its source-map comment (the sources are not in the package). */
function copyCompiled(from, to) {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  const text = fs.readFileSync(from, 'utf8').replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n');
  fs.writeFileSync(to, text);
}

/** The package.json of a package: its template with the shared version filled in. */
function manifest(name) {
  const template = JSON.parse(fs.readFileSync(path.join(root, 'packages', name, 'package.json'), 'utf8'));
  const pkg = { name: template.name, version, ...template };
  pkg.version = version;
  if (pkg.dependencies && PROVIDER in pkg.dependencies) pkg.dependencies[PROVIDER] = version;
  return pkg;
}

/** Stages one package in `stageDir`; returns its package.json. */
async function stage(spec, stageDir) {
  fs.rmSync(stageDir, { recursive: true, force: true });
  fs.mkdirSync(stageDir, { recursive: true });
  const pkg = manifest(spec.name);
  const { files, packages } = closure(spec.entries);
  const allowed = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})]);
  const stray = packages.filter((name) => !allowed.has(name));
  if (stray.length > 0) {
    throw new Error(`${spec.name}: its lib/ imports ${stray.join(', ')}, which is neither a dependency nor a peer of the package`);
  }
  for (const file of files) copyCompiled(file, path.join(stageDir, path.relative(root, file)));
  for (const dir of spec.copy ?? []) {
    if (!fs.existsSync(path.join(root, dir))) throw new Error(`${dir} is missing: run \`npm run build\` first`);
    fs.cpSync(path.join(root, dir), path.join(stageDir, dir), { recursive: true });
  }
  const bins = Object.entries(spec.bins ?? {}).filter(([, entry]) => fs.existsSync(path.join(root, entry)));
  await Promise.all(
    bins.map(([bin, entry]) => bundleProvider({ entry: path.join(root, entry), outfile: path.join(stageDir, 'bin', `${bin}.js`) })),
  );
  if (pkg.bin) pkg.bin = Object.fromEntries(Object.entries(pkg.bin).filter(([bin]) => bins.some(([b]) => b === bin)));
  fs.writeFileSync(path.join(stageDir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  fs.copyFileSync(path.join(root, 'packages', spec.name, 'README.md'), path.join(stageDir, 'README.md'));
  fs.copyFileSync(path.join(root, 'LICENSE'), path.join(stageDir, 'LICENSE'));
  return pkg;
}

/**
 * Stages and packs every package into `outDir` (default `dist/packages`); returns
 * `{ name: tarballPath }`. npm runs no script of a staged package (they have none).
 */
async function pack({ outDir = path.join(root, 'dist', 'packages') } = {}) {
  for (const built of ['lib/index.js', 'lib/cdktf/index.js', 'lib/cdktn/index.js', 'dist/terraform-providers']) {
    if (!fs.existsSync(path.join(root, built))) throw new Error(`${built} is missing: run \`npm run build\` first (npm test does it)`);
  }
  fs.mkdirSync(outDir, { recursive: true });
  const stageRoot = path.join(outDir, 'stage');
  const tarballs = {};
  for (const spec of PACKAGES) {
    const dir = path.join(stageRoot, spec.name);
    await stage(spec, dir);
    const target = path.join(outDir, tarballName(spec.name));
    fs.rmSync(target, { force: true });
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const result = spawnSync(npm, ['pack', '--pack-destination', outDir, '--silent', '--ignore-scripts'], {
      cwd: dir,
      encoding: 'utf8',
      shell: process.platform === 'win32',
    });
    if (result.status !== 0 || !fs.existsSync(target)) {
      throw new Error(`npm pack of ${spec.name} failed:\n${result.stdout}${result.stderr}`);
    }
    tarballs[spec.name] = target;
  }
  fs.rmSync(stageRoot, { recursive: true, force: true });
  return tarballs;
}

module.exports = { pack, PACKAGES, tarballName, closure, version };

if (require.main === module) {
  const outIndex = process.argv.indexOf('--out');
  const outDir = outIndex > 0 ? path.resolve(process.argv[outIndex + 1]) : undefined;
  pack({ outDir }).then(
    (tarballs) => {
      for (const file of Object.values(tarballs)) process.stdout.write(`${path.relative(process.cwd(), file)}\n`);
    },
    (e) => {
      process.stderr.write(`pack failed: ${e && e.message ? e.message : e}\n`);
      process.exit(1);
    },
  );
}
