// `npm run bench` (after `npm run build`): speed figures, each measured side by side in one run.
//
// How to read it
// --------------
// Every figure compares a subject A with a reference B measured in the same run, interleaved:
// after a warm-up, each round runs A once and B once (A B, then B A, ...; with three variants the
// order rotates), so A and B see the same machine conditions. For each row the table prints
//   A and B: median [min–max] of the samples, in ms;
//   A/B:     median [min–max] of the per-round ratios A_i / B_i.
// The ratio is the figure to track and to compare across machines and commits: absolute ms move
// with the hardware and its load, the ratio much less. A/B = 1.00 means A costs no more than its
// reference; a range whose min and max are far apart means the machine was noisy during the run.
// Tests assert behaviour, never timings; this script is where speed is looked at.
//
// The figures
// -----------
// 1 startup   A: spawn the bundled provider executable (dist/terraform-providers/…, a
//                `#!/usr/bin/env node` bundle) with the go-plugin environment Terraform gives it
//                (magic cookie, PLUGIN_CLIENT_CERT, PLUGIN_PROTOCOL_VERSIONS=6), time spawn() →
//                first stdout line (the handshake `1|6|tcp|127.0.0.1:PORT|grpc|CERT`), then kill it.
//             B: the echo floor (scripts/bench/echo-provider.js, bundled like the provider: grpc-js,
//                our schema, every value echoed back, nothing else), spawn → handshake, the same way.
//             C: `node -e "process.stdout.write('x\n')"`: node's own start-up.
//             A/C: how many bare node start-ups one provider start-up costs. Terraform starts the
//                provider 3 to 5 times per command, so this multiplies into every plan and apply.
//                A/B: the provider's start-up against the least a grpc-js plugin must do.
// 2 plan      A: `terraform plan -refresh=true` of 3 profiles against an in-process emulator on
//                127.0.0.1 (init -plugin-dir and apply done once beforehand; every plan must say
//                "No changes").
//             B: `terraform plan -refresh=false` of the same directory: Terraform still starts
//                the provider (schema, validation, planning) but skips the 3 reads (provider →
//                API round-trips) of the refresh. A/B isolates the cost of refreshing.
//             C: `terraform version` in the same directory: Terraform's own start-up floor.
//                A/C and B/C say how much the provider side (start-ups + gRPC + API) adds to a
//                bare Terraform invocation.
// 3 list      A: the API client's `listProfiles()` of 250 profiles (3 pages of ≤ 100) against an
//                in-process emulator (one client, pacing set out of the way).
//             B: a plain `http.get` loop over the same 3 pages (same agent, same headers), each
//                body read and JSON.parse'd: the least any client has to do.
//             A/B: the client's overhead (axios, validation of every profile, retry/pacing
//                bookkeeping). Both sides share the emulator's own cost, in the same process, so
//                this ratio understates the client's overhead relative to pure client work.
//                Samples are batches of several calls; the table shows ms per call.
// 4 standalone  A: the standalone executable of the release zips (a Node 22 single-executable
//                application; this machine's starts from a V8 start-up snapshot of the provider,
//                scripts/release/snapshot.js), spawn → handshake; B: the Node.js bundle above;
//                C: `node -e 0`, spawn → exit, with the node on PATH and with the Node 22 binary the
//                standalone embeds (A/that is what our code adds to the same Node's start-up);
//                and the echo floor of figure 1.
//                See scripts/bench/standalone.js.
//
// 5 plan 200  A: `terraform plan` of 200 profiles (a refresh served from the shared listing) against
//                the in-process emulator; B: `terraform plan` of 200 `terraform_data` (no provider).
//                A/B: what 200 Workato profiles cost a plan beyond Terraform's own work (goal ≤ 3×).
//                Measured for both builds, interleaved in the same loop: the Node.js bundle of
//                dist/ (what `npm run build` installs, run by the node on PATH) and the standalone
//                executable of the release zips (figure 4's; what a registry install runs).
//             F: the same plan (same configuration and state) with the echo floor of figure 1 as
//                the provider: the least any Node.js plugin costs Terraform for it (it echoes every
//                read and plan and never calls the API). A/F: the provider against the Node floor
//                (goal ≤ 1.05× for the bundle, below 1 for the standalone executable).
//             C: the same plan of 200 profiles with -refresh=false: A/C is what the refresh (the
//                API requests and the reads' gRPC calls) adds; the rest of A − B is the provider's
//                start-ups (Terraform starts it 3 times for a plan, see figure 1) and Terraform's
//                gRPC calls to it: ValidateResourceConfig, UpgradeResourceState, ReadResource and
//                PlanResourceChange for each of the 200 (each costs the provider about 0.4 ms of
//                CPU, handler about 0.1 ms and Node's HTTP/2 and TLS the rest, and Terraform
//                about as much again; `terraform_data` is served inside Terraform).
//             Also the API requests of the refresh cases of issue 8 (scripts/bench/requests.js),
//                printed as a second table beside the per-profile GETs a refresh cost before.
// 6 state file  A: a PUT to an in-process emulator whose state file holds 5,000 profiles (one
//                journal line appended and fsynced); B: the same PUT with 10 profiles (a small
//                state, rewritten whole). A/B near 1 (or below): a write costs what the change
//                costs, whatever the state weighs. Also A: the whole 5,000-profile state
//                serialized and rewritten, what every write cost before issue 14, against B.
//                See scripts/bench/state-file.js (`node scripts/bench/state-file.js` runs it alone).
//
// Below the table: the spawn→handshake median in ms, a rough "plan overhead in provider start-ups"
// (arithmetic on medians, not a count), the API requests each plan made, and the share of CPU
// other processes took during the run (Linux): above ~15% the absolute ms are inflated and the
// ranges wide, and only the ratios' medians are worth comparing.
//
// Every child process runs without NODE_EXTRA_CA_CERTS (besides TF_*, PLUGIN_*, WORKATO_*,
// CHECKPOINT_* and NODE_OPTIONS): Node 20 reads that file at start (about 40 ms for a system CA
// bundle), Node 22 only when a TLS client first needs it, which would skew every start-up figure by
// the machine's settings rather than by our code. The bench says when it removed it.
//
// The provider executable is copied once into a private plugin directory, so one run measures one
// build even if dist/ is rebuilt meanwhile. Loops are bounded (max rounds, and a time budget once a
// minimum of rounds is done; about two minutes in all on 2 cores once the standalone executable
// is cached), everything is on loopback, and temp
// dirs and child processes are removed on exit (also on Ctrl-C). Exit 0, or 1 if a step fails.
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { interleave, summarize, ratios, nowMs } = require('./bench/stats');
const { benchStandalone } = require('./bench/standalone');
const { timeToFirstLine, run, cleanupSync, registerTempDir, removeTempDir, tail, cpuSnapshot, othersCpuShare } = require('./bench/proc');
const { benchRequests, printCounts } = require('./bench/requests');
const { benchStateFile } = require('./bench/state-file');
const { buildFloor } = require('./bench/floor');

