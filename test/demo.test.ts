// The README's main command, step by step: `node lib/cli/demo.js` (what `npm run demo` runs after
// the build) must run to the end, show the drift, leave nothing behind and never print a secret.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEMO_SECRETS } from '../src/cli/demo';

const REPO = resolve(__dirname, '..');

test('the demo runs every step and exits 0', async () => {
  expect(existsSync(join(REPO, 'lib', 'cli', 'demo.js'))).toBe(true);
  const demoDirsBefore = readdirSync(tmpdir()).filter((d) => d.startsWith('workato-demo-'));
  const { code, output } = await new Promise<{ code: number; output: string }>((done, fail) => {
    const env = { ...process.env };
    delete env.TF_LOG;
    const child = spawn(process.execPath, [join(REPO, 'lib', 'cli', 'demo.js')], { cwd: REPO, env });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', fail);
    child.on('close', (c) => done({ code: c ?? -1, output }));
  });
  if (code !== 0) throw new Error(`demo exited ${code}:\n${output}`);

  const steps = [
    'Start the Workato API emulator',
    'Adopt the existing profiles with workato-import',
    'terraform plan and apply: the adoption',
    'Synthesize the example CDKTF app',
    'terraform init',
    'terraform plan',
    'terraform apply',
    'Change a profile outside Terraform',
    'terraform plan shows the drift',
    'workato-drift',
    'terraform destroy',
  ];
  steps.forEach((title, i) => expect(output).toContain(`Step ${i + 1}/${steps.length}: ${title}`));
  expect(output).toContain('wrote workato_profiles.tf: 3 of 3 profiles (read in 1 request)');
  expect(output.replace(/\s+/g, ' ')).toContain('Plan: 3 to import, 0 to add, 0 to change, 0 to destroy.');
  expect(output).toMatch(/Apply complete! Resources: 3 imported, 0 added, 0 changed, 0 destroyed\.\s+Workato API requests: \d+ to refresh \(read\), 0 to write\./);
  expect(output).not.toContain('hand-made-');
  expect(output).toContain('Apply complete! Resources: 2 added');
  expect(output).toContain('"HubSpot (edited in the UI)" -> "HubSpot (production)"');
  expect(output).toContain('**1** changed outside Terraform');
  expect(output).toContain('| `name` | `HubSpot (production)` | `HubSpot (edited in the UI)` |');
  expect(output).toContain('Destroy complete! Resources: 2 destroyed.');
  // Each refresh says what it cost: the drift plan reads both profiles from one page of the list.
  expect(output).toMatch(/terraform plan -no-color -detailed-exitcode[\s\S]*Workato API requests: 1 to refresh \(read\), 0 to write\./);
  expect(output).toMatch(/terraform destroy[\s\S]*Workato API requests: 1 to refresh \(read\), 2 to write\./);
  for (const secret of Object.values(DEMO_SECRETS)) expect(output).not.toContain(secret);
  // nothing left behind
  const demoDirsAfter = readdirSync(tmpdir()).filter((d) => d.startsWith('workato-demo-'));
  expect(demoDirsAfter.filter((d) => !demoDirsBefore.includes(d))).toEqual([]);
});
