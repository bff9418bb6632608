// The gRPC server a go-plugin client talks to: tfplugin6.Provider, go-plugin's GRPCController and
// the standard health check, on 127.0.0.1 with mutual TLS (the client certificate Terraform gave us
// is the only one trusted).

import * as grpc from '@grpc/grpc-js';
import { generateServerCertificate } from './cert';
import type { Provider } from './framework';
import { Logger, logger as defaultLogger } from './log';
import { controllerMethods, type MethodDef, providerMethods, type ProviderService } from './rpc';
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

function serviceDefinition(serviceName: string, methods: Record<string, MethodDef<unknown, unknown>>): grpc.ServiceDefinition {
  const def: Record<string, grpc.MethodDefinition<unknown, unknown>> = {};
  for (const [name, m] of Object.entries(methods)) {
    def[name] = {
      path: `/${serviceName}/${name}`,
      requestStream: false,
      responseStream: false,
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
  for (const name of Object.keys(providerMethods) as Array<keyof ProviderService>) {
    const handler = providerServer[name].bind(providerServer) as (request: unknown) => Promise<unknown>;
    impl[name] = unary(handler, log, name);
  }
  server.addService(serviceDefinition('tfplugin6.Provider', providerMethods as Record<string, MethodDef<unknown, unknown>>), impl);

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