const root = path.resolve(__dirname, '..');
const pkg = require('../package.json');

const MAGIC_COOKIE = 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2';
const API_TOKEN = 'wrkprod-bench-token-0123456789';
const GOARCH = { x64: 'amd64', arm64: 'arm64' };
/** Where the executable sits under a plugin directory (`terraform init -plugin-dir`). */
const PROVIDER_IN_PLUGIN_DIR = path.join(
  'registry.terraform.io/workato-iac/workato',
  pkg.version,
  `${process.platform}_${GOARCH[process.arch] ?? process.arch}`,
  `terraform-provider-workato_v${pkg.version}`,
);
const BUILT_PROVIDER_EXE = path.join(root, 'dist', 'terraform-providers', PROVIDER_IN_PLUGIN_DIR);
const HANDSHAKE = /^1\|6\|tcp\|127\.0\.0\.1:\d+\|grpc\|[A-Za-z0-9+/]+$/;

/** The environment without variables that would change what is measured (logs, ports, caches). */
function cleanEnv(extra = {}) {
  const env = { ...process.env };
  for (const k of Object.keys(env)) {
    if (/^(TF_|PLUGIN_|WORKATO_|CHECKPOINT_)/.test(k) || k === 'NODE_OPTIONS' || k === 'NODE_EXTRA_CA_CERTS') delete env[k];
  }
  return { ...env, ...extra };
}

