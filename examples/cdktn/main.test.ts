// The example cdktn app (examples/cdktf on CDK Terrain): what it synthesizes, that no secret reaches
// cdktf.out, that it type-checks, and
// — once `npm run build` has made the provider — that terraform accepts the result.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Testing } from 'cdktn';
import 'cdktn/lib/testing/adapters/jest'; // the types of Testing.setupJest()'s matchers
import * as ts from 'typescript';
import { CustomOauthProfile } from '../../src/generated-cdktn/custom-oauth-profile';
import { DataWorkatoCustomOauthProfile } from '../../src/generated-cdktn/data-workato-custom-oauth-profile';
import { DataWorkatoCustomOauthProfiles } from '../../src/generated-cdktn/data-workato-custom-oauth-profiles';
import { WorkatoProvider } from '../../src/generated-cdktn/provider';
import { WorkatoOAuthProfilesStack } from './stack';
import { Testing as CdktfTesting } from 'cdktf';
import { WorkatoOAuthProfilesStack as CdktfStack } from '../cdktf/stack';

Testing.setupJest();

const repoRoot = path.resolve(__dirname, '..', '..');
const pluginDir = path.join(repoRoot, 'dist', 'terraform-providers');
const secrets = {
  TF_VAR_hubspot_client_secret: 'hubspot-secret-3c1d9e',
  TF_VAR_slack_client_secret: 'slack-secret-8f2a4b',
  TF_VAR_slack_token: 'xoxb-slack-token-5e7c0d',
};

/** Runs the app as `cdktn synth` would (cdktf.json's "app"), in `cwd`; returns the stack's JSON file. */
function synthWithNode(cwd: string): string {
  const env: NodeJS.ProcessEnv = { ...process.env, ...secrets };
  delete env.CDKTF_OUTDIR; // the default, cdktf.out in the working directory
  const run = spawnSync(process.execPath, [path.join(__dirname, 'app.js')], { cwd, env, encoding: 'utf8' });
  expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
  return path.join(cwd, 'cdktf.out', 'stacks', 'workato', 'cdk.tf.json');
}

function readTree(dir: string): string {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8'))
    .join('\n');
}

