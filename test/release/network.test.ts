// The standalone linux_amd64 executable behind a corporate proxy: it ignores NODE_OPTIONS, so the
// proxy and the trusted roots must come from the variables it reads itself (HTTPS_PROXY,
// SSL_CERT_FILE), on its embedded Node 22 (which has tls.getCACertificates) and with no node on
// PATH. The fakes are the acceptance tests' (test/acceptance/network-fakes.ts).
import { rmSync } from 'node:fs';
import { API_TOKEN, block, withWorkspace } from '../acceptance/harness';
import { CLEAN_NETWORK_ENV, makePki, startCorporateNetwork, type TestPki } from '../acceptance/network-fakes';
import { executables, pathWithoutNode, pluginDirWith } from './fixture';

const BASE_URL = 'https://api.workato.test';
const PROXY_PASSWORD = 'standalone-proxy-pass-2f9d';
const flat = (text: string) => text.replace(/\s+/g, ' ');

let pki: TestPki;
let pluginDir: string;
let noNodePath: string;

beforeAll(async () => {
  pki = makePki(['api.workato.test']);
  const exe = (await executables(['linux_amd64'])).linux_amd64;
  pluginDir = pluginDirWith(exe, 'linux_amd64');
  noNodePath = pathWithoutNode();
}, 600_000);
afterAll(() => {
  pki?.close();
  for (const dir of [pluginDir, noNodePath]) if (dir) rmSync(dir, { recursive: true, force: true });
});

const CONFIG = `${block('data "workato_custom_oauth_profiles" "all"', {})}output "names" {
  value = data.workato_custom_oauth_profiles.all.profiles[*].name
}
`;

describe('the standalone executable behind a proxy', () => {
  test('HTTPS_PROXY and SSL_CERT_FILE apply whatever NODE_OPTIONS holds; a 407 is the proxy\'s error', () =>
    withWorkspace(async (ws) => {
      const net = await startCorporateNetwork(pki, Number(new URL(ws.emulator.url).port), { credentials: `svc:${PROXY_PASSWORD}` });
      try {
        ws.emulator.seed({ name: 'Through the tunnel', provider: 'hubspot', client_id: 'c', client_secret: 's' });
        ws.writeConfig(CONFIG, { providerBlock: block('provider "workato"', { base_url: BASE_URL, max_retries: 0 }) });
        const env = {
          ...CLEAN_NETWORK_ENV,
          PATH: noNodePath,
          // Flags for someone's own Node.js: the executable ignores them, and reads the variables itself.
          NODE_OPTIONS: '--require ./preload-that-is-not-here.js',
          SSL_CERT_FILE: pki.caFile,
        };
        await ws.tf(['init', '-no-color', `-plugin-dir=${pluginDir}`], { env });

        const ok = await ws.tf(['apply', '-auto-approve', '-no-color'], { env: { ...env, HTTPS_PROXY: net.proxyUrl(`svc:${PROXY_PASSWORD}`) } });
        expect(flat(ok.output)).toContain('names = tolist([ "Through the tunnel", ])');
        expect(net.proxy.connects.map((c) => c.target)).toEqual(['api.workato.test:443']);
        expect(net.front.plaintext()).toContain(`Bearer ${API_TOKEN}`);

        const refused = await ws.tf(['plan', '-no-color'], { allowFailure: true, env: { ...env, HTTPS_PROXY: net.proxyUrl('svc:wrong-password') } });
        expect(refused.code).toBe(1);
        expect(flat(refused.output)).toContain(`the proxy http://127.0.0.1:${net.proxy.port} from HTTPS_PROXY answered 407 Proxy Authentication Required`);
        expect(refused.output).not.toContain('wrong-password');
        expect(refused.output).not.toContain('Check base_url');
      } finally {
        await net.close();
      }
    }));
});
