// Shared by the release tests: the standalone executables and release files, built once per
// provider bundle and cached (scripts/release/*), and small helpers to run them without Node.js.
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, linkSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { generateServerCertificate } from '../../src/plugin/cert';

export const REPO_ROOT = resolve(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pkg = require('../../package.json') as { version: string };
export const VERSION = pkg.version;
export const MAGIC_COOKIE = 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2';
/** A client certificate as Terraform makes one, for the PLUGIN_CLIENT_CERT of starts no client connects to. */
const CLIENT_CERT_PEM = generateServerCertificate().certPem;
export const HANDSHAKE = /^1\|6\|tcp\|127\.0\.0\.1:\d+\|grpc\|[A-Za-z0-9+/]+$/;

export type Platform = 'linux_amd64' | 'linux_arm64' | 'darwin_amd64' | 'darwin_arm64' | 'windows_amd64';

interface StandaloneModule {
  NODE_VERSION: string;
  /** Per platform: the npm package of Node's official binary, the binary's path in it, the tarball's pinned SHA-256. */
  NODE_BASES: Record<Platform, { pkg: string; file: string; sha256: string }>;
  RELEASE_PLATFORMS: Platform[];
  SIGNING_IDENTIFIER: string;
  buildExecutables(options: { bundleFile: string; version: string; platforms?: Platform[] }): Promise<Record<Platform, string>>;
  /** Node's binary for this machine, unpacked in the cache (linux_amd64 here). */
  nodeBinary(platform: Platform): Promise<string>;
  /** The bytes of Node's binary for any release platform, from its verified tarball. */
  nodeBinaryData(platform: Platform): Buffer;
  HOST_PLATFORM: string;
  IN_USE_MS: number;
  cacheDir(): string;
  pruneOld(dir: string, keep: string, now?: number): void;
  executableName(version: string, platform: Platform): string;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const standalone = require('../../scripts/release/standalone.js') as StandaloneModule;

/** The Node.js bundle that `npm run build` wrote; the standalone executables are made from it. */
export const BUNDLE = join(
  REPO_ROOT,
  'dist/terraform-providers/registry.terraform.io/workato-iac/workato',
  VERSION,
  'linux_amd64',
  `terraform-provider-workato_v${VERSION}`,
);

export function requireBundle(): void {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run \`npm run build\` first (npm test does it).`);
}

/** The standalone executables for `platforms`, from the cache when this bundle was built before. */
export async function executables(platforms: Platform[]): Promise<Record<Platform, string>> {
  requireBundle();
  return standalone.buildExecutables({ bundleFile: BUNDLE, version: VERSION, platforms });
}

/** A hard link where possible (the executables are ~120 MB), else a copy. */
export function place(source: string, target: string): void {
  mkdirSync(dirname(target), { recursive: true });
  try {
    linkSync(source, target);
  } catch {
    copyFileSync(source, target);
  }
}

/** A plugin directory (for `terraform init -plugin-dir`) holding one standalone executable. */
export function pluginDirWith(exe: string, platform: Platform): string {
  const dir = mkdtempSync(join(tmpdir(), 'workato-standalone-plugins-'));
  place(exe, join(dir, 'registry.terraform.io/workato-iac/workato', VERSION, platform, standalone.executableName(VERSION, platform)));
  return dir;
}

function which(cmd: string): string | undefined {
  for (const d of (process.env.PATH ?? '').split(delimiter)) {
    const f = join(d, cmd);
    if (d && existsSync(f)) return f;
  }
  return undefined;
}

/** A PATH holding terraform and nothing else: no node, as on an HCP Terraform agent. */
export function pathWithoutNode(): string {
  const terraform = which('terraform');
  if (!terraform) throw new Error('terraform is not on PATH');
  const dir = mkdtempSync(join(tmpdir(), 'workato-no-node-path-'));
  symlinkSync(terraform, join(dir, 'terraform'));
  return dir;
}

/** Starts `exe` as Terraform does and resolves with its first stdout line (then kills it). */
export function handshake(
  exe: string,
  env: Record<string, string>,
  options: { stopOnStderr?: RegExp } = {},
): Promise<{ line?: string; code?: number | null; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(exe, [], {
      env: { TF_PLUGIN_MAGIC_COOKIE: MAGIC_COOKIE, PLUGIN_CLIENT_CERT: CLIENT_CERT_PEM, PLUGIN_PROTOCOL_VERSIONS: '6', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let line: string | undefined;
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdout.on('data', (d) => {
      stdout += d;
      const nl = stdout.indexOf('\n');
      if (line === undefined && nl >= 0) {
        line = stdout.slice(0, nl);
        child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (d) => {
      stderr += d;
      if (options.stopOnStderr?.test(stderr)) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ line, code, stderr });
    });
  });
}

interface ReleaseModule {
  cachedRelease(options: { bundleFile: string; version: string }): Promise<string>;
  writeRelease(options: { bundleFile: string; version: string; outDir: string; gpgKey?: string; log?: (m: string) => void }): Promise<{ files: string[]; fingerprint: string; throwaway: boolean }>;
  zipName(version: string, platform: Platform): string;
  sumsName(version: string): string;
  manifestName(version: string): string;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const releaseFiles = require('../../scripts/release/files.js') as ReleaseModule;

interface ZipModule {
  unzip(buf: Buffer): Array<{ name: string; mode?: number; data: Buffer }>;
  h1Hash(entries: Array<{ name: string; data: Buffer }>): string;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const zipTools = require('../../scripts/release/zip.js') as ZipModule;

/** The release directory (all five zips, SHA256SUMS, signature, manifest, key) of this build. */
export async function release(): Promise<string> {
  requireBundle();
  return releaseFiles.cachedRelease({ bundleFile: BUNDLE, version: VERSION });
}

/** The long key id (16 hex digits) of an ASCII-armored public key, read with `gpg --show-keys`. */
export function signingKeyId(armoredKeyFile: string): string {
  const home = mkdtempSync(join(tmpdir(), 'workato-gnupg-'));
  try {
    const out = execFileSync('gpg', ['--batch', '--with-colons', '--show-keys', armoredKeyFile], { env: { ...process.env, GNUPGHOME: home }, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
    const pub = out.split('\n').find((l) => l.startsWith('pub:'));
    if (!pub) throw new Error(`no public key in ${armoredKeyFile}`);
    return pub.split(':')[4];
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/** Writes a Terraform CLI configuration file and returns its path. */
export function cliConfig(dir: string, text: string): string {
  const file = join(dir, 'terraform.rc');
  writeFileSync(file, text);
  return file;
}

export interface Run {
  code: number;
  output: string;
}

/** Runs the terraform CLI in `cwd` with a minimal environment plus `env`. */
export function terraform(args: string[], cwd: string, env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('terraform', args, {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: cwd, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', TF_INPUT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, output });
    });
  });
}

/** The bit of a SEA blob's flags (the word after its magic) that says it holds a start-up snapshot. */
export const SEA_USE_SNAPSHOT = 1 << 1;

/** The descriptor of the ELF note named `name` (in the program headers' PT_NOTE segments), or undefined. */
export function elfNote(elf: Buffer, name: string): Buffer | undefined {
  const phoff = Number(elf.readBigUInt64LE(0x20));
  const phentsize = elf.readUInt16LE(0x36);
  for (let i = 0; i < elf.readUInt16LE(0x38); i++) {
    const ph = phoff + i * phentsize;
    if (elf.readUInt32LE(ph) !== 4) continue; // PT_NOTE
    const start = Number(elf.readBigUInt64LE(ph + 0x08));
    const end = start + Number(elf.readBigUInt64LE(ph + 0x20));
    for (let p = start; p + 12 <= end; ) {
      const namesz = elf.readUInt32LE(p);
      const descsz = elf.readUInt32LE(p + 4);
      const desc = p + 12 + Math.ceil(namesz / 4) * 4;
      if (elf.toString('latin1', p + 12, p + 12 + namesz).replace(/\0+$/, '') === name) return elf.subarray(desc, desc + descsz);
      p = desc + Math.ceil(descsz / 4) * 4;
    }
  }
  return undefined;
}

/** The section names of an ELF64 little-endian file, read from its section header table. */
export function elfSectionNames(elf: Buffer): string[] {
  const shoff = Number(elf.readBigUInt64LE(0x28));
  const shnum = elf.readUInt16LE(0x3c);
  const header = (i: number) => shoff + i * elf.readUInt16LE(0x3a);
  const names = Number(elf.readBigUInt64LE(header(elf.readUInt16LE(0x3e)) + 0x18));
  return Array.from({ length: shnum }, (_, i) => {
    const at = names + elf.readUInt32LE(header(i));
    return elf.toString('latin1', at, elf.indexOf(0, at));
  });
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const codeCache = require('../../scripts/code-cache.js') as { providerCode(fileText: string): string; withCodeCache(code: string): string };

interface MachOModule {
  adhocSign(buf: Buffer, options: { identifier: string }): Buffer;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const macho = require('../../scripts/release/macho.js') as MachOModule;
