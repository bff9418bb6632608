// The gRPC server over real TLS on 127.0.0.1, as go-plugin's client uses it: the provider service,
// the controller's Shutdown, the health check, and refusal of a client certificate it was not given.

import * as grpc from '@grpc/grpc-js';
import { generateServerCertificate } from './cert';
import { encodeMsgpack } from './codec';
import type { Provider } from './framework';
import { startServer, type RunningServer } from './grpc';
import { Logger } from './log';
import { tfplugin6 } from './wire';

const provider: Provider<null> = {
  typeName: 'test',
  version: '0.0.1',
  schema: { version: 0, block: { description: 'p', attributes: { region: { type: 'string', optional: true, description: 'r' } } } },
  configure: () => undefined,
  resources: [],
  dataSources: [],
};

function client(server: RunningServer<null>, clientCert: ReturnType<typeof generateServerCertificate>) {
  const creds = grpc.credentials.createSsl(Buffer.from(server.certPem!), Buffer.from(clientCert.keyPem), Buffer.from(clientCert.certPem));
  // go-plugin's client verifies the server as "localhost" against the handshake's certificate.
  return new grpc.Client(`127.0.0.1:${server.port}`, creds, { 'grpc.ssl_target_name_override': 'localhost', 'grpc.default_authority': 'localhost' });
}

function unary(c: grpc.Client, path: string, request: Uint8Array): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    c.makeUnaryRequest(path, (b: Uint8Array) => Buffer.from(b), (b: Buffer) => b, request, { deadline: Date.now() + 5000 }, (e, r) => (e ? reject(e) : resolve(r!)));
  });
}

describe('gRPC server with mutual TLS', () => {
  const clientCert = generateServerCertificate();
  let server: RunningServer<null>;
  let shutdowns = 0;

  beforeAll(async () => {
    server = await startServer(provider, { clientCertPem: clientCert.certPem, logger: new Logger({ level: 'off' }), onShutdown: () => shutdowns++ });
  });
  afterAll(() => server.close());

  it('serves the provider service', async () => {
    const c = client(server, clientCert);
    const bytes = await unary(c, '/tfplugin6.Provider/GetProviderSchema', new Uint8Array(0));
    const schema = tfplugin6.GetProviderSchema.Response.decode(bytes);
    expect(schema.provider!.block!.attributes![0].name).toBe('region');
    c.close();
  });

  it('answers a request carrying a value', async () => {
    const c = client(server, clientCert);
    const req = tfplugin6.ValidateProviderConfig.Request.encode({ config: { msgpack: encodeMsgpack({ region: 'eu' }, { object: { region: 'string' } }) } }).finish();
    const res = tfplugin6.ValidateProviderConfig.Response.decode(await unary(c, '/tfplugin6.Provider/ValidateProviderConfig', req));
    expect(res.diagnostics).toEqual([]);
    c.close();
  });

  it('serves the health check and Shutdown', async () => {
    const c = client(server, clientCert);
    expect([...(await unary(c, '/grpc.health.v1.Health/Check', new Uint8Array(0)))]).toEqual([0x08, 0x01]);
    await unary(c, '/plugin.GRPCController/Shutdown', new Uint8Array(0));
    expect(shutdowns).toBe(1);
    c.close();
  });

  it('answers UNIMPLEMENTED for go-plugin services it does not offer', async () => {
    const c = client(server, clientCert);
    await expect(unary(c, '/plugin.GRPCStdio/StreamStdio', new Uint8Array(0))).rejects.toMatchObject({ code: grpc.status.UNIMPLEMENTED });
    c.close();
  });

  it('serves ListResource as a server stream, and answers UNIMPLEMENTED for provider RPCs it does not serve', async () => {
    const c = client(server, clientCert);
    const request = tfplugin6.ListResource.Request.encode({ typeName: 'test_widget', limit: 10 }).finish();
    const events = await new Promise<tfplugin6.ListResource.Event[]>((resolve, reject) => {
      const got: tfplugin6.ListResource.Event[] = [];
      const call = c.makeServerStreamRequest('/tfplugin6.Provider/ListResource', (b: Uint8Array) => Buffer.from(b), (b: Buffer) => tfplugin6.ListResource.Event.decode(b), request);
      call.on('data', (e: tfplugin6.ListResource.Event) => got.push(e));
      call.on('error', reject);
      call.on('end', () => resolve(got));
    });
    expect(events.map((e) => e.diagnostic.map((d) => d.summary))).toEqual([['Unknown list resource type']]);
    for (const rpc of ['GenerateResourceConfig', 'ValidateStateStoreConfig', 'PlanAction', 'NoSuchRpc']) {
      await expect(unary(c, `/tfplugin6.Provider/${rpc}`, new Uint8Array(0))).rejects.toMatchObject({ code: grpc.status.UNIMPLEMENTED });
    }
    c.close();
  });

  it('refuses a client certificate other than the one Terraform announced', async () => {
    const c = client(server, generateServerCertificate());
    await expect(unary(c, '/tfplugin6.Provider/GetProviderSchema', new Uint8Array(0))).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });
    c.close();
  });
});
