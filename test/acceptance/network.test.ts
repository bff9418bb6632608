// Acceptance: the provider behind a corporate proxy, with the real terraform CLI. Workato is the
// emulator behind a TLS front (a throwaway CA made here) under the name api.workato.test, which
// resolves nowhere: only a CONNECT proxy on 127.0.0.1, which tunnels every CONNECT to the front,
// can reach it. The provider must choose the proxy from HTTPS_PROXY, skip it for NO_PROXY, trust
// the CA only through SSL_CERT_FILE / SSL_CERT_DIR, and report the proxy's refusals as the proxy's.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NetworkError } from '../../src/client/errors';
import { ProxyConnectFailure, ProxyError, parseProxyUrl } from '../../src/client/network';
import { apiErrorAdvice } from '../../src/provider/api-diagnostics';
import { API_TOKEN, block, expr, profileResource, providerBlock, sensitiveVariable, withWorkspace, type Workspace } from './harness';
import { CLEAN_NETWORK_ENV, makePki, startCorporateNetwork, type CorporateNetwork, type FakeProxyOptions, type TestPki } from './network-fakes';

const BASE_URL = 'https://api.workato.test';
const PROXY_USER = 'svc-terraform';
const PROXY_PASSWORD = 'proxy-pa55-d1e7c0a9';
const SECRET = 'network-client-secret-41ab';
const flat = (text: string) => text.replace(/\s+/g, ' ');

const PROFILE = `${sensitiveVariable('secret')}${profileResource('app', {
  name: 'Behind the proxy',
  provider_name: 'hubspot',
  client_id: 'proxy-client',
  client_secret: expr('var.secret'),
})}`;
/** A read at plan time: the data source lists the profiles. */
const LISTING = block('data "workato_custom_oauth_profiles" "all"', {});

let pki: TestPki;
beforeAll(() => {
  pki = makePki(['api.workato.test', '127.0.0.1']);
});
afterAll(() => pki?.close());

/** A workspace whose emulator sits behind a TLS front for api.workato.test, and a proxy to it. */
function withNetwork<T>(proxyOptions: Omit<FakeProxyOptions, 'tunnelTo'>, body: (ws: Workspace, net: CorporateNetwork) => Promise<T>): Promise<T> {
  return withWorkspace(async (ws) => {
    const net = await startCorporateNetwork(pki, Number(new URL(ws.emulator.url).port), proxyOptions);
    try {
      return await body(ws, net);
    } finally {
      await net.close();
    }
  });
}

/** Runs terraform with TF_LOG=TRACE into a file of its own; returns the result and the log. */
async function traced(ws: Workspace, args: string[], env: Record<string, string | undefined>, allowFailure = false) {
  const logFile = join(ws.dir, `trace-${args[0]}-${Date.now()}-${Math.random().toString(36).slice(2)}.log`);
  const result = await ws.tf(args, { allowFailure, env: { ...CLEAN_NETWORK_ENV, TF_VAR_secret: SECRET, TF_LOG: 'TRACE', TF_LOG_PATH: logFile, ...env } });
  return { result, log: readFileSync(logFile, 'utf8') };
}

/** Neither the proxy's password (nor its Basic token), nor the API token, nor the client secret. */
function expectNoSecrets(...texts: string[]): void {
  const basic = Buffer.from(`${PROXY_USER}:${PROXY_PASSWORD}`).toString('base64');
  for (const text of texts) {
    expect(text).not.toContain(PROXY_PASSWORD);
    expect(text).not.toContain(basic);
    expect(text).not.toContain(API_TOKEN);
    expect(text).not.toContain(SECRET);
  }
}

