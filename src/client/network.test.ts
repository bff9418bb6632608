// The network environment as Go's net/http reads it: the proxy variables and their precedence,
// NO_PROXY's matching, the extra trusted roots, and the client through a CONNECT proxy (fakes on
// 127.0.0.1 from test/acceptance/network-fakes.ts: a TLS front for the emulator under the name
// api.workato.test, and a proxy that tunnels every CONNECT to it).
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tls from 'node:tls';
import { makePki, startCorporateNetwork, type TestPki } from '../../test/acceptance/network-fakes';
import { API_TOKEN, captureLogger, caught, cleanup, closedPort, payload, start } from './client.test-helpers';
import { FakeClock } from './fake-clock.test-helpers';
import { ConfigError, NetworkError, WorkatoClient } from './index';
import {
  envAny,
  loadExtraRoots,
  NoProxy,
  nodeDefaultRoots,
  parseIp,
  parseProxyUrl,
  ProxyError,
  selectRoute,
  type NetworkEnv,
  type Route,
} from './network';

describe('envAny: the upper-case name first, then the lower-case one, as Go reads them', () => {
  it.each<[NetworkEnv, string | undefined, string | undefined]>([
    [{ HTTPS_PROXY: 'http://upper:1', https_proxy: 'http://lower:1' }, 'HTTPS_PROXY', 'http://upper:1'],
    [{ https_proxy: 'http://lower:1' }, 'https_proxy', 'http://lower:1'],
    // An empty upper-case variable does not hide the lower-case one (Go's getEnvAny skips "").
    [{ HTTPS_PROXY: '', https_proxy: 'http://lower:1' }, 'https_proxy', 'http://lower:1'],
    [{ HTTPS_PROXY: '', https_proxy: '' }, undefined, undefined],
    [{}, undefined, undefined],
  ])('%j → %s', (env, name, value) => {
    const found = envAny(env, 'HTTPS_PROXY', 'https_proxy');
    expect(found?.name).toBe(name);
    expect(found?.value).toBe(value);
  });
});

describe('parseIp', () => {
  it.each([
    ['1.2.3.4', true],
    ['255.255.255.255', true],
    ['256.1.1.1', false],
    ['01.2.3.4', false],
    ['::1', true],
    ['fe80::1', true],
    ['::ffff:1.2.3.4', true],
    ['2001:db8::8a2e:370:7334', true],
    ['fe80::1%eth0', false],
    ['example.com', false],
    ['1.2.3', false],
  ])('%s → %s', (text, ok) => {
    expect(parseIp(text) !== undefined).toBe(ok);
  });

  it('holds an IPv4 address as its IPv4-mapped IPv6 form, as Go does', () => {
    expect(parseIp('::ffff:1.2.3.4')).toEqual(parseIp('1.2.3.4'));
    expect(parseIp('0:0:0:0:0:0:0:1')).toEqual(parseIp('::1'));
  });
});

