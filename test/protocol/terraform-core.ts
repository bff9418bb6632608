// A stand-in for Terraform's core at the plugin protocol level, for what Terraform 1.11.4 (the only
// one on these machines) never asks: it starts the built provider executable as go-plugin does (the
// magic cookie, a client certificate in PLUGIN_CLIENT_CERT, the handshake line on stdout), connects
// with mutual TLS, and calls the tfplugin6 RPCs with msgpack DynamicValues, as core 1.12-1.14 do.
// Values are encoded here with @msgpack/msgpack directly, objects typed by the schema the provider
// announced, not with the provider's own codec. Every wait is for an event, never a length of time.

import * as grpc from '@grpc/grpc-js';
import { decode, encode, ExtensionCodec } from '@msgpack/msgpack';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { generateServerCertificate } from '../../src/plugin/cert';
import { tfplugin6 } from '../../src/plugin/wire';
import { PROVIDER_VERSION } from '../../src/provider/version';
import { PLUGIN_DIR, requireBuiltProvider } from '../acceptance/workspace';

export const MAGIC_COOKIE = 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2';
export const TYPE = 'workato_custom_oauth_profile';

/** The built executable for this machine, in the plugin directory `npm run build` writes. */
export function providerExecutable(): string {
  requireBuiltProvider();
  const platform = `${process.platform}_${process.arch === 'x64' ? 'amd64' : process.arch}`;
  return join(PLUGIN_DIR, 'registry.terraform.io/workato-iac/workato', PROVIDER_VERSION, platform, `terraform-provider-workato_v${PROVIDER_VERSION}`);
}

// ------------------------------------------------------------------------------------------------
// Values: cty's msgpack, as core writes it (objects with every attribute, nil for null, extension
// 0 for unknown)
// ------------------------------------------------------------------------------------------------

/** cty's unknown value, as it comes back decoded. */
export const UNKNOWN = Symbol('unknown');
const codec = new ExtensionCodec();
codec.register({
  type: 0,
  encode: (v) => (v === UNKNOWN ? new Uint8Array([0]) : null),
  decode: () => UNKNOWN,
});

export type Value = null | string | number | boolean | typeof UNKNOWN | Value[] | { [name: string]: Value };

export function msgpack(value: Value): tfplugin6.IDynamicValue {
  return { msgpack: encode(value, { extensionCodec: codec }) };
}

export function fromMsgpack(dv: tfplugin6.IDynamicValue | null | undefined): Value | undefined {
  if (!dv?.msgpack?.length) return undefined;
  return decode(dv.msgpack, { extensionCodec: codec, useBigInt64: false }) as Value;
}

/** An identity as core sends it, and reads it back. */
export const identity = (value: Value): tfplugin6.IResourceIdentityData => ({ identityData: msgpack(value) });
export const identityOf = (data: tfplugin6.IResourceIdentityData | null | undefined) => fromMsgpack(data?.identityData);

/** An object of a schema block: every attribute present, null unless given (as core builds them). */
export function objectOf(block: tfplugin6.Schema.IBlock, values: Record<string, Value>): Record<string, Value> {
  const out: Record<string, Value> = {};
  for (const a of block.attributes ?? []) out[a.name!] = values[a.name!] ?? null;
  return out;
}

/**
 * Core's proposed new state for an update: configured values, and the prior value of a computed
 * attribute the configuration leaves null.
 */
export function proposedNewState(block: tfplugin6.Schema.IBlock, prior: Record<string, Value>, config: Record<string, Value>): Record<string, Value> {
  const out: Record<string, Value> = {};
  for (const a of block.attributes ?? []) out[a.name!] = a.computed && config[a.name!] === null ? prior[a.name!] : config[a.name!];
  return out;
}

// ------------------------------------------------------------------------------------------------
// The provider process and its gRPC connection
// ------------------------------------------------------------------------------------------------

type Methods = typeof tfplugin6;
type Rpc = {
  [K in keyof Methods]: Methods[K] extends { Request: { encode(m: never): unknown }; Response: { decode(b: Uint8Array): unknown } } ? K : never;
}[keyof Methods];
type RequestMessage<K extends Rpc> = Parameters<Methods[K]['Request']['encode']>[0];
type ResponseMessage<K extends Rpc> = ReturnType<Methods[K]['Response']['decode']>;

export interface ListStreamOptions {
  /** Cancel the call once this many events have arrived, as core does once it has `limit`. */
  cancelAfter?: number;
  /** Called with every event as it arrives, and a function that cancels the call. */
  onEvent?: (event: tfplugin6.ListResource.Event, count: number, cancel: () => void) => void;
}

export interface ListOutcome {
  events: tfplugin6.ListResource.Event[];
  /** How the stream ended: 'end' (the provider ended it) or 'cancelled' (this client did). */
  ended: 'end' | 'cancelled';
}

export interface Core {
  /** The handshake line the provider printed. */
  handshake: string;
  call<K extends Rpc>(rpc: K, request: RequestMessage<K>): Promise<ResponseMessage<K>>;
  /** A unary call of any path, for RPCs this protocol file does not have; resolves with the raw answer. */
  raw(path: string): Promise<Buffer>;
  /**
   * A unary call on a connection of its own that presents `cert` (none: `null`) instead of the
   * certificate announced in PLUGIN_CLIENT_CERT, as another local process could.
   */
  rawAs(cert: { keyPem: string; certPem: string } | null, path: string): Promise<Buffer>;
  list(request: tfplugin6.ListResource.IRequest, options?: ListStreamOptions): Promise<ListOutcome>;
  stderr(): string;
  /** Resolves once the provider's stderr (its JSON log lines) contains `text`, counted `times` times. */
  stderrContains(text: string, times?: number): Promise<void>;
  /** GRPCController/Shutdown, as core calls it when done; resolves with the exit code. */
  shutdown(): Promise<number | null>;
  kill(): void;
}

