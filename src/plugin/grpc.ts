// The gRPC server a go-plugin client talks to: tfplugin6.Provider, go-plugin's GRPCController and
// the standard health check, on 127.0.0.1 with mutual TLS (the client certificate Terraform gave us
// is the only one trusted).

import { X509Certificate } from 'node:crypto';
import type * as net from 'node:net';
import type * as tls from 'node:tls';
import * as grpc from '@grpc/grpc-js';
import { generateServerCertificate } from './cert';
import type { Provider } from './framework';
import { Logger, logger as defaultLogger } from './log';
import { controllerMethods, type EventSink, type MethodDef, providerMethods, providerStreams } from './rpc';
import { ProviderServer } from './dispatch';

// Terraform allows messages up to 256 MiB each way; so do we.
const MAX_MESSAGE = 256 << 20;

export interface StartOptions {
  /** PEM of the only client certificate to accept; without it the server is plaintext. */
  clientCertPem?: string;
  host?: string;
  logger?: Logger;
  /** Called after GRPCController/Shutdown has been answered. */
  onShutdown?: () => void;
  /** See ProviderServerOptions.cancelGraceMs. */
  cancelGraceMs?: number;
}

export interface RunningServer<D> {
  port: number;
  /** The server certificate (DER) for the handshake line; absent when plaintext. */
  certDer?: Buffer;
  /** The server certificate in PEM, for clients in tests. */
  certPem?: string;
  provider: ProviderServer<D>;
  grpcServer: grpc.Server;
  /** Stops listening, lets the calls in flight finish, then calls `done` (grpc-js's tryShutdown). */
  shutdown(done: () => void): void;
  /** Stops accepting calls and closes every connection. */
  close(): Promise<void>;
}

/**
 * The TLS side of go-plugin's AutoMTLS, in front of grpc-js: Terraform's client certificate is the
 * only one accepted, byte for byte, as go-plugin's client pins ours. Its connections, once their
 * handshake is done and the certificate checked, are handed to grpc-js as plaintext HTTP/2.
 *
 * Not grpc-js's own `createSsl(clientCert, ...)`: Node.js adds any CA it is given to a copy of its
 * bundled public roots, so a client certificate issued by a public CA would pass as well, and
 * building that store parses ~140 root certificates in every provider process (about 40 ms of
 * each start-up on Node.js 20, 6 on Node.js 22). Here the context trusts nothing (`ca: []`), the
 * handshake still asks for a certificate and checks the client's proof of its key (TLS's
 * CertificateVerify), and the certificate must be the announced one, byte for byte.
 */
function listenMutualTls(
  host: string,
  clientCertPem: string,
  cert: ReturnType<typeof generateServerCertificate>,
  inject: (socket: net.Socket) => void,
  log: Logger,
): Promise<tls.Server> {
  let expected: Buffer;
  try {
    expected = new X509Certificate(clientCertPem).raw;
  } catch {
    throw new Error('PLUGIN_CLIENT_CERT does not hold a PEM certificate (Terraform sets it to its client certificate when it starts a provider)');
  }
  // Required here, not at the top: the standalone's start-up snapshot cannot hold node:tls.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createServer } = require('node:tls') as typeof tls;
  const listener = createServer(
    {
      key: cert.keyPem,
      cert: cert.certPem,
      ca: [],
      requestCert: true,
      rejectUnauthorized: false,
      ALPNProtocols: ['h2'],
      minVersion: 'TLSv1.2',
    },
    (socket) => {
      socket.on('error', (e) => log.debug('A gRPC connection closed with an error', { error: e.message }));
      const peer = socket.getPeerCertificate(false);
      if (!peer || !peer.raw || !expected.equals(peer.raw)) {
        log.warn('Refused a connection: its client certificate is not the one Terraform gave the provider');
        socket.destroy();
        return;
      }
      inject(socket);
    },
  );
  listener.on('tlsClientError', (e) => log.debug('A TLS handshake failed', { error: e.message }));
  return new Promise((resolve, reject) => {
    listener.once('error', reject);
    listener.listen(0, host, () => {
      listener.off('error', reject);
      resolve(listener);
    });
  });
}

/** protobufjs's bytes as a Buffer: on Node.js they already are one; otherwise a view, not a copy. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function serviceDefinition(
  serviceName: string,
  methods: Record<string, MethodDef<unknown, unknown>>,
  streams: Record<string, MethodDef<unknown, unknown>> = {},
): grpc.ServiceDefinition {
  const def: Record<string, grpc.MethodDefinition<unknown, unknown>> = {};
  for (const [name, m] of [...Object.entries(methods), ...Object.entries(streams)]) {
    def[name] = {
      path: `/${serviceName}/${name}`,
      requestStream: false,
      responseStream: name in streams,
      requestDeserialize: (bytes: Buffer) => m.request.decode(bytes),
      requestSerialize: () => Buffer.alloc(0), // client side only; unused by a server
      responseSerialize: (message: unknown) => asBuffer(m.response.encode(message).finish()),
      responseDeserialize: () => undefined,
    };
  }
  return def;
}

/** Adapts an async handler to grpc-js; a rejected promise becomes an INTERNAL status, not a crash. */
function unary(handler: (request: unknown) => Promise<unknown>, log: Logger, name: string): grpc.handleUnaryCall<unknown, unknown> {
  return (call, callback) => {
    handler(call.request).then(
      (response) => callback(null, response),
      (e: unknown) => {
        log.error(`Unhandled failure in ${name}`, { error: e instanceof Error ? e.message : String(e) });
        callback({ code: grpc.status.INTERNAL, details: e instanceof Error ? e.message : String(e) });
      },
    );
  };
}

