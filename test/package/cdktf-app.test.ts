// A user's own CDKTF app on the packed packages (cdktf-provider-workato and
// terraform-provider-workato), installed with cdktf 0.21, today's constructs (10.8.x, the latest,
// which cdktn 0.24's peer range excludes) and cdktf-cli 0.21 only (no cdktn): see packed-app-cases.ts. Then the real cdktf-cli 0.21: `cdktf deploy`, `cdktf diff`
// (no changes) and `cdktf destroy` against the emulator, offline: terraform takes the provider from
// the package's plugin directory through a filesystem_mirror, and --skip-provider-lock keeps
// cdktf-cli from running `terraform providers lock`, which asks the registry.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describePackedApp, SECRET, TOKEN } from './packed-app-cases';
import { API_TOKEN } from '../acceptance/harness';
import { cleanEnv, run, writeMirrorCliConfig } from './packed-app';

describe("a user's own cdktf app on the packed package", () => {
  describePackedApp({
    library: 'cdktf',
    entry: 'cdktf-provider-workato',
    packages: ['cdktf@0.21.0', 'constructs@~10.8.1', 'cdktf-cli@0.21.0'],
    absent: ['cdktn', 'cdktn-cli', 'cdktn-provider-workato'],
    more: (project) => {
      test('constructs is the 10.8 line', () => {
        const { dir } = project();
        expect(JSON.parse(readFileSync(join(dir, 'node_modules', 'constructs', 'package.json'), 'utf8')).version).toMatch(/^10\.8\./);
      });

      describe('with cdktf-cli 0.21', () => {
        const cdktf = (args: string[]) => {
          const { dir, pluginDir, env } = project();
          const home = join(dir, 'home');
          mkdirSync(home, { recursive: true });
          return run(join(dir, 'node_modules', '.bin', 'cdktf'), args, {
            cwd: dir,
            timeoutMs: 240_000,
            env: cleanEnv({
              ...env,
              WORKATO_API_TOKEN: API_TOKEN,
              TF_CLI_CONFIG_FILE: writeMirrorCliConfig(dir, pluginDir),
              CHECKPOINT_DISABLE: '1', // no telemetry, no version check of terraform
              DISABLE_VERSION_CHECK: '1', // cdktf-cli's own
              CDKTF_DISABLE_PLUGIN_CACHE_ENV: '1',
              CDKTF_HOME: join(home, '.cdktf'),
              HOME: home,
              CI: '1',
              FORCE_COLOR: '0',
              TF_IN_AUTOMATION: '1',
            }),
          });
        };

        beforeAll(() => {
          const { dir } = project();
          writeFileSync(
            join(dir, 'cdktf.json'),
            JSON.stringify(
              { language: 'typescript', app: 'node main.js', output: 'cdktf.out', sendCrashReports: 'false', terraformProviders: [], terraformModules: [] },
              null,
              2,
            ),
          );
        });

        test('cdktf deploy creates the profiles, cdktf diff shows no changes, cdktf destroy removes them', async () => {
          const { dir, ws } = project();
          const deploy = await cdktf(['deploy', 'sales-ops', '--auto-approve', '--skip-provider-lock']);
          expect({ code: deploy.code, output: deploy.code === 0 ? '' : deploy.output }).toEqual({ code: 0, output: '' });
          expect(deploy.output).not.toContain(SECRET);
          expect(deploy.output).not.toContain(TOKEN);
          expect(ws.emulator.profiles().map((p) => p.provider).sort()).toEqual(['salesforce', 'slack']);
          expect(readFileSync(join(dir, 'sales-ops.tfstate'), 'utf8')).not.toContain(TOKEN);

          const diff = await cdktf(['diff', 'sales-ops', '--skip-provider-lock']);
          expect({ code: diff.code, output: diff.code === 0 ? '' : diff.output }).toEqual({ code: 0, output: '' });
          expect(diff.output).toMatch(/No changes/);

          const destroy = await cdktf(['destroy', 'sales-ops', '--auto-approve', '--skip-provider-lock']);
          expect({ code: destroy.code, output: destroy.code === 0 ? '' : destroy.output }).toEqual({ code: 0, output: '' });
          expect(ws.emulator.profiles()).toHaveLength(0);
        }, 600_000);
      });
    },
  });
});