function requireBuilt() {
  for (const f of [BUILT_PROVIDER_EXE, path.join(root, 'lib/emulator/index.js'), path.join(root, 'lib/client/index.js'), path.join(root, 'lib/plugin/cert.js')]) {
    if (!fs.existsSync(f)) throw new Error(`${path.relative(root, f)} is missing: run \`npm run build\` first (\`npm run bench\` does).`);
  }
}

/**
 * Copies the built executable into a private plugin directory, so that the whole run measures
 * one build even if someone rebuilds dist/ meanwhile (terraform init links -plugin-dir entries,
 * and a changed file would fail the lock file's checksum). Returns { pluginDir, exe }.
 */
function snapshotProvider(workDir) {
  const pluginDir = path.join(workDir, 'plugins');
  const exe = path.join(pluginDir, PROVIDER_IN_PLUGIN_DIR);
  fs.mkdirSync(path.dirname(exe), { recursive: true });
  fs.copyFileSync(BUILT_PROVIDER_EXE, exe);
  fs.chmodSync(exe, 0o755);
  return { pluginDir, exe };
}

// ---------------------------------------------------------------------------------------------
// 1. Provider start-up

async function benchStartup({ exe }, floor) {
  const { generateServerCertificate } = require(path.join(root, 'lib/plugin/cert.js'));
  // Made once, as Terraform does per command; only its PEM travels, in the environment.
  const clientCert = generateServerCertificate().certPem;
  const providerEnv = cleanEnv({
    TF_PLUGIN_MAGIC_COOKIE: MAGIC_COOKIE,
    PLUGIN_CLIENT_CERT: clientCert,
    PLUGIN_PROTOCOL_VERSIONS: '6',
  });
  const nodeEnv = cleanEnv();

  const provider = async () => {
    const { ms, line } = await timeToFirstLine(exe, [], { env: providerEnv });
    if (!HANDSHAKE.test(line)) throw new Error(`unexpected handshake line from the provider: ${JSON.stringify(line.slice(0, 200))}`);
    return ms;
  };
  const echoFloor = async () => {
    const { ms, line } = await timeToFirstLine(floor.exe, [], { env: providerEnv });
    if (!HANDSHAKE.test(line)) throw new Error(`unexpected handshake line from the echo floor: ${JSON.stringify(line.slice(0, 200))}`);
    return ms;
  };
  const bareNode = async () => {
    const { ms, line } = await timeToFirstLine('node', ['-e', "process.stdout.write('x\\n')"], { env: nodeEnv });
    if (line !== 'x') throw new Error(`unexpected output from node -e: ${JSON.stringify(line)}`);
    return ms;
  };

  const { samples, rounds } = await interleave({ provider, echoFloor, bareNode }, { warmup: 2, minRounds: 8, maxRounds: 20, budgetMs: 12_000 });
  return {
    rounds,
    env: { providerEnv, nodeEnv },
    rows: [
      row('1 startup', 'provider spawn→handshake', 'node -e (bare node)', samples.provider, samples.bareNode),
      row('1 startup', 'provider spawn→handshake', 'echo floor spawn→handshake', samples.provider, samples.echoFloor),
      row('1 startup', 'echo floor spawn→handshake', 'node -e (bare node)', samples.echoFloor, samples.bareNode),
    ],
    handshakeMedian: summarize(samples.provider).median,
    floorMedian: summarize(samples.echoFloor).median,
  };
}

// ---------------------------------------------------------------------------------------------
// 2. terraform plan

const PROFILES_HCL = [
  ['hubspot', 'Bench HubSpot OAuth app'],
  ['github', 'Bench GitHub OAuth app'],
  ['zendesk', 'Bench Zendesk OAuth app'],
]
  .map(
    ([provider, name]) => `resource "workato_custom_oauth_profile" "${provider}" {
  name          = "${name}"
  provider_name = "${provider}"
  client_id     = "bench-${provider}-client-id"
  client_secret = "bench-${provider}-client-secret"
}
`,
  )
  .join('\n');

