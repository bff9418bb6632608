// go-plugin's AutoMTLS as the built provider executable serves it (its own TLS listener, which
// compares the client certificate with the one announced in PLUGIN_CLIENT_CERT, in front of
// grpc-js): another certificate is refused even when the process trusts it as a CA (here through
// NODE_EXTRA_CA_CERTS, as a corporate CA would be), as is a connection with no certificate, and
// each refusal is logged; the announced one still works on the same provider afterwards.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { generateServerCertificate } from '../../src/plugin/cert';
import { startProvider } from './terraform-core';

const SCHEMA = '/tfplugin6.Provider/GetProviderSchema';

describe('mutual TLS with Terraform', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workato-mtls-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('accepts only the announced client certificate, not one Node.js trusts through NODE_EXTRA_CA_CERTS', async () => {
    // Self-signed and a CA (like every go-plugin certificate): trusted as a root by the process.
    const trusted = generateServerCertificate();
    const caFile = path.join(dir, 'extra-ca.pem');
    fs.writeFileSync(caFile, trusted.certPem);
    const core = await startProvider({ NODE_EXTRA_CA_CERTS: caFile, TF_LOG_PROVIDER: 'warn' });
    try {
      await expect(core.rawAs(trusted, SCHEMA)).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });
      await expect(core.rawAs(null, SCHEMA)).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });
      await core.stderrContains('Refused a connection: its client certificate is not the one Terraform gave the provider', 2);
      // The announced certificate, on the same provider.
      expect((await core.raw(SCHEMA)).length).toBeGreaterThan(100);
      expect(await core.shutdown()).toBe(0);
    } finally {
      core.kill();
    }
  });
});
