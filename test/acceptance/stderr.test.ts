// Acceptance: a plan of many resources leaves nothing on the provider's stderr but its log lines —
// in particular no Node.js warning such as MaxListenersExceededWarning, which Terraform would pass
// on to the user's log (listeners must not pile up on the signal every call shares).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expr, profileResource, providerBlock, sensitiveVariable, withWorkspace } from './harness';

test('apply and plan of 200 profiles: no Node.js warning in a TRACE log', () =>
  withWorkspace(async (ws) => {
    ws.writeConfig(
      `${sensitiveVariable('secret')}${profileResource('many', { name: expr('"Profile ${count.index}"'), provider_name: 'hubspot', client_id: expr('"client-${count.index}"'), client_secret: expr('var.secret') }, '  count = 200\n')}`,
      { providerBlock: providerBlock(ws.emulator, { requests_per_minute: 1000000 }) },
    );
    await ws.init();
    const env = { TF_VAR_secret: 'stderr-test-secret-1f0a' };
    const logs: string[] = [];
    for (const args of [['apply', '-auto-approve', '-no-color'], ['plan', '-no-color']]) {
      const logFile = join(ws.dir, `trace-${logs.length}.log`);
      await ws.tf(args, { env: { ...env, TF_LOG: 'TRACE', TF_LOG_PATH: logFile }, timeoutMs: 180_000 });
      logs.push(readFileSync(logFile, 'utf8'));
    }
    expect(ws.emulator.profiles()).toHaveLength(200);
    for (const log of logs) {
      expect(log).toContain('provider.terraform-provider-workato'); // the provider's own log lines are there
      expect(log).not.toContain('MaxListenersExceededWarning');
      expect(log).not.toMatch(/\(node:\d+\)/); // any Node.js process warning
    }
  }));