async function benchPlan(startEmulator, { pluginDir, workDir }) {
  const emulator = await startEmulator({ token: API_TOKEN, requestsPerMinute: 0 });
  const dir = path.join(workDir, 'plan');
  fs.mkdirSync(dir);
  try {
    const cliConfig = path.join(dir, 'empty.tfrc');
    fs.writeFileSync(cliConfig, '');
    fs.writeFileSync(
      path.join(dir, 'main.tf'),
      `terraform {
  required_providers {
    workato = {
      source = "workato-iac/workato"
    }
  }
}

provider "workato" {
  base_url = "${emulator.url}"
}

${PROFILES_HCL}`,
    );
    const env = cleanEnv({
      TF_CLI_CONFIG_FILE: cliConfig,
      CHECKPOINT_DISABLE: '1',
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
      WORKATO_API_TOKEN: API_TOKEN,
    });
    const tf = async (args) => {
      const r = await run('terraform', args, { cwd: dir, env, timeoutMs: 60_000 });
      if (r.code !== 0) throw new Error(`terraform ${args.join(' ')} exited ${r.code}\n${tail(r.stdout + r.stderr)}`);
      return r;
    };

    await tf(['init', '-no-color', '-input=false', `-plugin-dir=${pluginDir}`]);
    await tf(['apply', '-no-color', '-input=false', '-auto-approve']);
    if (emulator.profiles().length !== 3) throw new Error(`apply left ${emulator.profiles().length} profiles, expected 3`);

    const gets = () => emulator.requestCount({ method: 'GET' });
    const requestsPerPlan = {};
    const plan = (refresh) => async () => {
      const before = gets();
      const r = await tf(['plan', '-no-color', '-input=false', `-refresh=${refresh}`]);
      if (!r.stdout.includes('No changes.')) throw new Error(`terraform plan -refresh=${refresh} did not say "No changes."\n${tail(r.stdout)}`);
      requestsPerPlan[refresh] = gets() - before;
      return r.ms;
    };
    const version = async () => {
      const r = await tf(['version']);
      if (!/^Terraform v\d/.test(r.stdout)) throw new Error(`unexpected terraform version output: ${tail(r.stdout, 200)}`);
      return r.ms;
    };

    const { samples, rounds } = await interleave(
      { refresh: plan(true), noRefresh: plan(false), version },
      { warmup: 1, minRounds: 5, maxRounds: 10, budgetMs: 25_000 },
    );
    return {
      rounds,
      rows: [
        row('2 plan', 'plan -refresh=true', 'plan -refresh=false', samples.refresh, samples.noRefresh),
        row('2 plan', 'plan -refresh=true', 'terraform version', samples.refresh, samples.version),
        row('2 plan', 'plan -refresh=false', 'terraform version', samples.noRefresh, samples.version),
      ],
      notes: [`API GETs per plan: -refresh=true ${requestsPerPlan.true}, -refresh=false ${requestsPerPlan.false}`],
      medians: { noRefresh: summarize(samples.noRefresh).median, version: summarize(samples.version).median },
    };
  } finally {
    await emulator.close();
  }
}

// ---------------------------------------------------------------------------------------------
// 3. API client: list 250 profiles

const LIST_PROFILES = 250;
const CALLS_PER_SAMPLE = 20;