describe('NO_PROXY matching', () => {
  // [NO_PROXY, host, port, the entry that matches (undefined: none)]
  it.each<[string, string, string, string | undefined]>([
    // A domain matches itself and its subdomains...
    ['example.com', 'example.com', '443', 'example.com'],
    ['example.com', 'api.example.com', '443', 'example.com'],
    ['example.com', 'a.b.example.com', '443', 'example.com'],
    // ...but not a name that merely ends in the same letters, nor a parent.
    ['example.com', 'notexample.com', '443', undefined],
    ['api.example.com', 'example.com', '443', undefined],
    // With a leading dot or "*.": the same (DESIGN.md: "with or without a leading dot").
    ['.example.com', 'api.example.com', '443', '.example.com'],
    ['.example.com', 'example.com', '443', '.example.com'],
    ['*.example.com', 'api.example.com', '443', '*.example.com'],
    // Case and blanks do not matter; empty entries are skipped.
    [' Example.COM , ', 'api.example.com', '443', 'example.com'],
    [',,other.org,  example.com', 'api.example.com', '443', 'example.com'],
    // "*" alone matches everything; inside a name it is not a wildcard.
    ['*', 'api.example.com', '443', '*'],
    ['*', '10.1.2.3', '443', '*'],
    ['other.org,*', 'x.y', '8443', '*'],
    ['exa*.com', 'example.com', '443', undefined],
    // A port: only requests to that port match.
    ['example.com:443', 'api.example.com', '443', 'example.com:443'],
    ['example.com:8443', 'api.example.com', '443', undefined],
    ['.example.com:443', 'example.com', '443', '.example.com:443'],
    // IP addresses, with or without a port, IPv6 bare or in brackets.
    ['10.1.2.3', '10.1.2.3', '443', '10.1.2.3'],
    ['10.1.2.3', '10.1.2.4', '443', undefined],
    ['10.1.2.3:443', '10.1.2.3', '443', '10.1.2.3:443'],
    ['10.1.2.3:80', '10.1.2.3', '443', undefined],
    ['2001:db8::1', '[2001:db8::1]', '443', '2001:db8::1'],
    ['[2001:db8::1]:443', '[2001:db8::1]', '443', '[2001:db8::1]:443'],
    ['[2001:db8::1]:80', '[2001:db8::1]', '443', undefined],
    // CIDR ranges, IPv4 and IPv6; a CIDR range has no port.
    ['10.0.0.0/8', '10.200.3.4', '443', '10.0.0.0/8'],
    ['10.0.0.0/8', '11.0.0.1', '443', undefined],
    ['192.168.1.0/24', '192.168.1.77', '443', '192.168.1.0/24'],
    ['192.168.1.0/24', '192.168.2.1', '443', undefined],
    ['2001:db8::/32', '[2001:db8:ffff::1]', '443', '2001:db8::/32'],
    ['2001:db8::/32', '[2001:db9::1]', '443', undefined],
    ['0.0.0.0/0', '8.8.8.8', '443', '0.0.0.0/0'],
    // A domain entry never matches an IP address, nor an IP entry a name.
    ['3.4', '1.2.3.4', '443', undefined],
    ['1.2.3.4', 'example.com', '443', undefined],
    // International names match in their ASCII (punycode) form, as URLs carry them.
    ['bücher.de', 'shop.xn--bcher-kva.de', '443', 'bücher.de'],
    // Unreadable entries are skipped, not fatal.
    ['10.0.0.0/99,example.com', 'api.example.com', '443', 'example.com'],
    [':443,example.com', 'api.example.com', '443', 'example.com'],
  ])('NO_PROXY=%j, host %s port %s → %s', (noProxy, host, port, entry) => {
    expect(new NoProxy(noProxy).match(host, port)).toBe(entry);
  });
});

