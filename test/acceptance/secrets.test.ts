// Acceptance: no secret appears in terraform's output, in a TF_LOG=TRACE log (which includes the
// provider's own log lines), or in errors — for create, update, refresh and a failing request.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { API_TOKEN, expr, profileResource, providerBlock, sensitiveVariable, withWorkspace } from './harness';

const CLIENT_SECRET = 'leak-check-client-secret-a91f';
const TOKEN = 'leak-check-slack-token-77c3';

describe('secrets never leak', () => {
  // One case, in a workspace of its own: its commands share a state, and each is checked with a
  // TRACE log of its own, so it is written as a sequence of commands rather than resourceTest steps.
  test('not in output nor in a TRACE log, across create, update, refresh, errors and destroy', () =>
    withWorkspace(async (ws) => {
      ws.writeConfig(
        `${sensitiveVariable('secret')}${sensitiveVariable('token')}variable "name" {
  type = string
}
${profileResource('slack', { name: expr('var.name'), provider_name: 'slack', client_id: 'slack-client', client_secret: expr('var.secret'), token: expr('var.token') })}`,
        { providerBlock: providerBlock(ws.emulator, { max_retries: 1 }) },
      );
      await ws.init();

      const logs: string[] = [];
      const run = async (args: string[], name: string, allowFailure = false) => {
        const logFile = join(ws.dir, `trace-${logs.length}.log`);
        const result = await ws.tf(args, {
          allowFailure,
          env: { TF_VAR_secret: CLIENT_SECRET, TF_VAR_token: TOKEN, TF_VAR_name: name, TF_LOG: 'TRACE', TF_LOG_PATH: logFile },
        });
        const log = readFileSync(logFile, 'utf8');
        logs.push(log);
        for (const text of [result.output, log]) {
          expect(text).not.toContain(CLIENT_SECRET);
          expect(text).not.toContain(TOKEN);
          expect(text).not.toContain(API_TOKEN);
        }
        return { result, log };
      };

      const created = await run(['apply', '-auto-approve', '-no-color'], 'Slack one');
      expect(created.result.output).toContain('1 added');
      // The provider's own log lines are in the TRACE log, so the check above covers them.
      expect(created.log).toMatch(/terraform-provider-workato/);
      await run(['apply', '-auto-approve', '-no-color'], 'Slack two');
      await run(['plan', '-no-color'], 'Slack two');

      ws.emulator.injectFault({ kind: 'status', status: 500, times: 100, match: { method: 'PUT' } });
      const failed = await run(['apply', '-auto-approve', '-no-color'], 'Slack three', true);
      expect(failed.result.code).toBe(1);
      expect(failed.result.output).toContain('500');
      ws.emulator.clearFaults();

      await run(['destroy', '-auto-approve', '-no-color'], 'Slack three');
      expect(ws.emulator.profiles()).toHaveLength(0);
    }));
});