describe('behind a corporate proxy', () => {
  test('with only HTTPS_PROXY set, apply tunnels through the proxy (CONNECT api.workato.test:443) and trusts the CA of SSL_CERT_FILE only', () =>
    withNetwork({ credentials: `${PROXY_USER}:${PROXY_PASSWORD}` }, async (ws, net) => {
      ws.writeConfig(PROFILE, { providerBlock: providerBlock(BASE_URL) });
      await ws.init();
      const env = { HTTPS_PROXY: net.proxyUrl(`${PROXY_USER}:${PROXY_PASSWORD}`), SSL_CERT_FILE: pki.caFile };

      const applied = await traced(ws, ['apply', '-auto-approve', '-no-color'], env);
      expect(applied.result.output).toContain('1 added, 0 changed, 0 destroyed');
      expect(ws.emulator.profiles()).toMatchObject([{ name: 'Behind the proxy', data: { client_id: 'proxy-client', client_secret: SECRET } }]);

      // Every request went through a tunnel to Workato's host, with the proxy's credentials...
      expect(net.proxy.connects.length).toBeGreaterThan(0);
      for (const c of net.proxy.connects) {
        expect(c.target).toBe('api.workato.test:443');
        expect(c.headers['proxy-authorization']).toBe(`Basic ${Buffer.from(`${PROXY_USER}:${PROXY_PASSWORD}`).toString('base64')}`);
        // ...which saw no API token (it travels inside TLS, end to end)...
        expect(c.head).not.toContain(API_TOKEN);
      }
      // ...while Workato got the token and never the proxy's credentials.
      expect(net.front.plaintext()).toContain(`Bearer ${API_TOKEN}`);
      expect(net.front.plaintext().toLowerCase()).not.toContain('proxy-authorization');
      for (const r of ws.emulator.requests) expect(r.headers['proxy-authorization']).toBeUndefined();
      // The provider's log says which way it went, and leaks nothing.
      expect(applied.log).toContain(`through the proxy http://127.0.0.1:${net.proxy.port} from HTTPS_PROXY`);
      expectNoSecrets(applied.result.output, applied.log);

      const plan = await traced(ws, ['plan', '-detailed-exitcode', '-no-color'], env);
      expect(plan.result.code).toBe(0);
      const destroyed = await traced(ws, ['destroy', '-auto-approve', '-no-color'], env);
      expect(destroyed.result.output).toContain('1 destroyed');
      expect(ws.emulator.profiles()).toHaveLength(0);
      expectNoSecrets(plan.result.output, plan.log, destroyed.result.output, destroyed.log);
    }));

  test.each(['workato.test', '.workato.test'])('NO_PROXY=%s sends the request directly: the proxy sees nothing, and the error is the direct connection\'s (DNS)', (noProxy) =>
    withNetwork({}, async (ws, net) => {
      ws.writeConfig(LISTING, { providerBlock: providerBlock(BASE_URL, { max_retries: 0 }) });
      await ws.init();
      const { result } = await traced(ws, ['plan', '-no-color'], { HTTPS_PROXY: net.proxyUrl(), NO_PROXY: noProxy, SSL_CERT_FILE: pki.caFile }, true);
      expect(result.code).toBe(1);
      expect(net.proxy.connections).toBe(0);
      const output = flat(result.output);
      // api.workato.test resolves nowhere: getaddrinfo's error, not the proxy's.
      expect(output).toMatch(/ENOTFOUND|EAI_AGAIN/);
      expect(output).toContain('api.workato.test');
      expect(output).toContain(`The request went directly, not through the proxy of HTTPS_PROXY: NO_PROXY entry "${noProxy}" matches api.workato.test.`);
      expect(output).not.toMatch(/from HTTPS_PROXY (answered|did not|closed)|could not connect to the proxy/);
    }));

  test('a proxy answering 407: the diagnostic names the proxy and HTTPS_PROXY, never the password, and says to check the variable, not base_url', () =>
    withNetwork({ credentials: `${PROXY_USER}:the-right-password` }, async (ws, net) => {
      // The default max_retries (5): a 407 is not worth another attempt.
      ws.writeConfig(LISTING, { providerBlock: providerBlock(BASE_URL) });
      await ws.init();
      const { result, log } = await traced(
        ws,
        ['plan', '-no-color'],
        { HTTPS_PROXY: net.proxyUrl(`${PROXY_USER}:${PROXY_PASSWORD}`), SSL_CERT_FILE: pki.caFile },
        true,
      );
      expect(result.code).toBe(1);
      const output = flat(result.output);
      expect(output).toContain(
        `the proxy http://127.0.0.1:${net.proxy.port} from HTTPS_PROXY answered 407 Proxy Authentication Required to CONNECT api.workato.test:443. ` +
          'The request did not reach Workato. The user name and password in HTTPS_PROXY were sent (Basic) and refused.',
      );
      expect(output).toContain('Check the user name and password in HTTPS_PROXY');
      expect(output).toContain('NO_PROXY');
      expect(output).not.toContain('Check base_url');
      expect(output).not.toContain(PROXY_USER);
      expectNoSecrets(result.output, log);
      expect(net.proxy.connects).toHaveLength(1);
      expect(ws.emulator.requests).toHaveLength(0);
    }));

  test('without SSL_CERT_FILE the same CA is not trusted: a clear certificate error, pointing at SSL_CERT_FILE', () =>
    withNetwork({}, async (ws, net) => {
      ws.writeConfig(LISTING, { providerBlock: providerBlock(BASE_URL, { max_retries: 0 }) });
      await ws.init();
      const { result } = await traced(ws, ['plan', '-no-color'], { HTTPS_PROXY: net.proxyUrl() }, true);
      expect(result.code).toBe(1);
      const output = flat(result.output);
      // The tunnel worked; TLS to api.workato.test inside it did not.
      expect(net.proxy.connects.map((c) => c.target)).toEqual(['api.workato.test:443']);
      expect(output).toContain('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
      expect(output).toContain(`The request went through the proxy http://127.0.0.1:${net.proxy.port} from HTTPS_PROXY.`);
      expect(output).toContain("The server's certificate is not signed by a trusted CA");
      expect(output).toContain('SSL_CERT_FILE');
      expect(net.front.handshakes).toBe(0);
      expect(ws.emulator.requests).toHaveLength(0);
    }));

  test('https_proxy (lower case), an https:// proxy, WORKATO_BASE_URL and the CA from SSL_CERT_DIR', () =>
    withNetwork({ tls: { certPem: pki.certPem, keyPem: pki.keyPem } }, async (ws, net) => {
      const certDir = join(ws.dir, 'certs');
      mkdirSync(certDir);
      writeFileSync(join(certDir, 'corp-root.pem'), pki.caPem);
      ws.emulator.seed({ name: 'Seeded', provider: 'hubspot', client_id: 'seeded', client_secret: 's' });
      ws.writeConfig(`${LISTING}output "names" {\n  value = data.workato_custom_oauth_profiles.all.profiles[*].name\n}\n`, { providerBlock: block('provider "workato"', {}) });
      await ws.init();
      const { result } = await traced(ws, ['apply', '-auto-approve', '-no-color'], {
        WORKATO_BASE_URL: BASE_URL,
        https_proxy: net.proxyUrl(undefined, 'https'),
        SSL_CERT_DIR: `${join(ws.dir, 'absent')}:${certDir}`,
      });
      expect(flat(result.output)).toContain('names = tolist([ "Seeded", ])');
      expect(net.proxy.connects.map((c) => c.target)).toContain('api.workato.test:443');
    }));

  test('a wrong SSL_CERT_FILE is a configuration error naming the variable', () =>
    withNetwork({}, async (ws, net) => {
      ws.writeConfig(LISTING, { providerBlock: providerBlock(BASE_URL) });
      await ws.init();
      const missing = join(ws.dir, 'no-such-ca.pem');
      const { result } = await traced(ws, ['plan', '-no-color'], { HTTPS_PROXY: net.proxyUrl(), SSL_CERT_FILE: missing }, true);
      expect(result.code).toBe(1);
      expect(flat(result.output)).toContain(`SSL_CERT_FILE names "${missing}", which cannot be read (ENOENT)`);
      expect(net.proxy.connections).toBe(0);
    }));
});

describe('the provider\'s advice for network errors', () => {
  const where = { method: 'GET', path: '/api/custom_oauth_profiles', url: `${BASE_URL}/api/custom_oauth_profiles` };
  const proxy = parseProxyUrl({ name: 'https_proxy', value: `http://${PROXY_USER}:${PROXY_PASSWORD}@proxy.corp:3128` });

  it.each<[string, Error, RegExp]>([
    ['407', new ProxyError(where, new ProxyConnectFailure('status', proxy, 'api.workato.test:443', { status: 407 })), /^Check the user name and password in https_proxy.*NO_PROXY/],
    ['502', new ProxyError(where, new ProxyConnectFailure('status', proxy, 'api.workato.test:443', { status: 502 })), /^Check https_proxy \(the proxy's address.*CONNECT.*NO_PROXY/],
    ['refused', new ProxyError(where, new ProxyConnectFailure('unreachable', proxy, 'api.workato.test:443', { code: 'ECONNREFUSED' })), /^Check https_proxy/],
    ['TLS to the proxy', new ProxyError(where, new ProxyConnectFailure('tls', proxy, 'api.workato.test:443', { code: 'SELF_SIGNED_CERT_IN_CHAIN' })), /^Check the scheme of https_proxy.*SSL_CERT_FILE/],
    ['untrusted certificate', new NetworkError(where, 'SELF_SIGNED_CERT_IN_CHAIN'), /SSL_CERT_FILE.*SSL_CERT_DIR.*NODE_EXTRA_CA_CERTS/],
    ['DNS', new NetworkError(where, 'ENOTFOUND'), /Check base_url \/ data_center.*HTTPS_PROXY and NO_PROXY/],
  ])('%s', (_name, error, advice) => {
    expect(apiErrorAdvice(error)).toMatch(advice);
    expect(apiErrorAdvice(error)).not.toContain(PROXY_PASSWORD);
    if (error instanceof ProxyError) expect(apiErrorAdvice(error)).not.toContain('base_url');
  });
});
