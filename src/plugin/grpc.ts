// The gRPC server a go-plugin client talks to: tfplugin6.Provider, go-plugin's GRPCController and
// the standard health check, on 127.0.0.1 with mutual TLS (the client certificate Terraform gave us
// is the only one trusted).

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
  /** Stops accepting calls and closes every connection. */
  close(): Promise<void>;
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
      responseSerialize: (message: unknown) => Buffer.from(m.response.encode(message).finish()),
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

  let credentials: grpc.ServerCredentials;
  let cert: ReturnType<typeof generateServerCertificate> | undefined;
  if (options.clientCertPem) {
    cert = generateServerCertificate();
    credentials = grpc.ServerCredentials.createSsl(
      Buffer.from(options.clientCertPem),
      [{ private_key: Buffer.from(cert.keyPem), cert_chain: Buffer.from(cert.certPem) }],
      true,
    );
  } else {
    credentials = grpc.ServerCredentials.createInsecure();
  }

  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${options.host ?? '127.0.0.1'}:0`, credentials, (err, p) => (err ? reject(err) : resolve(p)));
  });

  return {
    port,
    certDer: cert?.certDer,
    certPem: cert?.certPem,
    provider: providerServer,
    grpcServer: server,
    close: () =>
      new Promise<void>((resolve) => {
        providerServer.stop('the provider is shutting down');
        server.forceShutdown();
        resolve();
      }),
  };
}
