// `npm run bench`, figure 6: the cost of one write to an emulator with a state file, by the size of
// the state (issue 14: the file used to be rewritten whole on every write).
//   A: a PUT (a real change, so a real write) over HTTP to an in-process emulator whose state file
//      holds 5,000 profiles: one line appended to its journal, fsynced;
//   B: the same PUT to one whose state file holds 10 profiles (a small state: the file is
//      rewritten whole, atomically, as before).
//   A/B: what the size of the state adds to a write; near 1 means a write costs what the change
//      costs. Below 1 is possible: an append fsyncs once, a small state's atomic rewrite fsyncs
//      the file and its directory.
//   C: what every write to the 5,000-profile state cost before: the whole state serialized and
//      written the same atomic way (temporary file, fsync, rename, fsync the directory), without
//      HTTP; C/B is the old ratio, understated by the HTTP round trip C leaves out.
// The three run interleaved in one loop; a sample is the mean of a batch of writes. Compaction
// (a new snapshot once the journal outgrows the old one) is not in A: it is timed once at the end
// (close() compacts) and printed as its cost per write, amortized over the writes between two.
// Alone: `node scripts/bench/state-file.js` (after `npm run build`) prints just this figure.
'use strict';

const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { interleave, summarize, ratios, nowMs } = require('./stats');

const root = path.resolve(__dirname, '..', '..');
const LARGE = 5000;
const SMALL = 10;
const WRITES_PER_SAMPLE = 10;

/** A state file as the emulator writes one (the snapshot's format), with `count` profiles. */
function stateFileText(count) {
  const stamp = '2024-03-01T10:00:00.000+00:00';
  const profiles = Array.from({ length: count }, (_, i) => ({
    id: i + 1,
    user_id: 123,
    name: `Bench profile ${i + 1}`,
    provider: 'hubspot',
    data: { client_id: `bench-client-${i + 1}`, client_secret: `bench-secret-${i + 1}` },
    shared_accounts_count: 0,
    oem_customers_count: 0,
    created_at: stamp,
    updated_at: stamp,
  }));
  const comment = 'workato-emulator state. Holds client secrets and tokens in plain text: local development only.';
  return JSON.stringify({ comment, version: 1, next_id: count + 1, seq: 0, profiles }, null, 2) + '\n';
}

function put(agent, url, id, name) {
  const body = JSON.stringify({ name, provider: 'hubspot', data: { client_id: `bench-client-${id}`, client_secret: 'bench-secret' } });
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${url}/api/custom_oauth_profiles/${id}`,
      { method: 'PUT', agent, headers: { authorization: 'Bearer bench', 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`PUT ${id}: HTTP ${res.statusCode}`))));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function benchStateFile({ startEmulator, workDir, row }) {
  const { writeFileAtomically } = require(path.join(root, 'lib/emulator/atomic-file.js'));
  const dir = path.join(workDir, 'state-file');
  fs.mkdirSync(dir, { recursive: true });
  const files = { large: path.join(dir, 'large.json'), small: path.join(dir, 'small.json') };
  const largeText = stateFileText(LARGE);
  fs.writeFileSync(files.large, largeText, { mode: 0o600 });
  fs.writeFileSync(files.small, stateFileText(SMALL), { mode: 0o600 });
  const large = await startEmulator({ requestsPerMinute: 0, maxRecordedRequests: 0, stateFile: files.large });
  const small = await startEmulator({ requestsPerMinute: 0, maxRecordedRequests: 0, stateFile: files.small });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  let n = 0;
  try {
    const writes = (emulator, count) => async () => {
      const started = nowMs();
      // Every PUT changes the name, so every one is a write; ids spread over the state.
      for (let i = 0; i < WRITES_PER_SAMPLE; i++, n++) await put(agent, emulator.url, 1 + ((n * 7) % count), `Bench rename ${n}`);
      return (nowMs() - started) / WRITES_PER_SAMPLE;
    };
    // As saveState did on every write: serialize the whole state, then write it atomically.
    const largeState = JSON.parse(largeText);
    const oldRewrite = async () => {
      const started = nowMs();
      writeFileAtomically(path.join(dir, 'old-way.json'), JSON.stringify(largeState, null, 2) + '\n');
      return nowMs() - started;
    };
    const { samples, rounds } = await interleave(
      { large: writes(large, LARGE), small: writes(small, SMALL), oldRewrite },
      { warmup: 2, minRounds: 10, maxRounds: 40, budgetMs: 4_000 },
    );
    const journal = `${files.large}.journal`;
    const journalBytes = fs.existsSync(journal) ? fs.statSync(journal).size : 0;
    const journalLines = fs.existsSync(journal) ? fs.readFileSync(journal, 'utf8').split('\n').length - 1 : 0;
    const snapshotBytes = fs.statSync(files.large).size;
    const smallHasJournal = fs.existsSync(`${files.small}.journal`);
    if (journalLines === 0 || smallHasJournal) throw new Error(`state-file bench: expected a journal for ${LARGE} profiles only (${journalLines} lines; small: ${smallHasJournal})`);
    const compactStarted = nowMs();
    await large.close();
    const compactMs = nowMs() - compactStarted;
    if (fs.existsSync(journal)) throw new Error('state-file bench: close() left the journal');
    const lineBytes = journalBytes / journalLines;
    const writesPerCompaction = snapshotBytes / lineBytes;
    const medianA = summarize(samples.large).median;
    return {
      rounds,
      rows: [
        row('6 state file', `PUT, ${LARGE}-profile state`, `PUT, ${SMALL}-profile state`, samples.large, samples.small),
        row('6 state file', `${LARGE}-profile rewrite (before)`, `PUT, ${SMALL}-profile state`, samples.oldRewrite, samples.small),
      ],
      notes: [
        `6 state file: ${LARGE} profiles: snapshot ${(snapshotBytes / 1e6).toFixed(1)} MB, ${lineBytes.toFixed(0)} journal bytes per write; ` +
          `a compaction (timed at close: ${compactMs.toFixed(0)} ms) comes every ~${writesPerCompaction.toFixed(0)} writes, ` +
          `${(compactMs / writesPerCompaction).toFixed(3)} ms per write amortized (A's median: ${medianA.toFixed(2)} ms); ${WRITES_PER_SAMPLE} PUTs per sample`,
      ],
    };
  } finally {
    agent.destroy();
    await large.close();
    await small.close();
  }
}

module.exports = { benchStateFile };

if (require.main === module) {
  const row = (figure, a, b, as, bs) => ({ figure, a, b, A: summarize(as), B: summarize(bs), ratio: ratios(as, bs) });
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'workato-bench-state-'));
  const { startEmulator } = require(path.join(root, 'lib/emulator/index.js'));
  benchStateFile({ startEmulator, workDir, row })
    .then((result) => {
      const f = (s) => `${s.median.toFixed(2)} [${s.min.toFixed(2)}–${s.max.toFixed(2)}]`;
      for (const r of result.rows) console.log(`${r.figure}  ${r.a} vs ${r.b}: A ${f(r.A)} ms, B ${f(r.B)} ms, A/B ${f(r.ratio)}× (n=${r.ratio.n})`);
      for (const note of result.notes) console.log(note);
    })
    .catch((e) => {
      process.exitCode = 1;
      console.error(`bench failed: ${e && e.stack ? e.stack : e}`);
    })
    .finally(() => fs.rmSync(workDir, { recursive: true, force: true }));
}