function rawListAll(baseUrl) {
  const getPage = (page) =>
    new Promise((resolve, reject) => {
      const req = http.get(
        `${baseUrl}/api/custom_oauth_profiles?page=${page}&per_page=100`,
        { headers: { authorization: `Bearer ${API_TOKEN}`, accept: 'application/json' } },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            if (res.statusCode !== 200) return reject(new Error(`raw GET page ${page}: HTTP ${res.statusCode}`));
            try {
              resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')).result);
            } catch (e) {
              reject(e);
            }
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
    });
  return (async () => {
    const all = [];
    for (let page = 1; ; page++) {
      const profiles = await getPage(page);
      all.push(...profiles);
      if (profiles.length < 100) return all;
    }
  })();
}

async function benchClient(startEmulator) {
  const { WorkatoClient } = require(path.join(root, 'lib/client/index.js'));
  const emulator = await startEmulator({ token: API_TOKEN, requestsPerMinute: 0 });
  try {
    for (let i = 1; i <= LIST_PROFILES; i++) {
      emulator.seed({ name: `Bench profile ${i}`, provider: 'hubspot', client_id: `bench-client-${i}`, client_secret: `bench-secret-${i}` });
    }
    // Client-side pacing (default 60 requests/min) would dominate: allow far more than the bench sends.
    const client = new WorkatoClient({ apiToken: API_TOKEN, baseUrl: emulator.url, requestsPerMinute: 1_000_000, maxRetries: 0 });

    const [viaClient, viaRaw] = [await client.listProfiles(), await rawListAll(emulator.url)];
    if (viaClient.length !== LIST_PROFILES || viaRaw.length !== LIST_PROFILES) {
      throw new Error(`listed ${viaClient.length} (client) and ${viaRaw.length} (raw) profiles, expected ${LIST_PROFILES}`);
    }
    const pagesBefore = emulator.requestCount({ method: 'GET' });
    await client.listProfiles();
    const pagesPerList = emulator.requestCount({ method: 'GET' }) - pagesBefore;

    const batch = (fn) => async () => {
      const started = nowMs();
      for (let i = 0; i < CALLS_PER_SAMPLE; i++) await fn();
      return (nowMs() - started) / CALLS_PER_SAMPLE;
    };
    const { samples, rounds } = await interleave(
      { client: batch(() => client.listProfiles()), raw: batch(() => rawListAll(emulator.url)) },
      { warmup: 3, minRounds: 10, maxRounds: 50, budgetMs: 10_000 },
    );
    return {
      rounds,
      rows: [row('3 list', `listProfiles() ${LIST_PROFILES}`, 'raw http.get loop', samples.client, samples.raw)],
      notes: [`list: ${pagesPerList} pages per call, ${CALLS_PER_SAMPLE} calls per sample, ms shown per call`],
    };
  } finally {
    await emulator.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Report

function row(figure, a, b, as, bs) {
  return { figure, a, b, A: summarize(as), B: summarize(bs), ratio: ratios(as, bs) };
}

const fmtMs = (s) => `${fix(s.median)} [${fix(s.min)}–${fix(s.max)}]`;
const fmtRatio = (s) => `${s.median.toFixed(2)}× [${s.min.toFixed(2)}–${s.max.toFixed(2)}]`;
function fix(ms) {
  return ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2);
}

function printTable(rows) {
  const header = ['figure', 'A', 'B', 'n', 'A ms median [min–max]', 'B ms median [min–max]', 'A/B median [min–max]'];
  const cells = rows.map((r) => [r.figure, r.a, r.b, String(r.ratio.n), fmtMs(r.A), fmtMs(r.B), fmtRatio(r.ratio)]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c) => c.map((x, i) => (i === 3 ? x.padStart(widths[i]) : x.padEnd(widths[i]))).join('  ').trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of cells) console.log(line(c));
}

async function main() {
  requireBuilt();
  const started = nowMs();
  const tfVersion = await run('terraform', ['version'], { env: cleanEnv({ CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: os.devNull }) }).catch(() => undefined);
  const nodeOnPath = await run('node', ['-p', 'process.version + " " + process.execPath'], { env: cleanEnv() }).catch(() => undefined);
  const cpus = os.cpus();
  console.log(`machine: node ${process.version} (${process.platform}/${process.arch}), ${cpus.length} CPUs (${cpus[0] ? cpus[0].model.trim() : 'unknown'})`);
  console.log(`tools:   ${tfVersion ? tfVersion.stdout.split('\n')[0] : 'terraform: not found'}; node on PATH (provider shebang): ${nodeOnPath ? nodeOnPath.stdout.trim() : 'not found'}`);
  const workDir = registerTempDir(fs.mkdtempSync(path.join(os.tmpdir(), 'workato-bench-')));
  const provider = { ...snapshotProvider(workDir), workDir };
  const digest = crypto.createHash('sha256').update(fs.readFileSync(provider.exe)).digest('hex').slice(0, 12);
  console.log(`subject: ${path.relative(root, BUILT_PROVIDER_EXE)} (${(fs.statSync(provider.exe).size / 1024).toFixed(0)} KiB, sha256 ${digest}…, copied for this run)`);
  const floor = await buildFloor({
    pluginDir: provider.pluginDir,
    workDir,
    version: pkg.version,
    env: cleanEnv({ TF_CLI_CONFIG_FILE: os.devNull, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', TF_INPUT: '0' }),
  });
  console.log(`floor:   scripts/bench/echo-provider.js with the provider's schema (${floor.attributes} resource attributes), bundled alike (${(floor.bytes / 1024).toFixed(0)} KiB), as a plain Node.js script: without the provider's V8 code cache`);
  if (process.env.NODE_EXTRA_CA_CERTS) console.log('env:     NODE_EXTRA_CA_CERTS is set here; every child process runs without it (see the header)');
  console.log('');

  const { startEmulator } = require(path.join(root, 'lib/emulator/index.js'));
  const cpuBefore = cpuSnapshot();
  const startup = await benchStartup(provider, floor);
  const plan = await benchPlan(startEmulator, provider);
  const list = await benchClient(startEmulator);
  const stateFile = await benchStateFile({ startEmulator, workDir, row });
  const standalone = await benchStandalone({
    bundleExe: provider.exe,
    floorExe: floor.exe,
    version: pkg.version,
    ...startup.env,
    handshake: HANDSHAKE,
    row,
    log: (m) => process.stderr.write(`bench: ${m}\n`),
  });
  // Figure 5 measures both builds a user may run: the Node.js bundle above and, where figure 4 built
  // one, the standalone executable of the release zips, in a plugin directory of its own.
  let standalonePluginDir;
  if (standalone.exe) {
    standalonePluginDir = path.join(workDir, 'plugins-standalone');
    const exe = path.join(standalonePluginDir, PROVIDER_IN_PLUGIN_DIR);
    fs.mkdirSync(path.dirname(exe), { recursive: true });
    fs.copyFileSync(standalone.exe, exe);
    fs.chmodSync(exe, 0o755);
  }
  const requests = await benchRequests({
    startEmulator,
    pluginDir: provider.pluginDir,
    standalonePluginDir,
    floorPluginDir: floor.pluginDir,
    workDir,
    env: cleanEnv,
    apiToken: API_TOKEN,
  });
  const others = othersCpuShare(cpuBefore, cpuSnapshot());

  removeTempDir(workDir);

  printTable([...startup.rows, ...plan.rows, ...list.rows, ...standalone.rows, ...requests.rows, ...stateFile.rows]);
  console.log('');
  printCounts(requests.counts);
  console.log('');
  console.log(`provider spawn→handshake median: ${startup.handshakeMedian.toFixed(1)} ms (echo floor ${startup.floorMedian.toFixed(1)} ms)`);
  const overhead = plan.medians.noRefresh - plan.medians.version;
  console.log(
    `plan -refresh=false minus terraform version (medians): ${overhead.toFixed(0)} ms ≈ ${(overhead / startup.handshakeMedian).toFixed(1)} provider start-ups' worth`,
  );
  for (const note of [...plan.notes, ...list.notes, ...standalone.notes, ...requests.notes, ...stateFile.notes]) console.log(note);
  if (others !== undefined) {
    const busy = others > 0.15;
    console.log(
      `other processes used ${(others * 100).toFixed(0)}% of the ${cpus.length} CPUs during the bench` +
        (busy ? ': the machine was busy, absolute ms are inflated and ranges wide; the ratios\' medians hold up better' : ''),
    );
  }
  console.log(`rounds: startup ${startup.rounds}, plan ${plan.rounds}, list ${list.rounds}, standalone ${standalone.rounds ?? 0}, plan 200 ${requests.rounds}, state file ${stateFile.rounds}; bench took ${((nowMs() - started) / 1000).toFixed(1)} s`);
}

process.on('exit', cleanupSync);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    cleanupSync();
    process.exit(130);
  });
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`bench failed: ${e && e.stack ? e.stack : e}\n`);
    process.exit(1);
  },
);
