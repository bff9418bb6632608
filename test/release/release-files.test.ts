// The release directory `npm run release` writes (DESIGN "Releases"): every platform's zip holds
// a complete standalone executable for that platform, SHA256SUMS covers the zips and the manifest,
// its detached signature verifies with signing-key.asc, and both darwin executables carry a valid
// ad-hoc code signature (checked here page by page, since no Mac is at hand).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUNDLE, codeCache, elfNote, elfSectionNames, macho, Platform, REPO_ROOT, release, releaseFiles, SEA_USE_SNAPSHOT, standalone, VERSION, zipTools } from './fixture';

const FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
const PLATFORMS = standalone.RELEASE_PLATFORMS;

let dir: string;
const executable: Partial<Record<Platform, { name: string; mode?: number; data: Buffer }>> = {};

beforeAll(async () => {
  dir = await release();
  for (const p of PLATFORMS) {
    const entries = zipTools.unzip(readFileSync(join(dir, releaseFiles.zipName(VERSION, p))));
    expect(entries).toHaveLength(1);
    executable[p] = entries[0];
  }
}, 900_000);

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('the release directory', () => {
  test('holds exactly the files DESIGN lists', () => {
    expect(readdirSync(dir).sort()).toEqual(
      [
        ...PLATFORMS.map((p) => `terraform-provider-workato_${VERSION}_${p}.zip`),
        `terraform-provider-workato_${VERSION}_SHA256SUMS`,
        `terraform-provider-workato_${VERSION}_SHA256SUMS.sig`,
        `terraform-provider-workato_${VERSION}_manifest.json`,
        'signing-key.asc',
      ].sort(),
    );
    expect(JSON.parse(readFileSync(join(dir, releaseFiles.manifestName(VERSION)), 'utf8'))).toEqual({ version: 1, metadata: { protocol_versions: ['6.0'] } });
    expect(readFileSync(join(dir, 'signing-key.asc'), 'utf8')).toContain('-----BEGIN PGP PUBLIC KEY BLOCK-----');
  });

  test('SHA256SUMS lists every zip and the manifest with their SHA-256', () => {
    const lines = readFileSync(join(dir, releaseFiles.sumsName(VERSION)), 'utf8').trim().split('\n');
    const listed = Object.fromEntries(lines.map((l) => [l.slice(66), l.slice(0, 64)]));
    const expected = [...PLATFORMS.map((p) => releaseFiles.zipName(VERSION, p)), releaseFiles.manifestName(VERSION)];
    expect(Object.keys(listed).sort()).toEqual(expected.sort());
    for (const f of expected) expect(listed[f]).toBe(sha256(readFileSync(join(dir, f))));
    for (const l of lines) expect(l).toMatch(/^[0-9a-f]{64} {2}\S+$/);
  });

  test('the signature is a binary detached signature that signing-key.asc verifies', () => {
    const sig = readFileSync(join(dir, `${releaseFiles.sumsName(VERSION)}.sig`));
    expect(sig[0] & 0x80).toBe(0x80); // an OpenPGP packet, not ASCII armor
    const home = mkdtempSync(join(tmpdir(), 'workato-verify-gnupg-'));
    try {
      const env = { ...process.env, GNUPGHOME: home };
      execFileSync('gpg', ['--batch', '--import', join(dir, 'signing-key.asc')], { env, stdio: 'pipe' });
      const out = execFileSync('gpg', ['--batch', '--status-fd', '1', '--verify', `${join(dir, releaseFiles.sumsName(VERSION))}.sig`, join(dir, releaseFiles.sumsName(VERSION))], { env, stdio: 'pipe' }).toString();
      expect(out).toContain('[GNUPG:] GOODSIG');
      execFileSync('gpgconf', ['--kill', 'gpg-agent'], { env, stdio: 'ignore' });
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('the signing key', () => {
  const gpgIn = (home: string, args: string[]) => execFileSync('gpg', ['--batch', ...args], { env: { ...process.env, GNUPGHOME: home }, stdio: 'pipe' }).toString();

  test('RELEASE_GPG_KEY names a key in the user\'s keyring, which signs SHA256SUMS', async () => {
    const home = mkdtempSync(join(tmpdir(), 'workato-user-gnupg-'));
    const out = mkdtempSync(join(tmpdir(), 'workato-release-out-'));
    const saved = process.env.GNUPGHOME;
    try {
      gpgIn(home, ['--passphrase', '', '--quick-generate-key', 'Release Manager <rm@example.test>', 'ed25519', 'sign', 'never']);
      const fpr = gpgIn(home, ['--with-colons', '--fingerprint', 'rm@example.test']).split('\n').find((l) => l.startsWith('fpr:'))!.split(':')[9];
      process.env.GNUPGHOME = home;
      const logs: string[] = [];
      const r = await releaseFiles.writeRelease({ bundleFile: BUNDLE, version: VERSION, outDir: out, gpgKey: fpr, log: (m) => logs.push(m) });
      expect(r).toMatchObject({ fingerprint: fpr, throwaway: false });
      expect(logs.join('\n')).not.toContain('throwaway');
      const status = gpgIn(home, ['--status-fd', '1', '--verify', join(out, `${releaseFiles.sumsName(VERSION)}.sig`), join(out, releaseFiles.sumsName(VERSION))]);
      expect(status).toContain(`[GNUPG:] VALIDSIG ${fpr}`);
      expect(readFileSync(join(out, 'signing-key.asc'), 'utf8')).toBe(gpgIn(home, ['--armor', '--export', fpr]));
    } finally {
      if (saved === undefined) delete process.env.GNUPGHOME;
      else process.env.GNUPGHOME = saved;
      execFileSync('gpgconf', ['--kill', 'gpg-agent'], { env: { ...process.env, GNUPGHOME: home }, stdio: 'ignore' });
      rmSync(home, { recursive: true, force: true });
      rmSync(out, { recursive: true, force: true });
    }
  }, 300_000);

  test('without RELEASE_GPG_KEY a throwaway key signs, and the command says so', async () => {
    const out = mkdtempSync(join(tmpdir(), 'workato-release-out-'));
    try {
      const logs: string[] = [];
      const r = await releaseFiles.writeRelease({ bundleFile: BUNDLE, version: VERSION, outDir: out, gpgKey: '', log: (m) => logs.push(m) });
      expect(r.throwaway).toBe(true);
      expect(logs.join('\n')).toContain(`RELEASE_GPG_KEY is not set: signed with a throwaway key made for this run only (${r.fingerprint})`);
      expect(readdirSync(out)).toHaveLength(9);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 300_000);

  test('the npm package holds no standalone executable', () => {
    const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO_ROOT, stdio: 'pipe' }).toString());
    const files = pack.files as Array<{ path: string; size: number }>;
    expect(files.filter((f) => f.size > 5_000_000 || /\.(zip|exe)$|SHA256SUMS/.test(f.path))).toEqual([]);
  }, 120_000);
});

describe.each(PLATFORMS)('the %s zip', (platform) => {
  test('holds one executable with the name and mode Terraform expects', () => {
    const e = executable[platform]!;
    expect(e.name).toBe(`terraform-provider-workato_v${VERSION}${platform === 'windows_amd64' ? '.exe' : ''}`);
    expect(e.mode).toBe(0o755);
  });

  test('is a Node single executable for that platform, with the provider bundle injected', () => {
    const data = executable[platform]!.data;
    const formats: Record<Platform, () => void> = {
      linux_amd64: () => expect([data.subarray(0, 4).toString('latin1'), data.readUInt16LE(18)]).toEqual(['\x7fELF', 0x3e]),
      linux_arm64: () => expect([data.subarray(0, 4).toString('latin1'), data.readUInt16LE(18)]).toEqual(['\x7fELF', 0xb7]),
      darwin_amd64: () => expect([data.readUInt32LE(0), data.readUInt32LE(4)]).toEqual([0xfeedfacf, 0x01000007]),
      darwin_arm64: () => expect([data.readUInt32LE(0), data.readUInt32LE(4)]).toEqual([0xfeedfacf, 0x0100000c]),
      windows_amd64: () => {
        const pe = data.readUInt32LE(0x3c);
        expect([data.toString('latin1', 0, 2), data.toString('latin1', pe, pe + 4), data.readUInt16LE(pe + 4)]).toEqual(['MZ', 'PE\0\0', 0x8664]);
        // Node's Authenticode signature is gone (it no longer matched): no Certificate Table.
        expect([data.readUInt32LE(pe + 24 + 112 + 32), data.readUInt32LE(pe + 24 + 112 + 36)]).toEqual([0, 0]);
      },
    };
    formats[platform]();
    // Where Node looks for the blob: an ELF note, a Mach-O NODE_SEA segment, a PE resource (UTF-16
    // name); the original Node binaries have neither the note, the segment nor the resource name.
    // The provider's code, without the Node.js bundle's code-cache loader around it.
    const bundle = codeCache.providerCode(readFileSync(BUNDLE, 'utf8'));
    const bundleSize = Buffer.byteLength(bundle);
    if (platform.startsWith('linux')) expect(elfNote(data, 'NODE_SEA_BLOB')?.length).toBeGreaterThan(bundleSize * 0.9);
    if (platform.startsWith('darwin')) expect(data.includes(Buffer.from('__NODE_SEA_BLOB\0NODE_SEA\0'))).toBe(true);
    if (platform.startsWith('windows')) expect(data.includes(Buffer.from('NODE_SEA_BLOB', 'utf16le'))).toBe(true);
    // postject flips the fuse that tells Node to run the injected blob.
    expect(data.includes(`${FUSE}:1`)).toBe(true);
    expect(data.includes(`${FUSE}:0`)).toBe(false);
    // The blob carries the bundle's code: as its main script, or as the source a snapshot keeps.
    expect(data.includes(bundle.slice(bundle.length >> 1, (bundle.length >> 1) + 4000))).toBe(true);
    expect(data.includes(`v${standalone.NODE_VERSION}`) || data.includes(standalone.NODE_VERSION)).toBe(true);
  });

  if (platform.startsWith('linux')) {
    // Terraform hashes the whole package on every command: no symbol table or debug information
    // (about 17 MB of Node's linux binaries), while the sections Node runs from are all there.
    test('carries no symbol table or debug sections', () => {
      const names = elfSectionNames(executable[platform]!.data);
      expect(names.filter((n) => n === '.symtab' || n === '.strtab' || n.startsWith('.debug'))).toEqual([]);
      expect(names).toEqual(expect.arrayContaining(['.text', '.rodata', '.data', '.dynsym', '.dynstr', '.shstrtab']));
    });
  }

  // A start-up snapshot runs only on the Node binary that made it: the executable of the platform
  // that builds the release has one, the others run their bundle from source. (Read from the ELF
  // note; the Mach-O and PE executables are not parsed that far here.)
  const snapshotted = platform === standalone.HOST_PLATFORM;
  if (platform.startsWith('linux')) {
    test(`${snapshotted ? 'has' : 'has no'} V8 start-up snapshot in its blob`, () => {
      const blob = elfNote(executable[platform]!.data, 'NODE_SEA_BLOB')!;
      expect(blob.readUInt32LE(0)).toBe(0x143da20); // Node's SEA blob magic
      expect((blob.readUInt32LE(4) & SEA_USE_SNAPSHOT) !== 0).toBe(snapshotted);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// An ad-hoc code signature, read with this test's own parser of Apple's formats (<mach-o/loader.h>,
// cs_blobs.h), independent of the one that wrote it.

interface CodeSignature {
  problems: string[];
  identifier?: string;
  flags?: number;
  pages?: number;
  slots?: number[];
}

function readCodeSignature(buf: Buffer): CodeSignature {
  const problems: string[] = [];
  const ncmds = buf.readUInt32LE(16);
  let off = 32;
  let sig: { dataoff: number; datasize: number } | undefined;
  let linkedit: { fileoff: number; filesize: number; vmsize: number } | undefined;
  let textSize = 0;
  for (let i = 0; i < ncmds; i++) {
    const cmd = buf.readUInt32LE(off);
    if (cmd === 0x1d) sig = { dataoff: buf.readUInt32LE(off + 8), datasize: buf.readUInt32LE(off + 12) };
    if (cmd === 0x19) {
      const name = buf.toString('latin1', off + 8, off + 24).replace(/\0+$/, '');
      const seg = { vmsize: Number(buf.readBigUInt64LE(off + 32)), fileoff: Number(buf.readBigUInt64LE(off + 40)), filesize: Number(buf.readBigUInt64LE(off + 48)) };
      if (name === '__LINKEDIT') linkedit = seg;
      if (name === '__TEXT') textSize = seg.filesize;
    }
    off += buf.readUInt32LE(off + 4);
  }
  if (!sig || !linkedit) return { problems: ['no LC_CODE_SIGNATURE or no __LINKEDIT'] };
  if (sig.dataoff + sig.datasize !== buf.length) problems.push('the signature is not at the end of the file');
  if (linkedit.fileoff + linkedit.filesize !== buf.length) problems.push('__LINKEDIT does not end with the file');
  if (linkedit.vmsize < linkedit.filesize) problems.push('__LINKEDIT vmsize < filesize');
  const sb = buf.subarray(sig.dataoff);
  if (sb.readUInt32BE(0) !== 0xfade0cc0) return { problems: [...problems, 'not an embedded-signature SuperBlob'] };
  if (sb.readUInt32BE(4) > sig.datasize) problems.push('SuperBlob longer than LC_CODE_SIGNATURE datasize');
  const slots: number[] = [];
  let cd: Buffer | undefined;
  let req: Buffer | undefined;
  for (let i = 0; i < sb.readUInt32BE(8); i++) {
    const type = sb.readUInt32BE(12 + 8 * i);
    const at = sb.readUInt32BE(16 + 8 * i);
    const blob = sb.subarray(at, at + sb.readUInt32BE(at + 4));
    slots.push(type);
    if (type === 0) cd = blob;
    if (type === 2) req = blob;
  }
  if (!cd || cd.readUInt32BE(0) !== 0xfade0c02) return { problems: [...problems, 'no CodeDirectory in slot 0'] };
  const hashOffset = cd.readUInt32BE(16);
  const identOffset = cd.readUInt32BE(20);
  const nCodeSlots = cd.readUInt32BE(28);
  const codeLimit = cd.readUInt32BE(32);
  if (cd.readUInt8(36) !== 32 || cd.readUInt8(37) !== 2) problems.push('not SHA-256');
  if (cd.readUInt8(39) !== 12) problems.push('pages are not 4 KiB');
  if (codeLimit !== sig.dataoff) problems.push('codeLimit is not where the signature starts');
  if (nCodeSlots !== Math.ceil(codeLimit / 4096)) problems.push('one hash per page expected');
  if (cd.readUInt32BE(8) >= 0x20400 && Number(cd.readBigUInt64BE(72)) !== textSize) problems.push('execSegLimit is not the __TEXT size');
  for (let p = 0; p < nCodeSlots; p++) {
    const page = buf.subarray(p * 4096, Math.min((p + 1) * 4096, codeLimit));
    const want = cd.subarray(hashOffset + 32 * p, hashOffset + 32 * (p + 1)).toString('hex');
    if (sha256(page) !== want) problems.push(`page ${p} hash differs`);
    if (problems.length > 5) break;
  }
  if (req && sha256(req) !== cd.subarray(hashOffset - 64, hashOffset - 32).toString('hex')) problems.push('requirements hash (slot -2) differs');
  return { problems, identifier: cd.toString('latin1', identOffset, cd.indexOf(0, identOffset)), flags: cd.readUInt32BE(12), pages: nCodeSlots, slots };
}

describe('the darwin executables are ad-hoc signed', () => {
  test('this test reads a real Apple signature correctly: Node\'s own darwin_arm64 binary', () => {
    const node = standalone.nodeBinaryData('darwin_arm64');
    const sig = readCodeSignature(node);
    expect(sig.problems).toEqual([]);
    expect(sig.identifier).toBe('node');
  });

  test.each(['darwin_amd64', 'darwin_arm64'] as Platform[])('%s: a CodeDirectory with the SHA-256 of every 4 KiB page', (platform) => {
    const data = executable[platform]!.data;
    const sig = readCodeSignature(data);
    expect(sig.problems).toEqual([]);
    expect(sig.flags! & 0x2).toBe(0x2); // CS_ADHOC
    expect(sig.identifier).toBe(standalone.SIGNING_IDENTIFIER);
    expect(sig.pages).toBeGreaterThan(20_000); // ~110 MB in 4 KiB pages
    // CodeDirectory, requirements and the (empty) CMS slot, as `codesign --sign -` writes them.
    expect(sig.slots).toEqual([0, 2, 0x10000]);
  });

  test('signing a binary that still has a signature replaces it in place (Node\'s darwin_amd64 binary)', () => {
    // postject drops Node's signature while injecting; the signer also handles one that is there.
    const node = standalone.nodeBinaryData('darwin_amd64');
    const signed = macho.adhocSign(node, { identifier: 'resigned' });
    const sig = readCodeSignature(signed);
    expect(sig.problems).toEqual([]);
    expect(sig.identifier).toBe('resigned');
    expect(signed.readUInt32LE(16)).toBe(node.readUInt32LE(16)); // no load command added
    expect(readCodeSignature(macho.adhocSign(signed, { identifier: 'again' })).problems).toEqual([]);
  });

  test('a changed byte anywhere before the signature breaks its page hash', () => {
    const data = Buffer.from(executable.darwin_arm64!.data);
    data[5000] ^= 1;
    expect(readCodeSignature(data).problems).toEqual(['page 1 hash differs']);
  });
});