describe('selectRoute', () => {
  const route = (url: string, env: NetworkEnv): Route => selectRoute(new URL(url), env);
  const via = (r: Route): string => (r.kind === 'proxy' ? `${r.proxy.variable} ${r.proxy.shown}` : `direct (${r.reason})`);

  it.each<[string, NetworkEnv, string]>([
    ['https://api.example.com', {}, 'direct (no-proxy-variable)'],
    ['https://api.example.com', { HTTPS_PROXY: 'http://proxy.corp:3128' }, 'HTTPS_PROXY http://proxy.corp:3128'],
    ['https://api.example.com', { https_proxy: 'http://proxy.corp:3128' }, 'https_proxy http://proxy.corp:3128'],
    ['https://api.example.com', { HTTPS_PROXY: 'http://upper:1', https_proxy: 'http://lower:2' }, 'HTTPS_PROXY http://upper:1'],
    // An https URL never uses HTTP_PROXY (Go has no fallback), nor an http URL HTTPS_PROXY.
    ['https://api.example.com', { HTTP_PROXY: 'http://proxy.corp:3128' }, 'direct (no-proxy-variable)'],
    ['http://api.example.com', { HTTPS_PROXY: 'http://proxy.corp:3128' }, 'direct (no-proxy-variable)'],
    ['http://api.example.com', { http_proxy: 'http://proxy.corp:3128' }, 'http_proxy http://proxy.corp:3128'],
    // NO_PROXY, upper case first.
    ['https://api.example.com', { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'example.com' }, 'direct (no-proxy)'],
    ['https://api.example.com', { HTTPS_PROXY: 'http://p:1', no_proxy: '.example.com' }, 'direct (no-proxy)'],
    ['https://api.example.com', { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'other.org', no_proxy: 'example.com' }, 'HTTPS_PROXY http://p:1'],
    ['https://api.example.com', { HTTPS_PROXY: 'http://p:1', NO_PROXY: '', no_proxy: 'example.com' }, 'direct (no-proxy)'],
    // The port of a URL without one is the scheme's.
    ['https://api.example.com', { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'example.com:443' }, 'direct (no-proxy)'],
    ['https://api.example.com:8443', { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'example.com:443' }, 'HTTPS_PROXY http://p:1'],
    // Loopback is never proxied, whatever NO_PROXY says.
    ['http://127.0.0.1:8080', { HTTP_PROXY: 'http://p:1', NO_PROXY: '' }, 'direct (loopback)'],
    ['https://127.9.9.9', { HTTPS_PROXY: 'http://p:1' }, 'direct (loopback)'],
    ['https://localhost', { HTTPS_PROXY: 'http://p:1' }, 'direct (loopback)'],
    ['https://[::1]:8443', { HTTPS_PROXY: 'http://p:1' }, 'direct (loopback)'],
    // A private address is not loopback: proxied unless NO_PROXY says otherwise.
    ['https://10.1.2.3', { HTTPS_PROXY: 'http://p:1' }, 'HTTPS_PROXY http://p:1'],
    ['https://10.1.2.3', { HTTPS_PROXY: 'http://p:1', NO_PROXY: '10.0.0.0/8' }, 'direct (no-proxy)'],
  ])('%s with %j → %s', (url, env, expected) => {
    expect(via(route(url, env))).toBe(expected);
  });

  it('says which NO_PROXY entry matched, and which proxy variable it overrode', () => {
    expect(route('https://api.workato.test', { https_proxy: 'http://p:1', NO_PROXY: 'corp.example, .workato.test' })).toEqual({
      kind: 'direct',
      reason: 'no-proxy',
      proxyVariable: 'https_proxy',
      noProxyVariable: 'NO_PROXY',
      noProxyEntry: '.workato.test',
    });
  });
});