const clientCert = generateServerCertificate();

/** Starts the provider executable as Terraform does and connects to it. */
export async function startProvider(env: NodeJS.ProcessEnv = {}): Promise<Core> {
  const child: ChildProcessWithoutNullStreams = spawn(providerExecutable(), [], {
    env: {
      PATH: process.env.PATH,
      TF_PLUGIN_MAGIC_COOKIE: MAGIC_COOKIE,
      PLUGIN_CLIENT_CERT: clientCert.certPem,
      PLUGIN_PROTOCOL_VERSIONS: '6',
      ...env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const waiters: Array<{ text: string; times: number; resolve: () => void }> = [];
  const count = (text: string) => err.split(text).length - 1;
  child.stderr.on('data', (d) => {
    err += d;
    for (const w of waiters.filter((x) => count(x.text) >= x.times)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const handshake = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')));
    });
    child.on('exit', (code) => reject(new Error(`the provider exited ${code} before the handshake:\n${err}`)));
  });
  const [core, app, network, address, protocol, certB64] = handshake.split('|');
  if (core !== '1' || app !== '6' || network !== 'tcp' || protocol !== 'grpc') throw new Error(`unexpected handshake ${handshake}`);
  const der = Buffer.from(certB64, 'base64');
  const pem = `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE-----\n`;
  // go-plugin verifies the server as "localhost" against the certificate of the handshake.
  const connect = (cert: { keyPem: string; certPem: string } | null) =>
    new grpc.Client(
      address,
      cert ? grpc.credentials.createSsl(Buffer.from(pem), Buffer.from(cert.keyPem), Buffer.from(cert.certPem)) : grpc.credentials.createSsl(Buffer.from(pem)),
      { 'grpc.ssl_target_name_override': 'localhost', 'grpc.default_authority': 'localhost' },
    );
  const client = connect(clientCert);

  const unaryOn = (c: grpc.Client, path: string, request: Uint8Array, options: grpc.CallOptions = {}): Promise<Buffer> =>
    new Promise((resolve, reject) =>
      // No deadline: core sets none either; jest's timeout bounds the test.
      c.makeUnaryRequest(path, (b: Uint8Array) => Buffer.from(b), (b: Buffer) => b, request, options, (e, r) => (e ? reject(e) : resolve(r!))),
    );
  const unary = (path: string, request: Uint8Array) => unaryOn(client, path, request);

  return {
    handshake,
    async call(rpc, request) {
      const m = tfplugin6[rpc] as unknown as { Request: { encode(x: unknown): { finish(): Uint8Array } }; Response: { decode(b: Uint8Array): unknown } };
      return m.Response.decode(await unary(`/tfplugin6.Provider/${rpc}`, m.Request.encode(request).finish())) as never;
    },
    raw: (path) => unary(path, new Uint8Array(0)),
    async rawAs(cert, path) {
      const other = connect(cert);
      try {
        return await unaryOn(other, path, new Uint8Array(0), { deadline: Date.now() + 10_000 });
      } finally {
        other.close();
      }
    },
    list(request, options = {}) {
      return new Promise<ListOutcome>((resolve, reject) => {
        const events: tfplugin6.ListResource.Event[] = [];
        const call = client.makeServerStreamRequest(
          '/tfplugin6.Provider/ListResource',
          (b: Uint8Array) => Buffer.from(b),
          (b: Buffer) => tfplugin6.ListResource.Event.decode(b),
          tfplugin6.ListResource.Request.encode(request).finish(),
        );
        let cancelled = false;
        const cancel = () => {
          if (cancelled) return;
          cancelled = true;
          call.cancel();
          resolve({ events, ended: 'cancelled' });
        };
        call.on('data', (event: tfplugin6.ListResource.Event) => {
          if (cancelled) return;
          events.push(event);
          options.onEvent?.(event, events.length, cancel);
          if (options.cancelAfter !== undefined && events.length >= options.cancelAfter) cancel();
        });
        call.on('error', (e: grpc.ServiceError) => (cancelled && e.code === grpc.status.CANCELLED ? undefined : reject(e)));
        call.on('end', () => resolve({ events, ended: 'end' }));
      });
    },
    stderr: () => err,
    stderrContains: (text, times = 1) =>
      count(text) >= times ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ text, times, resolve })),
    async shutdown() {
      await unary('/plugin.GRPCController/Shutdown', new Uint8Array(0));
      client.close();
      return exit;
    },
    kill() {
      client.close();
      child.kill('SIGKILL');
    },
  };
}

/** ConfigureProvider with the provider's own schema, every other setting null. */
export async function configure(core: Core, settings: Record<string, Value>): Promise<tfplugin6.ConfigureProvider.Response> {
  const schema = await core.call('GetProviderSchema', {});
  return core.call('ConfigureProvider', {
    terraformVersion: '1.14.9',
    config: msgpack(objectOf(schema.provider!.block!, settings)),
    clientCapabilities: { deferralAllowed: true, writeOnlyAttributesAllowed: true },
  });
}
