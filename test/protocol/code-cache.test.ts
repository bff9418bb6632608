// The Node.js bundle's V8 code cache (scripts/code-cache.js), on the built executable started as
// Terraform starts it: where the cache goes and with which modes, that the next start reads it
// back, and that a broken, foreign or unwritable cache never stops the provider (it then compiles
// as without one). What became of the cache is in the "Provider started" debug line.
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../../src/emulator';
import { configure, msgpack, objectOf, startProvider, TYPE } from './terraform-core';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'workato-code-cache-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
/** A fresh home, with the directory the provider's cache goes to there. */
function freshHome() {
  const home = join(root, `home-${n++}`);
  mkdirSync(home);
  const cacheBase = process.platform === 'darwin' ? join(home, 'Library', 'Caches') : join(home, '.cache');
  return { home, dir: join(cacheBase, 'terraform-provider-workato', 'code-cache'), env: { HOME: home, XDG_CACHE_HOME: join(home, '.cache') } };
}

/** Starts the provider, answers GetProviderSchema, shuts it down; returns its code_cache and exit code. */
async function run(env: NodeJS.ProcessEnv): Promise<{ codeCache: unknown; code: number | null }> {
  const core = await startProvider({ ...env, TF_LOG: 'debug' });
  await core.stderrContains('"Provider started"');
  await core.call('GetProviderSchema', {});
  const line = core.stderr().split('\n').find((l) => l.includes('"Provider started"'))!;
  const codeCache = (JSON.parse(line) as Record<string, unknown>).code_cache;
  return { codeCache, code: await core.shutdown() };
}

const files = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.bin'));
const mode = (p: string) => lstatSync(p).mode & 0o777;
const header = (file: string, cpuMs: number, rest: Buffer) => {
  const h = Buffer.alloc(8);
  h.writeUInt32BE(0x574b4343, 0);
  h.writeUInt32BE(cpuMs, 4);
  writeFileSync(file, Buffer.concat([h, rest]), { mode: 0o600 });
};

test("writes the compiled code to the user's cache, private, and the next start reads it back", async () => {
  const { dir, env } = freshHome();
  expect(await run(env)).toEqual({ codeCache: 'none', code: 0 });
  const [name] = files(dir);
  expect(name).toMatch(new RegExp(`^[0-9a-f]{16}-${process.versions.v8.replace(/[^\w.-]/g, '_').replace(/\./g, '\\.')}-${process.arch}\\.bin$`));
  expect(files(dir)).toHaveLength(1);
  expect(mode(dir)).toBe(0o700);
  expect(mode(join(dir, name))).toBe(0o600);
  expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  expect(await run(env)).toEqual({ codeCache: 'used', code: 0 });
});

test('holds compiled code only: no token or secret of a process that used them', async () => {
  const TOKEN = 'wrkprod-code-cache-token-5e1f9a';
  const SECRET = 'code-cache-client-secret-c0ffee';
  const emulator = await startEmulator({ token: TOKEN, requestsPerMinute: 0 });
  try {
    const p = emulator.seed({ name: 'Cached', provider: 'hubspot', client_id: 'cc-client', client_secret: SECRET });
    const { dir, env } = freshHome();
    const core = await startProvider(env);
    const schema = await core.call('GetProviderSchema', {});
    const block = schema.resourceSchemas![TYPE].block!;
    expect((await configure(core, { api_token: TOKEN, base_url: emulator.url, requests_per_minute: 1_000_000 })).diagnostics).toEqual([]);
    const state = msgpack(objectOf(block, { id: String(p.id), name: 'Cached', provider_name: 'hubspot', client_id: 'cc-client', client_secret: SECRET }));
    const read = await core.call('ReadResource', { typeName: TYPE, currentState: state, clientCapabilities: { writeOnlyAttributesAllowed: true } });
    expect(read.diagnostics).toEqual([]);
    expect(await core.shutdown()).toBe(0);
    const [name] = files(dir);
    const cache = readFileSync(join(dir, name));
    for (const s of [TOKEN, SECRET]) {
      expect(cache.includes(Buffer.from(s))).toBe(false);
      expect(cache.includes(Buffer.from(s, 'utf16le'))).toBe(false);
    }
  } finally {
    await emulator.close();
  }
});

test('replaces a cache only with one made by a process that ran at least twice as much', async () => {
  const { dir, env } = freshHome();
  await run(env);
  const file = join(dir, files(dir)[0]);
  const data = readFileSync(file).subarray(8);
  header(file, 0xffffffff, data); // made by a process no other outruns: kept as it is
  expect(await run(env)).toEqual({ codeCache: 'used', code: 0 });
  expect(readFileSync(file).readUInt32BE(4)).toBe(0xffffffff);
  header(file, 1, data); // made by a process that ran 1 ms: replaced
  expect(await run(env)).toEqual({ codeCache: 'used', code: 0 });
  expect(readFileSync(file).readUInt32BE(4)).toBeGreaterThan(1);
});