describe('parseProxyUrl', () => {
  it('reads a value without a scheme as http://, as Go does, with the default port', () => {
    expect(parseProxyUrl({ name: 'HTTPS_PROXY', value: 'proxy.corp:3128' })).toMatchObject({ protocol: 'http:', host: 'proxy.corp', port: 3128, shown: 'http://proxy.corp:3128' });
    expect(parseProxyUrl({ name: 'HTTPS_PROXY', value: '10.0.0.1:3128' })).toMatchObject({ protocol: 'http:', host: '10.0.0.1', port: 3128 });
    expect(parseProxyUrl({ name: 'HTTPS_PROXY', value: 'http://proxy.corp' })).toMatchObject({ port: 80 });
    expect(parseProxyUrl({ name: 'HTTPS_PROXY', value: 'https://proxy.corp' })).toMatchObject({ protocol: 'https:', port: 443 });
    expect(parseProxyUrl({ name: 'HTTPS_PROXY', value: 'http://[fd00::1]:3128' })).toMatchObject({ host: 'fd00::1', port: 3128, shown: 'http://[fd00::1]:3128' });
  });

  it('turns user info into a Basic Proxy-Authorization, percent-decoded, and keeps it out of what it shows', () => {
    const proxy = parseProxyUrl({ name: 'HTTPS_PROXY', value: 'http://svc%40corp:p%3Ass%2Fw0rd@proxy.corp:3128/' });
    expect(proxy.authorization).toBe(`Basic ${Buffer.from('svc@corp:p:ss/w0rd').toString('base64')}`);
    expect(proxy.shown).toBe('http://proxy.corp:3128');
    expect(proxy.secrets).toEqual(expect.arrayContaining(['p%3Ass%2Fw0rd', 'p:ss/w0rd', Buffer.from('svc@corp:p:ss/w0rd').toString('base64')]));
    expect(parseProxyUrl({ name: 'HTTPS_PROXY', value: 'http://proxy.corp:3128' }).authorization).toBeUndefined();
  });

  it.each([
    ['socks5://proxy.corp:1080', /HTTPS_PROXY names a SOCKS proxy.*only http:\/\/ and https:\/\//],
    ['ftp://proxy.corp', /must be an http:\/\/ or https:\/\/ proxy URL/],
    ['http://', /is not a proxy URL/],
  ])('refuses %s with a ConfigError naming the variable', (value, message) => {
    let error: unknown;
    try {
      parseProxyUrl({ name: 'HTTPS_PROXY', value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(message);
  });

  it('never repeats the password of a value it refuses', () => {
    expect(() => parseProxyUrl({ name: 'HTTPS_PROXY', value: 'socks5://user:hunter2-secret@proxy.corp:1080' })).toThrow(/^(?!.*hunter2-secret)/s);
  });
});

describe('trusted roots: SSL_CERT_FILE, SSL_CERT_DIR and Node\'s own', () => {
  let pki: TestPki;
  let pki2: TestPki;
  let dir: string;
  beforeAll(() => {
    pki = makePki(['api.workato.test']);
    pki2 = makePki(['other.test']);
  });
  afterAll(() => {
    pki.close();
    pki2.close();
  });
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'workato-roots-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads nothing when neither is set', () => {
    expect(loadExtraRoots({})).toEqual({ pems: [], sources: [] });
  });

  it('SSL_CERT_FILE: every certificate of the bundle', () => {
    const file = join(dir, 'bundle.pem');
    writeFileSync(file, `# corporate roots\n${pki.caPem}\n${pki2.caPem}`);
    const roots = loadExtraRoots({ SSL_CERT_FILE: file });
    expect(roots.pems).toHaveLength(2);
    expect(roots.pems[0]).toContain(pki.caPem.trim());
    expect(roots.sources).toEqual([`SSL_CERT_FILE ${file} (2 certificates)`]);
  });

  it('SSL_CERT_FILE that cannot be read, or holds no certificate, is a ConfigError naming the variable and the file', () => {
    const missing = join(dir, 'nope.pem');
    expect(() => loadExtraRoots({ SSL_CERT_FILE: missing })).toThrow(ConfigError);
    expect(() => loadExtraRoots({ SSL_CERT_FILE: missing })).toThrow(new RegExp(`SSL_CERT_FILE names "${missing}", which cannot be read \\(ENOENT\\)`));
    expect(() => loadExtraRoots({ SSL_CERT_FILE: dir })).toThrow(/SSL_CERT_FILE names .* cannot be read \(EISDIR\)/);
    const empty = join(dir, 'empty.pem');
    writeFileSync(empty, 'not a certificate\n');
    expect(() => loadExtraRoots({ SSL_CERT_FILE: empty })).toThrow(/SSL_CERT_FILE names .* holds no PEM certificate/);
  });

  it('SSL_CERT_DIR: the certificates of every file in each directory (":"-separated), skipping what holds none', () => {
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    mkdirSync(a);
    mkdirSync(b);
    mkdirSync(join(a, 'sub'));
    writeFileSync(join(a, 'corp.crt'), pki.caPem);
    writeFileSync(join(a, 'README'), 'hash links live here\n');
    symlinkSync(join(a, 'corp.crt'), join(a, '5ed36f99.0'));
    symlinkSync(join(a, 'gone.pem'), join(a, 'dangling.0'));
    writeFileSync(join(b, 'other.pem'), pki2.caPem);
    const roots = loadExtraRoots({ SSL_CERT_DIR: `${a}::${b}:${join(dir, 'absent')}` });
    // corp.crt and its hash link, and other.pem.
    expect(roots.pems).toHaveLength(3);
    expect(roots.sources).toEqual([`SSL_CERT_DIR ${a} (2 certificates)`, `SSL_CERT_DIR ${b} (1 certificate)`, `SSL_CERT_DIR ${join(dir, 'absent')} (does not exist, skipped)`]);
  });

  it('SSL_CERT_DIR naming something that is not a directory is a ConfigError naming the variable', () => {
    const file = join(dir, 'file.pem');
    writeFileSync(file, pki.caPem);
    expect(() => loadExtraRoots({ SSL_CERT_DIR: file })).toThrow(/SSL_CERT_DIR names .* cannot be read as a directory \(ENOTDIR\)/);
  });

  it("Node's own roots stay: its bundled ones, and NODE_EXTRA_CA_CERTS", () => {
    const extra = join(dir, 'extra.pem');
    writeFileSync(extra, pki2.caPem);
    const roots = nodeDefaultRoots({ NODE_EXTRA_CA_CERTS: extra });
    expect(roots).toEqual(expect.arrayContaining([...tls.rootCertificates]));
    if (typeof (tls as { getCACertificates?: unknown }).getCACertificates !== 'function') {
      // Node < 22.15: read here from the variable (Node 22.15+ reports what it loaded at start-up).
      expect(roots.some((r) => r.includes(pki2.caPem.trim().split('\n')[1]))).toBe(true);
      // An unreadable file is skipped, as Node itself does.
      expect(nodeDefaultRoots({ NODE_EXTRA_CA_CERTS: join(dir, 'absent.pem') })).toHaveLength(tls.rootCertificates.length);
    }
  });
});

describe('the client through a CONNECT proxy', () => {
  const BASE_URL = 'https://api.workato.test';
  const PASSWORD = 'proxy-pass-w0rd-9c1e';
  let pki: TestPki;
  let dir: string;
  let caFile: string;

  beforeAll(() => {
    pki = makePki(['api.workato.test', 'proxy.workato.test', '127.0.0.1']);
    dir = mkdtempSync(join(tmpdir(), 'workato-net-'));
    caFile = join(dir, 'ca.pem');
    writeFileSync(caFile, pki.caPem);
  });
  afterAll(() => {
    pki.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((c) => c()));
    await cleanup();
  });

  async function network(proxyOptions: { credentials?: string; status?: number; tls?: boolean } = {}) {
    const emu = await start({ token: API_TOKEN });
    const net = await startCorporateNetwork(pki, Number(new URL(emu.url).port), {
      credentials: proxyOptions.credentials,
      status: proxyOptions.status,
      tls: proxyOptions.tls ? { certPem: pki.certPem, keyPem: pki.keyPem } : undefined,
    });
    closers.push(() => net.close());
    return { emu, front: net.front, proxy: net.proxy };
  }

  const client = (environment: NetworkEnv, options: Partial<ConstructorParameters<typeof WorkatoClient>[0]> = {}) =>
    new WorkatoClient({ apiToken: API_TOKEN, baseUrl: BASE_URL, clock: new FakeClock(), environment, ...options });

  it('tunnels with CONNECT, sends Proxy-Authorization to the proxy alone, and trusts the CA of SSL_CERT_FILE', async () => {
    const { emu, front, proxy } = await network({ credentials: `svc:${PASSWORD}` });
    emu.seed({ name: 'P', provider: 'hubspot', client_id: 'c', client_secret: 's' });
    const { lines, logger } = captureLogger();
    const c = client({ HTTPS_PROXY: `http://svc:${PASSWORD}@127.0.0.1:${proxy.port}`, SSL_CERT_FILE: caFile }, { logger });
    expect(await c.listProfiles()).toHaveLength(1);
    const created = await c.createProfile(payload(2));
    expect(created.name).toBe('Profile 2');

    // Every tunnel (one, with keep-alive) to Workato's host.
    expect(proxy.connects.length).toBeGreaterThan(0);
    for (const x of proxy.connects) expect(x.target).toBe('api.workato.test:443');
    expect(proxy.connects[0].headers).toMatchObject({ host: 'api.workato.test:443', 'proxy-authorization': `Basic ${Buffer.from(`svc:${PASSWORD}`).toString('base64')}` });
    // The proxy saw no token (it is inside TLS), Workato no proxy credentials.
    expect(proxy.connects[0].head).not.toContain(API_TOKEN);
    expect(front.plaintext()).toContain(`Bearer ${API_TOKEN}`);
    expect(front.plaintext().toLowerCase()).not.toContain('proxy-authorization');
    expect(front.plaintext()).not.toContain(PASSWORD);
    for (const r of emu.requests) expect(Object.keys(r.headers)).not.toContain('proxy-authorization');
    // The log says which way it went, without the credentials.
    expect(lines.find((l) => l.message === 'workato network')?.fields).toMatchObject({
      route: `through the proxy http://127.0.0.1:${proxy.port} from HTTPS_PROXY`,
      extraRoots: `SSL_CERT_FILE ${caFile} (1 certificate)`,
    });
    expect(JSON.stringify(lines)).not.toContain(PASSWORD);
  });

  it('an https:// proxy: TLS to the proxy, then TLS to Workato inside it', async () => {
    const { emu, proxy } = await network({ tls: true, credentials: `svc:${PASSWORD}` });
    emu.seed({ name: 'P', provider: 'hubspot', client_id: 'c', client_secret: 's' });
    const c = client({ https_proxy: `https://svc:${PASSWORD}@127.0.0.1:${proxy.port}`, SSL_CERT_FILE: caFile });
    expect(await c.listProfiles()).toHaveLength(1);
    expect(proxy.connects.map((x) => x.target)).toEqual(['api.workato.test:443']);
  });

  it('an https:// proxy whose certificate is not trusted: the proxy\'s TLS error, not retried', async () => {
    const { proxy } = await network({ tls: true });
    const error = await caught(client({ HTTPS_PROXY: `https://svc:${PASSWORD}@127.0.0.1:${proxy.port}` }, { maxRetries: 3 }).listProfiles());
    expect(error).toBeInstanceOf(ProxyError);
    expect(error).toMatchObject({ kind: 'tls', code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', attempts: 1 });
    expect(error.message).toContain(`the TLS connection to the proxy https://127.0.0.1:${proxy.port} from HTTPS_PROXY failed (UNABLE_TO_VERIFY_LEAF_SIGNATURE`);
    expect(error.message).not.toContain(PASSWORD);
    expect(proxy.connects).toHaveLength(0);
  });

  it('a 407 is the proxy\'s error, naming the proxy and the variable, never the password, and is not retried', async () => {
    const { proxy } = await network({ credentials: 'svc:the-right-one' });
    const c = client({ HTTPS_PROXY: `http://svc:${PASSWORD}@127.0.0.1:${proxy.port}`, SSL_CERT_FILE: caFile }, { maxRetries: 3 });
    const error = await caught(c.createProfile(payload(1)));
    expect(error).toBeInstanceOf(ProxyError);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ proxy: `http://127.0.0.1:${proxy.port}`, proxyVariable: 'HTTPS_PROXY', proxyStatus: 407, kind: 'status', attempts: 1 });
    expect(error.message).toBe(
      `Workato API POST ${BASE_URL}/api/custom_oauth_profiles failed: the proxy http://127.0.0.1:${proxy.port} from HTTPS_PROXY answered ` +
        '407 Proxy Authentication Required to CONNECT api.workato.test:443. The request did not reach Workato. ' +
        'The user name and password in HTTPS_PROXY were sent (Basic) and refused.',
    );
    expect(JSON.stringify({ ...error, message: error.message, stack: error.stack })).not.toContain(PASSWORD);
    // Not retried, and a create that never reached Workato is not "checked" either.
    expect(proxy.connects).toHaveLength(1);
  });

  it('a 407 without credentials says the variable holds none', async () => {
    const { proxy } = await network({ credentials: 'svc:x' });
    const error = await caught(client({ HTTPS_PROXY: `http://127.0.0.1:${proxy.port}`, SSL_CERT_FILE: caFile }).listProfiles());
    expect(error.message).toContain('HTTPS_PROXY holds no user name and password');
  });

  it('a 502 from the proxy is retried (nothing reached Workato), then reported as the proxy\'s', async () => {
    const { proxy } = await network({ status: 502 });
    const error = await caught(client({ HTTPS_PROXY: `http://127.0.0.1:${proxy.port}` }, { maxRetries: 2 }).createProfile(payload(1)));
    expect(error).toBeInstanceOf(ProxyError);
    expect(error.message).toContain(`the proxy http://127.0.0.1:${proxy.port} from HTTPS_PROXY answered 502 Bad Gateway to CONNECT api.workato.test:443`);
    expect(error.message).toContain('(after 3 attempts)');
    expect(proxy.connects).toHaveLength(3);
  });

  it('a proxy that refuses the connection: the proxy\'s error, retried as a network fault', async () => {
    const port = await closedPort();
    const error = await caught(client({ HTTPS_PROXY: `http://svc:${PASSWORD}@127.0.0.1:${port}` }, { maxRetries: 1 }).listProfiles());
    expect(error).toBeInstanceOf(ProxyError);
    expect(error).toMatchObject({ kind: 'unreachable', code: 'ECONNREFUSED', attempts: 2 });
    expect(error.message).toContain(`could not connect to the proxy http://127.0.0.1:${port} from HTTPS_PROXY (ECONNREFUSED)`);
    expect(error.message).not.toContain(PASSWORD);
  });

  it('without SSL_CERT_FILE the private CA is not trusted: a certificate error of Workato\'s host, not the proxy\'s', async () => {
    const { proxy } = await network();
    const error = await caught(client({ HTTPS_PROXY: `http://127.0.0.1:${proxy.port}` }).listProfiles());
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).not.toBeInstanceOf(ProxyError);
    expect((error as NetworkError).code).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expect(error.message).toContain(`The request went through the proxy http://127.0.0.1:${proxy.port} from HTTPS_PROXY.`);
    // A certificate error is not retried.
    expect(proxy.connects).toHaveLength(1);
  });

  it.each(['workato.test', '.workato.test'])('NO_PROXY=%s: directly, so the proxy sees nothing and the error is the direct one', async (noProxy) => {
    const { proxy } = await network();
    const error = await caught(client({ HTTPS_PROXY: `http://127.0.0.1:${proxy.port}`, NO_PROXY: noProxy, SSL_CERT_FILE: caFile }, { maxRetries: 0 }).listProfiles());
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).not.toBeInstanceOf(ProxyError);
    expect((error as NetworkError).code).toMatch(/^(ENOTFOUND|EAI_AGAIN)$/);
    expect(error.message).toContain(`The request went directly, not through the proxy of HTTPS_PROXY: NO_PROXY entry "${noProxy}" matches api.workato.test.`);
    expect(proxy.connections).toBe(0);
  });

  it('a wrong HTTPS_PROXY or SSL_CERT_FILE is a ConfigError when the client is made', () => {
    expect(() => client({ HTTPS_PROXY: 'socks5://p:1080' })).toThrow(ConfigError);
    expect(() => client({ SSL_CERT_FILE: join(dir, 'absent.pem') })).toThrow(/SSL_CERT_FILE/);
    // Loopback base URLs take no proxy and no extra roots.
    expect(() => new WorkatoClient({ apiToken: API_TOKEN, baseUrl: 'http://127.0.0.1:1', environment: { HTTP_PROXY: 'socks5://p:1' } })).not.toThrow();
  });
});
