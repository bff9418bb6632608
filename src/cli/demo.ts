#!/usr/bin/env node
// `npm run demo`: the whole story on this machine, with no credentials and no network — start the
// embedded Workato emulator holding a few hand-made profiles, adopt them with workato-import and a
// clean import plan, synthesize the example CDKTF app, init/plan/apply with the real terraform
// CLI, change a profile out of band, show the drift, destroy, and clean up.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Emulator, startEmulator } from '../emulator';
import { interruptChild, onInterrupt } from './cleanup';
import { checkDrift, renderMarkdown } from './drift';

const REPO = resolve(__dirname, '..', '..');
const PLUGIN_DIR = join(REPO, 'dist', 'terraform-providers');
const EXAMPLE_APP = join(REPO, 'examples', 'cdktf', 'app.js');
const WORKATO_IMPORT = join(REPO, 'lib', 'cli', 'workato-import.js');
const STACK = 'workato';

// Demo-only values. They stand in for real secrets and are passed as TF_VAR_ environment
// variables, exactly as a real pipeline would; the demo's checks make sure they are never shown.
export const DEMO_SECRETS = {
  apiToken: 'wrkprod-demo-api-token',
  hubspotClientSecret: 'demo-hubspot-client-secret-3f9c',
  slackClientSecret: 'demo-slack-client-secret-8d21',
  slackToken: 'xoxb-demo-slack-token-5e07',
};

const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);

let stepNo = 0;
const TOTAL_STEPS = 11;
function step(title: string, explanation: string): void {
  stepNo += 1;
  process.stdout.write(`\n${bold(`==> Step ${stepNo}/${TOTAL_STEPS}: ${title}`)}\n${explanation}\n\n`);
}

function say(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** Runs a command, streaming its output indented under the step; resolves with its exit code. */
function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, okCodes = [0]): Promise<number> {
  say(`$ ${[cmd, ...args].join(' ')}`);
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const unregister = onInterrupt(interruptChild(child));
    const indent = (chunk: Buffer) => chunk.toString().replace(/^(?=.)/gm, '    ');
    child.stdout.on('data', (d: Buffer) => process.stdout.write(indent(d)));
    child.stderr.on('data', (d: Buffer) => process.stdout.write(indent(d)));
    child.on('error', (e) => reject(new Error(`could not start ${cmd}: ${e.message}`)));
    child.on('close', (code) => {
      unregister();
      const exit = code ?? 1;
      if (okCodes.includes(exit)) resolvePromise(exit);
      else reject(new Error(`${cmd} ${args.join(' ')} exited with ${exit}`));
    });
  });
}

/**
 * Runs a terraform command and says how many API requests the emulator received meanwhile: the
 * refresh's reads (GETs, served from the list endpoint when that is cheaper) and the writes.
 */
async function counted(emulator: Emulator, command: () => Promise<number>): Promise<number> {
  const reads = emulator.requestCount({ method: 'GET' });
  const all = emulator.requestCount();
  const code = await command();
  const refresh = emulator.requestCount({ method: 'GET' }) - reads;
  const writes = emulator.requestCount() - all - refresh;
  say(`\nWorkato API requests: ${refresh} to refresh (read), ${writes} to write.`);
  return code;
}