test("removes other bundles' caches nothing wrote for 30 days, and leftovers of a killed write after a day", async () => {
  const { dir, env } = freshHome();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const day = 86400;
  const now = Date.now() / 1000;
  const made = (name: string, ageDays: number) => {
    writeFileSync(join(dir, name), 'x', { mode: 0o600 });
    utimesSync(join(dir, name), now - ageDays * day, now - ageDays * day);
  };
  made('0000000000000000-old-x64.bin', 31);
  made('1111111111111111-recent-x64.bin', 29);
  made('2222222222222222-killed.bin.123.tmp', 2);
  made('3333333333333333-writing.bin.456.tmp', 0);
  made('notes.txt', 400);
  expect(await run(env)).toEqual({ codeCache: 'none', code: 0 });
  const left = readdirSync(dir).sort();
  expect(left).toEqual(expect.arrayContaining(['1111111111111111-recent-x64.bin', '3333333333333333-writing.bin.456.tmp', 'notes.txt']));
  expect(left).not.toContain('0000000000000000-old-x64.bin');
  expect(left).not.toContain('2222222222222222-killed.bin.123.tmp');
  expect(left).toHaveLength(4);
});

test('compiles afresh from a cache V8 rejects, and writes a good one for the next start', async () => {
  const { dir, env } = freshHome();
  await run(env);
  const file = join(dir, files(dir)[0]);
  header(file, 5, Buffer.from('not compiled code at all, but long enough to look like some'));
  expect(await run(env)).toEqual({ codeCache: 'rejected', code: 0 });
  expect(await run(env)).toEqual({ codeCache: 'used', code: 0 });
});

test('uses no cache that others could write: a directory or its parent open to them, a file open to them, a symbolic link', async () => {
  const open = freshHome();
  mkdirSync(open.dir, { recursive: true });
  chmodSync(open.dir, 0o777);
  expect(await run(open.env)).toEqual({ codeCache: 'off', code: 0 });
  expect(files(open.dir)).toEqual([]);

  const writable = freshHome();
  await run(writable.env);
  const cacheFile = join(writable.dir, files(writable.dir)[0]);
  chmodSync(cacheFile, 0o666);
  const before = readFileSync(cacheFile);
  expect(await run(writable.env)).toEqual({ codeCache: 'off', code: 0 });
  expect(readFileSync(cacheFile).equals(before)).toBe(true);

  const openParent = freshHome();
  mkdirSync(openParent.dir, { recursive: true });
  chmodSync(join(openParent.dir, '..'), 0o777);
  expect(await run(openParent.env)).toEqual({ codeCache: 'off', code: 0 });
  expect(files(openParent.dir)).toEqual([]);

  const linked = freshHome();
  await run(linked.env);
  const [name] = files(linked.dir);
  const elsewhere = join(root, `elsewhere-${n}`);
  writeFileSync(elsewhere, 'left alone');
  rmSync(join(linked.dir, name));
  symlinkSync(elsewhere, join(linked.dir, name));
  expect(await run(linked.env)).toEqual({ codeCache: 'off', code: 0 });
  expect(readFileSync(elsewhere, 'utf8')).toBe('left alone');
  expect(lstatSync(join(linked.dir, name)).isSymbolicLink()).toBe(true);
});

test('starts and serves where no cache directory can be made', async () => {
  const { home } = freshHome();
  const blocker = join(home, 'a-file');
  writeFileSync(blocker, '');
  expect(await run({ HOME: blocker, XDG_CACHE_HOME: join(blocker, 'cache') })).toEqual({ codeCache: 'off', code: 0 });
});

describe('the bundle format', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const format = require('../../scripts/code-cache.js') as { withCodeCache(code: string): string; providerCode(text: string): string };
  it('gives back the code it wraps, whatever the code holds', () => {
    const code = 'module.exports = { a: "}, \\"", b: `\n${1}`, c: "\u2028" };\n';
    expect(format.providerCode(format.withCodeCache(code))).toBe(code);
    expect(format.providerCode(`#!/usr/bin/env node\n${code}`)).toBe(code);
  });

  it('refuses code with a dynamic import(), which the loader could not run', () => {
    expect(() => format.withCodeCache('const m = import("node:fs");')).toThrow(/dynamic import/);
  });
});
