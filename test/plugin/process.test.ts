// The bundled provider executable as Terraform sees it: the go-plugin handshake on stdout, mutual
// TLS with the announced client certificate, SIGINT ignored, an exit of its own on Shutdown, and
// after an uncaught exception an answer to the call in flight, then exit 1. Every wait is for an
// event (a line on stderr, an answer, the exit), never for a length of time, and nothing asserts
// how long anything took: jest's timeout is the only clock.

import * as grpc from '@grpc/grpc-js';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateServerCertificate } from '../../src/plugin/cert';
import { encodeMsgpack } from '../../src/plugin/codec';
import { unknown } from '../../src/plugin/framework';
import { blockType } from '../../src/plugin/values';
import { tfplugin6 } from '../../src/plugin/wire';
import { toyProvider } from './fixtures/toy-provider';
import { buildToyPlugin, MAGIC_COOKIE, run, type ToyPlugin } from './toy-plugin';

let toy: ToyPlugin;
beforeAll(async () => {
  toy = await buildToyPlugin();
});
afterAll(() => toy?.dispose());

const clientCert = generateServerCertificate();

function env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, TF_PLUGIN_MAGIC_COOKIE: MAGIC_COOKIE, PLUGIN_CLIENT_CERT: clientCert.certPem, PLUGIN_PROTOCOL_VERSIONS: '5,6', ...extra };
}

interface Started {
  child: ChildProcessWithoutNullStreams;
  handshake: string;
  stdout: () => string;
  stderr: () => string;
  /** Resolves once stderr contains `text` (a log line, an error). */
  stderrContains: (text: string) => Promise<void>;
  exit: Promise<{ code: number | null }>;
}

async function start(extraEnv: NodeJS.ProcessEnv = {}): Promise<Started> {
  const child = spawn(toy.executable, [], { env: env(extraEnv), stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const waiters: Array<{ text: string; resolve: () => void }> = [];
  child.stderr.on('data', (d) => {
    err += d;
    for (const w of waiters.filter((x) => err.includes(x.text))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  });
  const stderrContains = (text: string) =>
    err.includes(text) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ text, resolve }));
  const exit = new Promise<{ code: number | null }>((r) => child.on('exit', (code) => r({ code })));
  const handshake = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')));
    });
    child.on('exit', (code) => reject(new Error(`exited ${code} before the handshake`)));
  });
  return { child, handshake, stdout: () => out, stderr: () => err, stderrContains, exit };
}

function connect(handshake: string): grpc.Client {
  const [, , , address, , certB64] = handshake.split('|');
  const der = Buffer.from(certB64, 'base64');
  const pem = `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE-----\n`;
  const creds = grpc.credentials.createSsl(Buffer.from(pem), Buffer.from(clientCert.keyPem), Buffer.from(clientCert.certPem));
  return new grpc.Client(address, creds, { 'grpc.ssl_target_name_override': 'localhost', 'grpc.default_authority': 'localhost' });
}

/** One unary call, without a deadline: Terraform sets none either, and jest's timeout bounds the test. */
function unary(c: grpc.Client, path: string, request: Uint8Array = new Uint8Array(0)): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    c.makeUnaryRequest(path, (b: Uint8Array) => Buffer.from(b), (b: Buffer) => b, request, {}, (e, r) => (e ? reject(e) : resolve(r!))),
  );
}

it('explains itself and exits 1 when not started by Terraform', async () => {
  const r = await run(toy.executable, [], { env: { PATH: process.env.PATH } });
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).toContain('This is a Terraform provider plugin');
});

it('refuses a Terraform that offers no protocol 6', async () => {
  const r = await run(toy.executable, [], { env: env({ PLUGIN_PROTOCOL_VERSIONS: '5' }) });
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).toContain('protocol 6');
});

