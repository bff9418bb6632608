// Fakes of a corporate network on 127.0.0.1, for the proxy and trust tests: a throwaway CA and
// server certificates (made with openssl), a TLS front that terminates TLS for a host name such as
// api.workato.test and forwards the plain HTTP to the emulator, and a CONNECT proxy that connects
// every tunnel to that front (whatever host it is asked for), or answers with a status of its own.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tls from 'node:tls';

export interface TestPki {
  dir: string;
  /** The CA's certificate, PEM, and its file. */
  caPem: string;
  caFile: string;
  /** A certificate for `names` signed by the CA, and its key. */
  certPem: string;
  keyPem: string;
  close(): void;
}

/**
 * A throwaway CA and one server certificate for `names` (DNS names; an IPv4 address becomes an IP
 * SAN), made with openssl in a temporary directory.
 */
export function makePki(names: string[]): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'workato-pki-'));
  const f = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', f('ca.key'), '-out', f('ca.pem'),
    '-days', '2', '-subj', '/CN=Workato test corporate CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', f('server.key'), '-out', f('server.csr'), '-subj', `/CN=${names[0]}`);
  const san = names.map((n) => (/^\d+\.\d+\.\d+\.\d+$/.test(n) ? `IP:${n}` : `DNS:${n}`)).join(',');
  writeFileSync(f('ext.cnf'), `subjectAltName=${san}\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n`);
  openssl('x509', '-req', '-in', f('server.csr'), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial', '-out', f('server.pem'), '-days', '2', '-extfile', f('ext.cnf'));
  return {
    dir,
    caPem: readFileSync(f('ca.pem'), 'utf8'),
    caFile: f('ca.pem'),
    certPem: readFileSync(f('server.pem'), 'utf8'),
    keyPem: readFileSync(f('server.key'), 'utf8'),
    close: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
  });
}

function closeServer(server: net.Server, sockets: Set<net.Socket>): Promise<void> {
  for (const s of sockets) s.destroy();
  return new Promise((resolve) => server.close(() => resolve()));
}

export interface TlsFront {
  port: number;
  /** How many TLS connections completed their handshake. */
  readonly handshakes: number;
  /** The plain text of every request that came through (headers and bodies), in order. */
  plaintext(): string;
  close(): Promise<void>;
}