/**
 * Adapts a streaming handler to grpc-js: its events are written with backpressure (a write waits
 * for the stream to drain), the client's cancellation reaches it as `sink.cancelled`, and the stream
 * ends when the handler returns; a rejected promise becomes an INTERNAL status, not a crash.
 */
function serverStream(
  handler: (request: unknown, sink: EventSink<unknown>) => Promise<void>,
  log: Logger,
  name: string,
): grpc.handleServerStreamingCall<unknown, unknown> {
  return (call) => {
    const cancelled = new AbortController();
    const cancel = () => cancelled.abort(new Error('the client cancelled the call'));
    call.on('cancelled', cancel);
    if (call.cancelled) cancel();
    const sink: EventSink<unknown> = {
      cancelled: cancelled.signal,
      write: (event) =>
        new Promise<void>((resolve) => {
          if (cancelled.signal.aborted || call.writableEnded) return resolve();
          if (call.write(event)) return resolve();
          const done = () => {
            call.off('drain', done);
            cancelled.signal.removeEventListener('abort', done);
            resolve();
          };
          call.on('drain', done);
          cancelled.signal.addEventListener('abort', done);
        }),
    };
    handler(call.request, sink).then(
      () => {
        if (!call.writableEnded) call.end();
      },
      (e: unknown) => {
        log.error(`Unhandled failure in ${name}`, { error: e instanceof Error ? e.message : String(e) });
        call.emit('error', { code: grpc.status.INTERNAL, details: e instanceof Error ? e.message : String(e) });
      },
    ).finally(() => call.off('cancelled', cancel));
  };
}

// grpc.health.v1.Health/Check answers SERVING (field 1 = 1); the request's service name is ignored.
const healthService: grpc.ServiceDefinition = {
  Check: {
    path: '/grpc.health.v1.Health/Check',
    requestStream: false,
    responseStream: false,
    requestDeserialize: (bytes: Buffer) => bytes,
    requestSerialize: (v: unknown) => v as Buffer,
    responseSerialize: () => Buffer.from([0x08, 0x01]),
    responseDeserialize: (bytes: Buffer) => bytes,
  },
};

export async function startServer<D>(provider: Provider<D>, options: StartOptions = {}): Promise<RunningServer<D>> {
  const log = options.logger ?? defaultLogger;
  const providerServer = new ProviderServer(provider, { logger: log, cancelGraceMs: options.cancelGraceMs });
  const server = new grpc.Server({
    'grpc.max_receive_message_length': MAX_MESSAGE,
    'grpc.max_send_message_length': MAX_MESSAGE,
  });

  const impl: grpc.UntypedServiceImplementation = {};
  for (const name of Object.keys(providerMethods) as Array<keyof typeof providerMethods>) {
    const handler = providerServer[name].bind(providerServer) as (request: unknown) => Promise<unknown>;
    impl[name] = unary(handler, log, name);
  }
  for (const name of Object.keys(providerStreams) as Array<keyof typeof providerStreams>) {
    const handler = providerServer[name].bind(providerServer) as (request: unknown, sink: EventSink<unknown>) => Promise<void>;
    impl[name] = serverStream(handler, log, name);
  }
  server.addService(
    serviceDefinition(
      'tfplugin6.Provider',
      providerMethods as Record<string, MethodDef<unknown, unknown>>,
      providerStreams as Record<string, MethodDef<unknown, unknown>>,
    ),
    impl,
  );

  server.addService(serviceDefinition('plugin.GRPCController', controllerMethods as Record<string, MethodDef<unknown, unknown>>), {
    Shutdown: (_call: unknown, callback: grpc.sendUnaryData<unknown>) => {
      log.debug('Shutdown requested by Terraform', { tf_rpc: 'Shutdown' });
      providerServer.stop('the provider is shutting down');
      callback(null, {});
      options.onShutdown?.();
    },
  });
  server.addService(healthService, {
    Check: (_call: unknown, callback: grpc.sendUnaryData<unknown>) => callback(null, {}),
  });

  const host = options.host ?? '127.0.0.1';
  let cert: ReturnType<typeof generateServerCertificate> | undefined;
  let listener: tls.Server | undefined;
  let port: number;
  if (options.clientCertPem) {
    cert = generateServerCertificate();
    const injector = server.createConnectionInjector(grpc.ServerCredentials.createInsecure());
    listener = await listenMutualTls(host, options.clientCertPem, cert, (socket) => injector.injectConnection(socket), log);
    port = (listener.address() as net.AddressInfo).port;
  } else {
    port = await new Promise<number>((resolve, reject) => {
      server.bindAsync(`${host}:0`, grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p)));
    });
  }

  return {
    port,
    certDer: cert?.certDer,
    certPem: cert?.certPem,
    provider: providerServer,
    grpcServer: server,
    shutdown: (done) => {
      listener?.close();
      server.tryShutdown(() => done());
    },
    close: () =>
      new Promise<void>((resolve) => {
        providerServer.stop('the provider is shutting down');
        listener?.close();
        server.forceShutdown();
        resolve();
      }),
  };
}