it('hands Terraform the handshake, serves over mutual TLS, ignores SIGINT and exits by itself on Shutdown', async () => {
  const p = await start({ TF_LOG_PROVIDER: 'debug' });
  try {
    expect(p.handshake).toMatch(/^1\|6\|tcp\|127\.0\.0\.1:\d+\|grpc\|[A-Za-z0-9+/]+$/); // base64 without padding
    const cert = new X509Certificate(Buffer.from(p.handshake.split('|')[5], 'base64'));
    expect(cert.checkHost('localhost')).toBe('localhost');

    const c = connect(p.handshake);
    const schema = tfplugin6.GetProviderSchema.Response.decode(await unary(c, '/tfplugin6.Provider/GetProviderSchema'));
    expect(Object.keys(schema.resourceSchemas)).toEqual(['toy_thing']);

    p.child.kill('SIGINT'); // Ctrl-C reaches providers too; Terraform then sends StopProvider
    await p.stderrContains('Ignoring SIGINT'); // the handler ran: SIGINT was seen and ignored
    await unary(c, '/tfplugin6.Provider/StopProvider');
    // Still serving after both: a call gets its answer.
    const again = tfplugin6.GetProviderSchema.Response.decode(await unary(c, '/tfplugin6.Provider/GetProviderSchema'));
    expect(Object.keys(again.resourceSchemas)).toEqual(['toy_thing']);
    expect(p.child.exitCode).toBeNull();

    await unary(c, '/plugin.GRPCController/Shutdown');
    c.close(); // as go-plugin does right after Shutdown returns
    // It exits of its own accord, with 0: go-plugin would otherwise kill it after 2 s.
    const { code } = await p.exit;
    expect(code).toBe(0);
    expect(p.stderr()).toContain('Terraform called Shutdown');
    expect(p.stdout().trim().split('\n')).toHaveLength(1); // nothing but the handshake on stdout
  } finally {
    p.child.kill('SIGKILL');
  }
});

it('answers the call in flight, then exits 1, after an uncaught exception', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'toy-crash-'));
  // The handler never finishes, so the grace period always runs out: short, to keep the test quick.
  const p = await start({ TOY_STORE_FILE: join(dir, 'store.json'), TOY_CANCEL_GRACE_MS: '200', TF_LOG_PROVIDER: 'error' });
  try {
    const c = connect(p.handshake);
    const provider = toyProvider();
    const configure = tfplugin6.ConfigureProvider.Request.encode({
      terraformVersion: '1.11.4',
      config: { msgpack: encodeMsgpack({ store_file: null }, blockType(provider.schema.block)) },
    }).finish();
    const configured = tfplugin6.ConfigureProvider.Response.decode(await unary(c, '/tfplugin6.Provider/ConfigureProvider', configure));
    expect(configured.diagnostics).toEqual([]);

    // "crash-async": the create throws from a timer, and never returns.
    const thing = provider.resources[0];
    const type = blockType(thing.schema.block);
    const config = Object.fromEntries(Object.keys(thing.schema.block.attributes).map((k) => [k, null]));
    config.name = 'crash-async';
    const planned = { ...config, id: unknown, revision: unknown, created_at: unknown };
    const apply = tfplugin6.ApplyResourceChange.Request.encode({
      typeName: 'toy_thing',
      priorState: { msgpack: encodeMsgpack(null, type) },
      plannedState: { msgpack: encodeMsgpack(planned, type) },
      config: { msgpack: encodeMsgpack(config, type) },
    }).finish();
    const answer = tfplugin6.ApplyResourceChange.Response.decode(await unary(c, '/tfplugin6.Provider/ApplyResourceChange', apply));
    expect(answer.diagnostics.map((d) => d.summary)).toEqual(['Operation cancelled']);
    expect(answer.diagnostics[0].detail).toContain('The provider hit an internal error and is exiting');
    expect(answer.newState?.msgpack?.length).toBeGreaterThan(1); // the state the toy had set is kept

    const { code } = await p.exit;
    expect(code).toBe(1);
    expect(p.stderr()).toContain('toy: thrown from a timer');
    c.close();
  } finally {
    p.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