export async function demo(): Promise<void> {
  if (!existsSync(PLUGIN_DIR)) {
    throw new Error(`the provider is not built (${PLUGIN_DIR} is missing): run \`npm run build\`, or use \`npm run demo\`.`);
  }
  const work = mkdtempSync(join(tmpdir(), 'workato-demo-'));
  let emulator: Emulator | undefined;
  // Registered first, so it runs last: after the terraform child has stopped.
  const unregister = onInterrupt(async () => {
    await emulator?.close();
    rmSync(work, { recursive: true, force: true });
  });
  try {
    step(
      'Start the Workato API emulator',
      'A local stand-in for the Workato Developer API (custom OAuth profile endpoints, auth, rate limit of\n' +
        '60 requests per minute), so the demo needs no Workato account and no network.',
    );
    emulator = await startEmulator({ token: DEMO_SECRETS.apiToken, requestsPerMinute: 60 });
    say(`Emulator listening at ${emulator.url}`);
    // What a real account holds on day one: profiles made by hand in the Workato UI, whose secrets
    // nobody has at hand. (The emulator needs some; they are never shown.)
    for (const [name, provider, clientId] of [
      ['Salesforce (made by hand)', 'salesforce', 'sf-legacy-client'],
      ['Zendesk support', 'zendesk', 'zd-support-client'],
      ['Slack #ops bot', 'slack', 'slack-ops-client'],
    ]) {
      emulator.seed({ name, provider, client_id: clientId, client_secret: `hand-made-${provider}-secret-unknown`, ...(provider === 'slack' ? { token: 'xoxb-hand-made-unknown' } : {}) });
    }
    say(`The account already holds ${emulator.profiles().length} profiles made by hand: ${emulator.profiles().map((p) => `#${p.id} "${p.name}"`).join(', ')}.`);

    const cliConfig = join(work, 'terraform.rc');
    writeFileSync(cliConfig, '# the demo uses the local plugin directory only\n');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      WORKATO_BASE_URL: emulator.url,
      WORKATO_API_TOKEN: DEMO_SECRETS.apiToken,
      TF_VAR_hubspot_client_secret: DEMO_SECRETS.hubspotClientSecret,
      TF_VAR_slack_client_secret: DEMO_SECRETS.slackClientSecret,
      TF_VAR_slack_token: DEMO_SECRETS.slackToken,
      TF_CLI_CONFIG_FILE: cliConfig,
      CHECKPOINT_DISABLE: '1',
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
    };
    delete env.TF_LOG;

    step(
      'Adopt the existing profiles with workato-import',
      'workato-import reads the account (1 request per 100 profiles) and writes an import block and a resource per\n' +
        'profile. No secret is needed: each profile\'s secret is a variable that Terraform asks for only when a change\n' +
        'would send that profile to Workato.',
    );
    const adoptDir = join(work, 'adopt');
    mkdirSync(adoptDir);
    writeFileSync(join(adoptDir, 'main.tf'), 'terraform {\n  required_providers {\n    workato = {\n      source = "workato-iac/workato"\n    }\n  }\n}\n\nprovider "workato" {}\n');
    await counted(emulator, () => run(process.execPath, [WORKATO_IMPORT, '--out', 'workato_profiles.tf'], adoptDir, env));
    const generated = readFileSync(join(adoptDir, 'workato_profiles.tf'), 'utf8');
    const firstResource = generated.slice(generated.indexOf('import {'), generated.indexOf('}\n', generated.indexOf('resource "')) + 2);
    say(`\nworkato_profiles.tf begins with:\n${firstResource.replace(/^/gm, '    ')}`);

    step(
      'terraform plan and apply: the adoption',
      'The plan imports every profile and changes nothing ("3 to import, 0 to add, 0 to change, 0 to destroy");\n' +
        'apply records them in the state without a single write to Workato.',
    );
    await run('terraform', ['init', '-no-color', `-plugin-dir=${PLUGIN_DIR}`], adoptDir, env);
    await counted(emulator, () => run('terraform', ['apply', '-auto-approve', '-no-color'], adoptDir, env));

    step(
      'Synthesize the example CDKTF app',
      'examples/cdktf declares two custom OAuth profiles (HubSpot, and Slack with write-only secrets) with the\n' +
        'CustomOAuthProfile construct. Synthesis turns it into Terraform JSON under cdktf.out/. Secrets are\n' +
        'sensitive variables (TF_VAR_...), so none is written into cdktf.out.',
    );
    await run(process.execPath, [EXAMPLE_APP], work, env);
    const stackDir = join(work, 'cdktf.out', 'stacks', STACK);
    say(`Synthesized ${join('cdktf.out', 'stacks', STACK, 'cdk.tf.json')}`);

    step(
      'terraform init',
      'Installs the workato provider from this repository\'s plugin directory (dist/terraform-providers), offline.',
    );
    await run('terraform', ['init', '-no-color', `-plugin-dir=${PLUGIN_DIR}`], stackDir, env);

    step('terraform plan', 'Terraform asks the provider what it would create. Secrets show as (sensitive value).');
    await counted(emulator, () => run('terraform', ['plan', '-no-color'], stackDir, env));

    step('terraform apply', 'Creates the profiles in Workato (here: the emulator) through POST /api/custom_oauth_profiles.');
    await counted(emulator, () => run('terraform', ['apply', '-auto-approve', '-no-color'], stackDir, env));
    const profiles = emulator.profiles();
    say(`\nThe emulator now holds ${profiles.length} profiles: ${profiles.map((p) => `#${p.id} "${p.name}" (${p.provider})`).join(', ')}.`);

    step(
      'Change a profile outside Terraform',
      'Someone renames the HubSpot profile and points it at another client id in the Workato UI.',
    );
    const hubspot = profiles.find((p) => p.provider === 'hubspot');
    if (!hubspot) throw new Error('the HubSpot profile was not created');
    emulator.modify(hubspot.id, { name: 'HubSpot (edited in the UI)', client_id: 'someone-elses-client-id' });
    say(`Profile #${hubspot.id} renamed to "HubSpot (edited in the UI)" and its client id changed, out of band.`);

    step(
      'terraform plan shows the drift',
      'Refresh reads every profile and compares it with the state: from the list endpoint (GET\n' +
        '/api/custom_oauth_profiles?page=1, shared by every read), so 2 profiles cost 1 request. The plan puts the\n' +
        'declared values back. Exit code 2 means "changes present".',
    );
    await counted(emulator, () => run('terraform', ['plan', '-no-color', '-detailed-exitcode'], stackDir, env, [2]));

    step(
      'workato-drift: the report a reviewer sees on a pull request',
      'The same comparison as a Markdown report (or JSON with --format json); it exits 2 when something differs.',
    );
    const report = await checkDrift({ directory: stackDir, env });
    process.stdout.write(renderMarkdown(report).replace(/^/gm, '    ') + '\n');
    if (!report.differs) throw new Error('workato-drift found no drift, but a profile was changed out of band');

    step('terraform destroy', 'Deletes every profile the stack manages (DELETE /api/custom_oauth_profiles/:id).');
    await counted(emulator, () => run('terraform', ['destroy', '-auto-approve', '-no-color'], stackDir, env));
    const left = emulator.profiles().length;
    if (left !== 3) throw new Error(`${left} profiles are left after destroy, not the 3 adopted ones`);
    say('\nThe emulator holds the 3 adopted profiles only: the stack destroyed what it created.');
  } finally {
    unregister();
    if (emulator) await emulator.close();
    rmSync(work, { recursive: true, force: true });
  }
  say(`\n${bold('Done.')} The emulator is stopped and the demo's working directory is removed.`);
  say('Next: README.md shows how to use the provider from plain HCL and from your own CDKTF app.');
}

if (require.main === module) {
  demo().then(
    () => (process.exitCode = 0),
    (e: unknown) => {
      process.stderr.write(`\ndemo failed: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