/** TLS on 127.0.0.1 with `cert`/`key`, the plain stream forwarded to 127.0.0.1:`targetPort`. */
export async function startTlsFront(options: { certPem: string; keyPem: string; targetPort: number }): Promise<TlsFront> {
  const sockets = new Set<net.Socket>();
  const seen: Buffer[] = [];
  let handshakes = 0;
  const server = tls.createServer({ cert: options.certPem, key: options.keyPem }, (clear) => {
    handshakes++;
    sockets.add(clear);
    const upstream = net.connect(options.targetPort, '127.0.0.1');
    sockets.add(upstream);
    clear.on('data', (d: Buffer) => seen.push(d));
    clear.pipe(upstream).pipe(clear);
    const end = () => {
      clear.destroy();
      upstream.destroy();
    };
    clear.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  // A client that refuses the certificate ends the handshake: not an error of the front.
  server.on('tlsClientError', () => undefined);
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const port = await listen(server);
  return {
    port,
    get handshakes() {
      return handshakes;
    },
    plaintext: () => Buffer.concat(seen).toString('latin1'),
    close: () => closeServer(server, sockets),
  };
}

export interface ConnectRequest {
  /** The request target of CONNECT, e.g. `api.workato.test:443`. */
  target: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
  /** The whole request head as received. */
  head: string;
}

export interface FakeProxy {
  port: number;
  /** Every CONNECT request received, in order. */
  readonly connects: ConnectRequest[];
  /** Every connection accepted, CONNECT or not. */
  readonly connections: number;
  close(): Promise<void>;
}

export interface FakeProxyOptions {
  /** Where every accepted tunnel goes: 127.0.0.1:tunnelTo (the TLS front). */
  tunnelTo: number;
  /** `user:password` the proxy requires (as Basic Proxy-Authorization); without it, anyone may. */
  credentials?: string;
  /** Answer every CONNECT with this status instead of tunnelling (e.g. 502). */
  status?: number;
  /** For an https:// proxy: TLS with this certificate before CONNECT. */
  tls?: { certPem: string; keyPem: string };
}

/** A CONNECT proxy on 127.0.0.1: records each CONNECT, then tunnels to the front or refuses. */
export async function startConnectProxy(options: FakeProxyOptions): Promise<FakeProxy> {
  const sockets = new Set<net.Socket>();
  const connects: ConnectRequest[] = [];
  let connections = 0;
  const onClient = (client: net.Socket): void => {
    connections++;
    sockets.add(client);
    client.on('error', () => client.destroy());
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      client.removeListener('data', onData);
      client.pause();
      const text = head.subarray(0, end).toString('latin1');
      const [requestLine, ...lines] = text.split('\r\n');
      const [method, target] = requestLine.split(' ');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      if (method !== 'CONNECT') {
        client.end('HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      connects.push({ target, headers, head: text });
      const expected = options.credentials ? `Basic ${Buffer.from(options.credentials).toString('base64')}` : undefined;
      if (expected !== undefined && headers['proxy-authorization'] !== expected) {
        client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="corp"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
        return;
      }
      if (options.status !== undefined) {
        client.end(`HTTP/1.1 ${options.status} Refused By Test\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
        return;
      }
      const upstream = net.connect(options.tunnelTo, '127.0.0.1', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        const rest = head.subarray(end + 4);
        if (rest.length > 0) upstream.write(rest);
        client.pipe(upstream).pipe(client);
        client.resume();
      });
      sockets.add(upstream);
      const close = () => {
        client.destroy();
        upstream.destroy();
      };
      upstream.on('error', close).on('close', close);
      client.on('close', close);
    };
    client.on('data', onData);
  };
  const server: net.Server = options.tls
    ? tls.createServer({ cert: options.tls.certPem, key: options.tls.keyPem }, onClient)
    : net.createServer(onClient);
  if (options.tls) server.on('tlsClientError', () => undefined);
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const port = await listen(server);
  return {
    port,
    connects,
    get connections() {
      return connections;
    },
    close: () => closeServer(server, sockets),
  };
}

/** A port on 127.0.0.1 where nothing listens (bound, then closed). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  const port = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Whatever the machine running the tests has set must not steer a network test. */
export const CLEAN_NETWORK_ENV: Record<string, undefined> = {
  HTTPS_PROXY: undefined,
  https_proxy: undefined,
  HTTP_PROXY: undefined,
  http_proxy: undefined,
  NO_PROXY: undefined,
  no_proxy: undefined,
  SSL_CERT_FILE: undefined,
  SSL_CERT_DIR: undefined,
  NODE_EXTRA_CA_CERTS: undefined,
  NODE_USE_ENV_PROXY: undefined,
};

export interface CorporateNetwork {
  front: TlsFront;
  proxy: FakeProxy;
  /** `scheme://[credentials@]127.0.0.1:PORT`: the proxy's URL for HTTPS_PROXY. */
  proxyUrl(credentials?: string, scheme?: 'http' | 'https'): string;
  close(): Promise<void>;
}

/**
 * The emulator at 127.0.0.1:`emulatorPort` behind a TLS front with `pki`'s certificate, and a
 * CONNECT proxy whose every tunnel ends at that front: what a corporate network looks like to a
 * client that must name Workato's host (say api.workato.test, which resolves nowhere) to the proxy.
 */
export async function startCorporateNetwork(pki: TestPki, emulatorPort: number, proxyOptions: Omit<FakeProxyOptions, 'tunnelTo'> = {}): Promise<CorporateNetwork> {
  const front = await startTlsFront({ certPem: pki.certPem, keyPem: pki.keyPem, targetPort: emulatorPort });
  const proxy = await startConnectProxy({ ...proxyOptions, tunnelTo: front.port });
  return {
    front,
    proxy,
    proxyUrl: (credentials, scheme = 'http') => `${scheme}://${credentials ? `${credentials}@` : ''}127.0.0.1:${proxy.port}`,
    close: async () => {
      await proxy.close();
      await front.close();
    },
  };
}
