// The release files of DESIGN "Releases": one zip per platform, SHA256SUMS, its detached GPG
// signature, the manifest and the public key, in the layout of HashiCorp's release tooling.
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const standalone = require('./standalone');
const { zip } = require('./zip');

const NAME = 'terraform-provider-workato';
const MANIFEST = { version: 1, metadata: { protocol_versions: ['6.0'] } };

const zipName = (version, platform) => `${NAME}_${version}_${platform}.zip`;
const sumsName = (version) => `${NAME}_${version}_SHA256SUMS`;
const manifestName = (version) => `${NAME}_${version}_manifest.json`;

function gpg(args, { home, input } = {}) {
  const env = { ...process.env };
  if (home) env.GNUPGHOME = home;
  const r = spawnSync('gpg', ['--batch', '--no-tty', ...args], { env, input, maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw new Error(`gpg could not run (${r.error.message}); install GnuPG to sign releases`);
  if (r.status !== 0) throw new Error(`gpg ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  return r.stdout;
}

/**
 * A signer: `{ sign(file, sigFile), publicKey, fingerprint, throwaway, dispose() }`. With a key id
 * it uses the user's keyring; without one it makes a throwaway Ed25519 key in a temporary GNUPGHOME.
 */
function signer(keyId) {
  if (keyId) {
    const publicKey = gpg(['--armor', '--export', keyId]).toString();
    if (!publicKey.includes('BEGIN PGP PUBLIC KEY BLOCK')) throw new Error(`RELEASE_GPG_KEY=${keyId}: no such public key in the keyring`);
    return {
      throwaway: false,
      publicKey,
      fingerprint: fingerprintOf(keyId),
      sign: (file, sigFile) => gpg(['--yes', '--local-user', keyId, '--detach-sign', '--output', sigFile, file]),
      dispose() {},
    };
  }
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'workato-release-gnupg-'));
  fs.chmodSync(home, 0o700);
  const uid = 'terraform-provider-workato throwaway release key <release@workato-iac.invalid>';
  gpg(['--passphrase', '', '--quick-generate-key', uid, 'ed25519', 'sign', 'never'], { home });
  const fingerprint = fingerprintOf(uid, home);
  return {
    throwaway: true,
    publicKey: gpg(['--armor', '--export', fingerprint], { home }).toString(),
    fingerprint,
    sign: (file, sigFile) => gpg(['--yes', '--local-user', fingerprint, '--detach-sign', '--output', sigFile, file], { home }),
    dispose() {
      // gpg started an agent for this keyring; stop that one only, then remove the keyring.
      spawnSync('gpgconf', ['--kill', 'gpg-agent'], { env: { ...process.env, GNUPGHOME: home } });
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}

function fingerprintOf(key, home) {
  const out = gpg(['--with-colons', '--fingerprint', key], { home }).toString();
  const fpr = out.split('\n').find((l) => l.startsWith('fpr:'));
  if (!fpr) throw new Error(`gpg has no fingerprint for ${key}`);
  return fpr.split(':')[9];
}

/**
 * Checks the signature with nothing but signing-key.asc, in a fresh keyring, as Terraform and a
 * user will (catches a key whose export lacks the signing subkey, or a wrong RELEASE_GPG_KEY).
 */
function verifyAsAUserWould(keyFile, sums) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'workato-release-verify-'));
  fs.chmodSync(home, 0o700);
  try {
    gpg(['--import', keyFile], { home });
    const status = gpg(['--status-fd', '1', '--verify', `${sums}.sig`, sums], { home }).toString();
    if (!status.includes('[GNUPG:] GOODSIG')) throw new Error(`the signature does not verify with signing-key.asc:\n${status}`);
  } finally {
    spawnSync('gpgconf', ['--kill', 'gpg-agent'], { env: { ...process.env, GNUPGHOME: home } });
    fs.rmSync(home, { recursive: true, force: true });
  }
}

/** The zip of one platform's executable, made once per build and kept in the cache beside it. */
async function platformZip(exe, version, platform) {
  const dir = path.join(path.dirname(exe), 'zip');
  await standalone.once(dir, async (d) => {
    const data = fs.readFileSync(exe);
    fs.writeFileSync(path.join(d, zipName(version, platform)), await zip([{ name: standalone.executableName(version, platform), data, mode: 0o755 }]));
  });
  return path.join(dir, zipName(version, platform));
}

/** A hard link (the cache's own copies: no second 200 MB), else a copy. */
function linkOrCopy(from, to) {
  try {
    fs.linkSync(from, to);
  } catch {
    fs.copyFileSync(from, to);
  }
}

/**
 * Writes the release files for `version` into `outDir` (emptied first) from the provider bundle;
 * returns { files, fingerprint, throwaway }.
 */
async function writeRelease({ bundleFile, version, outDir, gpgKey = process.env.RELEASE_GPG_KEY, log = () => {}, link = false }) {
  const exes = await standalone.buildExecutables({ bundleFile, version, log });
  const zips = {};
  await Promise.all(
    standalone.RELEASE_PLATFORMS.map(async (p) => {
      zips[p] = await platformZip(exes[p], version, p);
    }),
  );
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const files = [];
  for (const p of standalone.RELEASE_PLATFORMS) {
    const target = path.join(outDir, zipName(version, p));
    if (link) linkOrCopy(zips[p], target);
    else fs.copyFileSync(zips[p], target);
    files.push(target);
  }
  const manifest = path.join(outDir, manifestName(version));
  fs.writeFileSync(manifest, `${JSON.stringify(MANIFEST)}\n`);
  files.push(manifest);

  const sums = path.join(outDir, sumsName(version));
  const lines = files
    .map((f) => `${crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex')}  ${path.basename(f)}\n`)
    .sort((a, b) => (a.slice(66) < b.slice(66) ? -1 : 1));
  fs.writeFileSync(sums, lines.join(''));

  const s = signer(gpgKey);
  try {
    if (s.throwaway) {
      log(`RELEASE_GPG_KEY is not set: signed with a throwaway key made for this run only (${s.fingerprint}); nobody can check this release against a key they already trust`);
    } else {
      log(`signed with ${gpgKey} (${s.fingerprint})`);
    }
    s.sign(sums, `${sums}.sig`);
    fs.writeFileSync(path.join(outDir, 'signing-key.asc'), s.publicKey);
    verifyAsAUserWould(path.join(outDir, 'signing-key.asc'), sums);
  } finally {
    s.dispose();
  }
  return { files: fs.readdirSync(outDir).sort(), fingerprint: s.fingerprint, throwaway: s.throwaway };
}

module.exports = { writeRelease, zipName, sumsName, manifestName, MANIFEST, NAME };

/**
 * The release files of a bundle with a throwaway key, written once into the cache and shared by
 * every test that needs them (read them, never change them); returns the directory.
 */
async function cachedRelease({ bundleFile, version, log }) {
  const h = crypto.createHash('sha256').update(fs.readFileSync(bundleFile));
  for (const f of ['files.js', 'zip.js', 'standalone.js', 'macho.js', 'pe.js']) h.update(fs.readFileSync(path.join(__dirname, f)));
  const key = h.digest('hex').slice(0, 24);
  const dir = path.join(standalone.cacheDir(), 'releases', key);
  standalone.pruneOld(path.dirname(dir), key);
  await standalone.once(dir, async (d) => {
    await writeRelease({ bundleFile, version, outDir: path.join(d, 'files'), gpgKey: '', log, link: true });
  });
  return path.join(dir, 'files');
}

module.exports.cachedRelease = cachedRelease;