describe('the example cdktn app', () => {
  let workDir: string;
  beforeAll(() => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'workato-example-cdktn-'));
  });
  afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

  test('synthesizes the provider, a HubSpot and a Slack profile, the data sources and the outputs', () => {
    const app = Testing.app({ outdir: path.join(workDir, 'testing.out'), context: { targetVersions: { terraform: '>=1.11.0' } } });
    const synthesized = Testing.synth(new WorkatoOAuthProfilesStack(app, 'workato'), true);

    expect(synthesized).toHaveProviderWithProperties(WorkatoProvider, {
      requests_per_minute: '${var.workato_requests_per_minute}',
    });
    expect(synthesized).toHaveResourceWithProperties(CustomOauthProfile, {
      name: 'HubSpot (production)',
      provider_name: 'hubspot',
      client_secret: '${var.hubspot_client_secret}',
    });
    expect(synthesized).toHaveResourceWithProperties(CustomOauthProfile, {
      name: 'Slack (support bot)',
      provider_name: 'slack',
      client_secret_wo: '${var.slack_client_secret}',
      client_secret_wo_version: '${var.slack_credentials_version}',
      token_wo: '${var.slack_token}',
      token_wo_version: '${var.slack_credentials_version}',
    });
    expect(synthesized).toHaveDataSourceWithProperties(DataWorkatoCustomOauthProfile, {
      id: '${workato_custom_oauth_profile.hubspot.id}',
    });
    expect(synthesized).toHaveDataSource(DataWorkatoCustomOauthProfiles);

    const config = JSON.parse(synthesized);
    expect(Object.keys(config.output).sort()).toEqual([
      'hubspot_profile_id',
      'hubspot_shared_accounts_count',
      'profile_count',
      'slack_profile_id',
    ]);
    for (const name of ['hubspot_client_secret', 'slack_client_secret', 'slack_token']) {
      expect(config.variable[name]).toMatchObject({ type: 'string', sensitive: true });
    }
    // Nothing environment-specific: Workato's URL and token come from WORKATO_BASE_URL / WORKATO_API_TOKEN.
    expect(synthesized).not.toMatch(/base_url|api_token|http:\/\//);
  });

  test('runs with plain node (cdktf.json) and writes no secret into cdktf.out', () => {
    const stackFile = synthWithNode(workDir);

    const config = JSON.parse(fs.readFileSync(stackFile, 'utf8'));
    expect(Object.keys(config.resource.workato_custom_oauth_profile).sort()).toEqual(['hubspot', 'slack']);
    // State goes next to where the app ran, not into cdktf.out (which every synth replaces).
    expect(config.terraform.backend.local.path).toBe(path.join(workDir, 'terraform.workato.tfstate'));
    const written = readTree(path.join(workDir, 'cdktf.out'));
    for (const value of Object.values(secrets)) expect(written).not.toContain(value);
  });

  test('cdktf.json beside it runs the app with node and targets Terraform >= 1.11 (write-only secrets)', () => {
    const cdktfJson = JSON.parse(fs.readFileSync(path.join(__dirname, 'cdktf.json'), 'utf8'));
    expect(cdktfJson).toMatchObject({ language: 'typescript', app: 'node app.js', output: 'cdktf.out' });
    expect(cdktfJson.targetVersions).toEqual({ terraform: '>=1.11.0' });
  });

  test('synthesizes the same Terraform as examples/cdktf, so a migrated app keeps its state', () => {
    const withoutMetadata = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(withoutMetadata)
        : value && typeof value === 'object'
          ? Object.fromEntries(Object.entries(value).filter(([key]) => key !== '//').map(([key, v]) => [key, withoutMetadata(v)]))
          : value;
    const cdktn = Testing.synth(
      new WorkatoOAuthProfilesStack(Testing.app({ outdir: path.join(workDir, 'cdktn.out'), context: { targetVersions: { terraform: '>=1.11.0' } } }), 'workato'),
    );
    const cdktf = CdktfTesting.synth(new CdktfStack(CdktfTesting.app({ outdir: path.join(workDir, 'cdktf.out') }), 'workato'));
    expect(withoutMetadata(JSON.parse(cdktn))).toEqual(withoutMetadata(JSON.parse(cdktf)));
  });

  test('differs from examples/cdktf only in its imports and the App', () => {
    const read = (example: string, file: string) => fs.readFileSync(path.join(repoRoot, 'examples', example, file), 'utf8');
    const imports = /^(import .*|\/\/ In your own app: .*)$/gm;
    expect(read('cdktn', 'stack.ts').replace(imports, '')).toBe(read('cdktf', 'stack.ts').replace(imports, ''));
    expect(read('cdktn', 'app.js')).toBe(read('cdktf', 'app.js'));
  });

  test('type-checks (tsconfig.json beside it)', () => {
    const configFile = path.join(__dirname, 'tsconfig.json');
    const { config } = ts.readConfigFile(configFile, ts.sys.readFile);
    const parsed = ts.parseJsonConfigFileContent(config, ts.sys, __dirname);
    const program = ts.createProgram(parsed.fileNames, parsed.options);
    const errors = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => !d.file || d.file.fileName.includes('/examples/'))
      .map((d) => ts.formatDiagnostic(d, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => repoRoot, getNewLine: () => '\n' }));
    expect(errors).toEqual([]);
  });

  // Needs the provider that `npm run build` writes (npm test builds first); visible as skipped otherwise.
  (fs.existsSync(pluginDir) ? test : test.skip)('terraform validate accepts it with the built provider', () => {
    const stackDir = path.dirname(synthWithNode(workDir));
    const cliConfig = path.join(workDir, 'empty.tfrc');
    fs.writeFileSync(cliConfig, '');
    const env = { ...process.env, TF_CLI_CONFIG_FILE: cliConfig, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' };
    const terraform = (...args: string[]) => spawnSync('terraform', args, { cwd: stackDir, env, encoding: 'utf8' });

    const init = terraform('init', '-input=false', '-no-color', `-plugin-dir=${pluginDir}`);
    expect({ status: init.status, stderr: init.stderr }).toEqual({ status: 0, stderr: '' });
    const validate = terraform('validate', '-no-color');
    expect({ status: validate.status, stdout: validate.stdout, stderr: validate.stderr }).toMatchObject({
      status: 0,
      stderr: '',
    });
  });
});
