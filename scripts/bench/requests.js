// `npm run bench`, figure 5: API requests of a refresh (`terraform plan`) served from the shared
// listing, for the cases of issue 8, and the time of a plan of 200 profiles (with the Node.js bundle,
// the standalone executable and the echo floor) against a plan of 200 `terraform_data` (no
// provider), interleaved in one run.
//
// Each case seeds an in-process emulator and writes terraform.tfstate as `terraform apply` would
// have left it for the managed profiles (Terraform's v4 format), so that it costs a plan, not
// thousands of POSTs. "per-profile GETs" is what a refresh cost before (one GET /:id per profile).
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { interleave, summarize, ratios } = require('./stats');
const { run, tail } = require('./proc');

const SECRET = 'bench-secret-7c1e';
const TYPE = 'workato_custom_oauth_profile';

const REQUIREMENTS = `terraform {
  required_providers {
    workato = {
      source = "workato-iac/workato"
    }
  }
}
`;

function profilesConfig(url, count) {
  return `${REQUIREMENTS}
provider "workato" {
  base_url            = "${url}"
  requests_per_minute = 1000000
}

variable "secret" {
  type      = string
  sensitive = true
}

resource "${TYPE}" "p" {
  count         = ${count}
  name          = "Managed \${count.index}"
  provider_name = "hubspot"
  client_id     = "client-\${count.index}"
  client_secret = var.secret
}
`;
}

function seedOthers(emulator, n, tag) {
  for (let i = 0; i < n; i++) emulator.seed({ name: `Other ${tag} ${i}`, provider: 'salesforce', client_id: `other-${tag}-${i}`, client_secret: 'x' });
}

function seedManaged(emulator, n) {
  return Array.from({ length: n }, (_, i) => emulator.seed({ name: `Managed ${i}`, provider: 'hubspot', client_id: `client-${i}`, client_secret: SECRET }));
}

function writeState(dir, managed) {
  const presence = Buffer.from(JSON.stringify({ writeOnly: { client_secret_wo: false, token_wo: false } })).toString('base64');
  const sensitive = ['client_secret', 'client_secret_wo', 'token', 'token_wo'].map((value) => [{ type: 'get_attr', value }]);
  const instances = managed.map((p, index) => ({
    index_key: index,
    schema_version: 0,
    attributes: {
      client_id: p.data.client_id,
      client_secret: SECRET,
      client_secret_wo: null,
      client_secret_wo_version: null,
      created_at: p.created_at,
      id: String(p.id),
      name: p.name,
      oem_customers_count: p.oem_customers_count,
      provider_name: p.provider,
      shared_accounts_count: p.shared_accounts_count,
      token: null,
      token_wo: null,
      token_wo_version: null,
      updated_at: p.updated_at,
      user_id: p.user_id,
    },
    sensitive_attributes: sensitive,
    private: presence,
  }));
  const state = {
    version: 4,
    terraform_version: '1.11.4',
    serial: 1,
    lineage: crypto.randomUUID(),
    outputs: {},
    resources: [{ mode: 'managed', type: TYPE, name: 'p', provider: 'provider["registry.terraform.io/workato-iac/workato"]', instances }],
    check_results: null,
  };
  fs.writeFileSync(path.join(dir, 'terraform.tfstate'), JSON.stringify(state));
}

const CASES = [
  {
    name: 'refresh 200 managed profiles of 500',
    goal: 6,
    setup(emulator) {
      seedOthers(emulator, 150, 'a');
      const managed = seedManaged(emulator, 200);
      seedOthers(emulator, 150, 'b');
      return managed;
    },
  },
  { name: 'refresh 2 managed profiles of 5,000', goal: 3, setup: (emulator) => (seedOthers(emulator, 5_000, 'a'), seedManaged(emulator, 2)) },
  { name: 'refresh 1,000 managed of 1,000', goal: 11, setup: (emulator) => seedManaged(emulator, 1_000) },
  {
    name: '200 managed, 1 deleted and 1 renamed out of band',
    goal: 7,
    expectChanges: /Plan: 1 to add, 1 to change, 0 to destroy\./,
    setup(emulator) {
      const managed = seedManaged(emulator, 200);
      emulator.remove(managed[49].id);
      emulator.modify(managed[119].id, { name: 'Renamed in the Workato UI' });
      return managed;
    },
  },
];

/**
 * `standalonePluginDir`, when given, holds the standalone executable, and `floorPluginDir` the echo
 * floor (scripts/bench/floor.js): the plan of 200 profiles is then also timed with each, in the same
 * interleaved loop.
 * @param {{ startEmulator: Function, pluginDir: string, standalonePluginDir?: string, floorPluginDir?: string, workDir: string, env: (extra?: object) => object, apiToken: string }} ctx
 */
