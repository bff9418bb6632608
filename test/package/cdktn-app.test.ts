// A user's own CDK Terrain (cdktn) app on the packed packages (cdktn-provider-workato and
// terraform-provider-workato), installed with cdktn 0.24 and constructs 10.7 only (no cdktf): see packed-app-cases.ts. Then the real cdktn-cli 0.24 (`cdktn deploy`, `cdktn
// diff`, `cdktn destroy`) on the Node 22 that the standalone executables embed (cdktn-cli needs
// Node >= 22.19; see node22BinDir), offline like cdktf-cli (see cdktf-app.test.ts).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describePackedApp, SECRET, TOKEN } from './packed-app-cases';
import { API_TOKEN } from '../acceptance/harness';
import { cleanEnv, installMore, node22BinDir, NODE_22, run, writeMirrorCliConfig } from './packed-app';

describe("a user's own cdktn app on the packed package", () => {
  describePackedApp({
    library: 'cdktn',
    entry: 'cdktn-provider-workato',
    packages: ['cdktn@0.24.0', 'constructs@10.7.2'],
    absent: ['cdktf', 'cdktf-cli', 'cdktf-provider-workato'],
    more: (project) => {
      const onLinuxX64 = process.platform === 'linux' && process.arch === 'x64';
      (onLinuxX64 ? describe : describe.skip)(`with cdktn-cli 0.24 on Node ${NODE_22.version} (${NODE_22.spec})`, () => {
        let nodeBin: string | undefined;
        beforeAll(async () => {
          nodeBin = await node22BinDir();
          const { dir } = project();
          const install = await installMore(dir, ['cdktn-cli@0.24.0']);
          process.stderr.write(`cdktn-cli: npm install ${install.ms} ms\n`);
          writeFileSync(
            join(dir, 'cdktf.json'),
            JSON.stringify(
              {
                language: 'typescript',
                app: 'node main.js',
                output: 'cdktf.out',
                sendCrashReports: 'false',
                terraformProviders: [],
                terraformModules: [],
                // cdktn refuses write-only attributes unless the project targets Terraform >= 1.11.
                targetVersions: { terraform: '>=1.11.0' },
              },
              null,
              2,
            ),
          );
        }, 300_000);
        const cdktn = (args: string[]) => {
          const { dir, pluginDir, env } = project();
          const home = join(dir, 'home');
          mkdirSync(home, { recursive: true });
          return run(join(dir, 'node_modules', '.bin', 'cdktn'), args, {
            cwd: dir,
            timeoutMs: 240_000,
            env: cleanEnv({
              ...env,
              // Node 22 first: cdktn-cli's `#!/usr/bin/env node` and the app's `node main.js` run on it.
              PATH: `${nodeBin}${delimiter}${process.env.PATH}`,
              WORKATO_API_TOKEN: API_TOKEN,
              TF_CLI_CONFIG_FILE: writeMirrorCliConfig(dir, pluginDir),
              CHECKPOINT_DISABLE: '1',
              DISABLE_VERSION_CHECK: '1',
              CDKTF_DISABLE_PLUGIN_CACHE_ENV: '1',
              CDKTF_HOME: join(home, '.cdktf'),
              HOME: home,
              CI: '1',
              FORCE_COLOR: '0',
              TF_IN_AUTOMATION: '1',
            }),
          });
        };

        test('installing cdktn-cli pulls in no cdktf, and it runs on Node 22', async () => {
          const { dir } = project();
          expect(existsSync(join(dir, 'node_modules', 'cdktf'))).toBe(false);
          const version = await run(join(nodeBin!, 'node'), ['--version'], { cwd: dir });
          expect(version.stdout.trim()).toBe(NODE_22.version);
        });

        test('cdktn deploy creates the profiles, cdktn diff shows no changes, cdktn destroy removes them', async () => {
          const { ws } = project();
          const deploy = await cdktn(['deploy', 'sales-ops', '--auto-approve', '--skip-provider-lock']);
          expect({ code: deploy.code, output: deploy.code === 0 ? '' : deploy.output }).toEqual({ code: 0, output: '' });
          expect(deploy.output).toContain('Apply complete! Resources: 2 added');
          expect(deploy.output).not.toContain(SECRET);
          expect(deploy.output).not.toContain(TOKEN);
          expect(ws.emulator.profiles().map((p) => p.provider).sort()).toEqual(['salesforce', 'slack']);

          const diff = await cdktn(['diff', 'sales-ops', '--skip-provider-lock']);
          expect({ code: diff.code, output: diff.code === 0 ? '' : diff.output }).toEqual({ code: 0, output: '' });
          expect(diff.output).toMatch(/No changes/);

          const destroy = await cdktn(['destroy', 'sales-ops', '--auto-approve', '--skip-provider-lock']);
          expect({ code: destroy.code, output: destroy.code === 0 ? '' : destroy.output }).toEqual({ code: 0, output: '' });
          expect(ws.emulator.profiles()).toHaveLength(0);
        }, 600_000);
      });
    },
  });
});