async function benchRequests({ startEmulator, pluginDir, standalonePluginDir, floorPluginDir, workDir, env: cleanEnv, apiToken }) {
  const counts = [];
  const terraform = (dir, emulatorEnv) => async (args) => {
    const r = await run('terraform', args, { cwd: dir, env: emulatorEnv, timeoutMs: 180_000 });
    if (r.code !== 0 && !(r.code === 2 && args.includes('-detailed-exitcode'))) {
      throw new Error(`terraform ${args.join(' ')} exited ${r.code}\n${tail(r.stdout + r.stderr)}`);
    }
    return r;
  };
  const tfEnv = (dir) => {
    const cliConfig = path.join(dir, 'empty.tfrc');
    fs.writeFileSync(cliConfig, '');
    return cleanEnv({ TF_CLI_CONFIG_FILE: cliConfig, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', TF_INPUT: '0', WORKATO_API_TOKEN: apiToken, TF_VAR_secret: SECRET });
  };

  // The request counts of the table.
  for (const [i, c] of CASES.entries()) {
    const emulator = await startEmulator({ token: apiToken, requestsPerMinute: 0 });
    try {
      const dir = path.join(workDir, `requests-${i}`);
      fs.mkdirSync(dir);
      const managed = c.setup(emulator);
      fs.writeFileSync(path.join(dir, 'main.tf'), profilesConfig(emulator.url, managed.length));
      writeState(dir, managed);
      const tf = terraform(dir, tfEnv(dir));
      await tf(['init', '-no-color', '-input=false', `-plugin-dir=${pluginDir}`]);
      const before = emulator.requestCount();
      const r = await tf(['plan', '-no-color', '-input=false', '-detailed-exitcode']);
      const requests = emulator.requestCount() - before;
      const expected = c.expectChanges ?? /No changes\./;
      if (!expected.test(r.stdout)) throw new Error(`${c.name}: unexpected plan\n${tail(r.stdout)}`);
      counts.push({ name: c.name, before: managed.length, requests, goal: c.goal });
    } finally {
      await emulator.close();
    }
  }

  // Writes: one request each (apply of a saved plan, so that no refresh is counted).
  {
    const emulator = await startEmulator({ token: apiToken, requestsPerMinute: 0 });
    try {
      const dir = path.join(workDir, 'requests-writes');
      fs.mkdirSync(dir);
      const one = (name) =>
        `${REQUIREMENTS}\nprovider "workato" {\n  base_url            = "${emulator.url}"\n  requests_per_minute = 1000000\n}\n\nvariable "secret" {\n  type      = string\n  sensitive = true\n}\n\nresource "${TYPE}" "one" {\n  name          = "${name}"\n  provider_name = "hubspot"\n  client_id     = "client-one"\n  client_secret = var.secret\n}\n`;
      const tf = terraform(dir, tfEnv(dir));
      const writes = [];
      const apply = async (label, planArgs) => {
        await tf(['plan', '-no-color', '-input=false', '-out=w.tfplan', ...planArgs]);
        const before = emulator.requestCount();
        await tf(['apply', '-no-color', '-input=false', 'w.tfplan']);
        writes.push(`${label} ${emulator.requestCount() - before}`);
      };
      fs.writeFileSync(path.join(dir, 'main.tf'), one('First'));
      await tf(['init', '-no-color', '-input=false', `-plugin-dir=${pluginDir}`]);
      await apply('create', []);
      fs.writeFileSync(path.join(dir, 'main.tf'), one('Second'));
      await apply('update', []);
      await apply('delete', ['-destroy']);
      counts.push({ name: 'create, update, delete (apply)', before: '1, 1, 1', requests: writes.join(', '), goal: '1 each' });
    } finally {
      await emulator.close();
    }
  }

  // Time: a plan of 200 profiles with each build, with the echo floor and of 200 terraform_data,
  // interleaved in one loop.
  const emulator = await startEmulator({ token: apiToken, requestsPerMinute: 0 });
  try {
    const managed = seedManaged(emulator, 200);
    const profilesWorkspace = async (name, dir) => {
      const workspace = path.join(workDir, name);
      fs.mkdirSync(workspace);
      fs.writeFileSync(path.join(workspace, 'main.tf'), profilesConfig(emulator.url, 200));
      writeState(workspace, managed);
      const tf = terraform(workspace, tfEnv(workspace));
      await tf(['init', '-no-color', '-input=false', `-plugin-dir=${dir}`]);
      return { tf, dir: workspace };
    };
    const dataDir = path.join(workDir, 'plan-200-terraform-data');
    fs.mkdirSync(dataDir);
    fs.writeFileSync(path.join(dataDir, 'main.tf'), 'resource "terraform_data" "d" {\n  count = 200\n  input = "value-${count.index}"\n}\n');
    const tfData = terraform(dataDir, tfEnv(dataDir));
    await tfData(['init', '-no-color', '-input=false']);
    await tfData(['apply', '-no-color', '-input=false', '-auto-approve']);

    const plan = ({ tf, dir }, extra = []) => async () => {
      const r = await tf(['plan', '-no-color', '-input=false', ...extra]);
      if (!r.stdout.includes('No changes.')) throw new Error(`plan in ${path.basename(dir)} did not say "No changes."\n${tail(r.stdout)}`);
      return r.ms;
    };
    const bundle = await profilesWorkspace('plan-200-profiles', pluginDir);
    const variants = { bundle: plan(bundle) };
    if (standalonePluginDir) variants.standalone = plan(await profilesWorkspace('plan-200-profiles-standalone', standalonePluginDir));
    if (floorPluginDir) variants.floor = plan(await profilesWorkspace('plan-200-echo-floor', floorPluginDir));
    variants.data = plan({ tf: tfData, dir: dataDir });
    variants.noRefresh = plan(bundle, ['-refresh=false']);
    const gets = emulator.requestCount({ method: 'GET' });
    const { samples, rounds } = await interleave(variants, { warmup: 1, minRounds: 5, maxRounds: 10, budgetMs: 45_000 });
    const getsPerRound = (emulator.requestCount({ method: 'GET' }) - gets) / (rounds + 1);
    const row = (a, b, as, bs) => ({ figure: '5 plan 200', a, b, A: summarize(as), B: summarize(bs), ratio: ratios(as, bs) });
    const DATA = 'plan of 200 terraform_data';
    const FLOOR = 'the same, echo floor';
    const rows = [];
    if (samples.floor) rows.push(row(`plan of 200 ${TYPE}, Node bundle`, FLOOR, samples.bundle, samples.floor));
    if (samples.floor && samples.standalone) rows.push(row(`plan of 200 ${TYPE}, standalone`, FLOOR, samples.standalone, samples.floor));
    rows.push(row(`plan of 200 ${TYPE}, Node bundle`, DATA, samples.bundle, samples.data));
    if (samples.standalone) rows.push(row(`plan of 200 ${TYPE}, standalone`, DATA, samples.standalone, samples.data));
    if (samples.floor) rows.push(row(`plan of 200 ${TYPE}, echo floor`, DATA, samples.floor, samples.data));
    // What the refresh itself adds: the same plan without it (the provider still starts, plans each).
    rows.push(row(`plan of 200 ${TYPE}, Node bundle`, 'the same, -refresh=false', samples.bundle, samples.noRefresh));
    const extra = (s) => (s ? `${(summarize(s).median - summarize(samples.data).median).toFixed(0)} ms` : 'not measured');
    return {
      counts,
      rounds,
      rows,
      medians: Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, summarize(v).median])),
      notes: [
        `5 plan 200: the Node.js bundle of dist/ (node on PATH)` +
          (samples.standalone ? ', the standalone executable of figure 4' : ', not the standalone executable (not built)') +
          (samples.floor ? ' and the echo floor (scripts/bench/echo-provider.js: grpc-js, our schema, every value echoed, no API)' : '') +
          `; goal ≤ 3× a plan of 200 terraform_data; ${getsPerRound.toFixed(0)} API GETs per round`,
        `5 plan 200: what a plan of 200 profiles costs beyond Terraform's own work (medians minus terraform_data's): ` +
          `Node bundle ${extra(samples.bundle)}, standalone ${extra(samples.standalone)}, echo floor ${extra(samples.floor)}`,
      ],
    };
  } finally {
    await emulator.close();
  }
}

/** The table: measured requests beside what a refresh cost before, and the goal. */
function printCounts(counts) {
  const header = ['case, real terraform against the emulator', 'per-profile GETs (before)', 'requests now', 'goal'];
  const cells = counts.map((c) => [c.name, String(c.before), String(c.requests), typeof c.goal === 'number' ? `≤ ${c.goal}` : c.goal]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c) => c.map((x, i) => (i === 0 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of cells) console.log(line(c));
}

module.exports = { benchRequests, printCounts };
