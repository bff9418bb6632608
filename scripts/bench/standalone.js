// Figure 4 of `npm run bench`: start-up of the standalone executable (the Node 22 single-executable
// application that the release zips hold) against the Node.js bundle of dist/ and bare node.
//   A: the standalone executable for this machine's platform, spawn() → handshake line: it starts
//      from a V8 start-up snapshot (scripts/release/snapshot.js) with every module loaded;
//   B: the Node.js bundle (`#!/usr/bin/env node`, runs on the node on PATH), spawn() → handshake;
//   C: `node -e 0`, spawn() → exit: node's own start-up floor, with the node on PATH;
//   D: the same with the Node.js binary that the standalone executable embeds (from the release
//      cache): the same Node version, so standalone/D is what our code adds to Node's own start-up;
//   F: the echo floor of figure 1 (on the node on PATH), spawn() → handshake;
//   E: Node 22 starting from a start-up snapshot of nothing (its main writes one line), spawn() →
//      that line: what any start from a user-land snapshot costs before its own code runs.
// They run interleaved in one loop, with the same go-plugin environment. The executable is built
// (or taken from the release cache, see scripts/release/standalone.js) before timing starts.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { interleave, summarize } = require('./stats');
const os = require('node:os');
const { timeToFirstLine, run, registerTempDir, removeTempDir } = require('./proc');

async function benchStandalone({ bundleExe, floorExe, version, providerEnv, nodeEnv, handshake, row, log = () => {} }) {
  const standalone = require('../release/standalone');
  const host = `${{ win32: 'windows' }[process.platform] ?? process.platform}_${{ x64: 'amd64' }[process.arch] ?? process.arch}`;
  if (!standalone.RELEASE_PLATFORMS.includes(host)) {
    return { rows: [], notes: [`4 standalone: skipped, no standalone executable for ${host}`] };
  }
  log(`building the ${host} standalone executable (cached after the first run)…`);
  const exe = (await standalone.buildExecutables({ bundleFile: bundleExe, version, platforms: [host] }))[host];

  const spawnToHandshake = (file) => async () => {
    const { ms, line } = await timeToFirstLine(file, [], { env: providerEnv });
    if (!handshake.test(line)) throw new Error(`unexpected handshake line from ${path.basename(file)}: ${JSON.stringify(line.slice(0, 200))}`);
    return ms;
  };
  const bareNode = (node) => async () => {
    const r = await run(node, ['-e', '0'], { env: nodeEnv, timeoutMs: 15_000 });
    if (r.code !== 0) throw new Error(`${node} -e 0 exited ${r.code}`);
    return r.ms;
  };
  const node22 = await standalone.nodeBinary();
  const emptyDir = registerTempDir(fs.mkdtempSync(path.join(os.tmpdir(), 'workato-bench-snapshot-')));
  const emptyBlob = path.join(emptyDir, 'empty.blob');
  fs.writeFileSync(path.join(emptyDir, 'empty.js'), "require('v8').startupSnapshot.setDeserializeMainFunction(() => process.stdout.write('started\\n'));\n");
  const built = await run(node22, ['--snapshot-blob', emptyBlob, '--build-snapshot', path.join(emptyDir, 'empty.js')], { env: nodeEnv, timeoutMs: 60_000 });
  if (built.code !== 0) throw new Error(`building an empty start-up snapshot failed: ${built.stderr}`);
  const emptySnapshot = async () => (await timeToFirstLine(node22, ['--snapshot-blob', emptyBlob], { env: nodeEnv })).ms;
  const { samples, rounds } = await interleave(
    { standalone: spawnToHandshake(exe), bundle: spawnToHandshake(bundleExe), floor: spawnToHandshake(floorExe), bareNode: bareNode('node'), bareNode22: bareNode(node22), emptySnapshot },
    { warmup: 2, minRounds: 8, maxRounds: 25, budgetMs: 15_000 },
  );
  removeTempDir(emptyDir);
  const nodeOnPath = (await run('node', ['-p', 'process.version'], { env: nodeEnv })).stdout.trim();
  return {
    rounds,
    exe,
    rows: [
      row('4 standalone', 'standalone spawn→handshake', 'bundle spawn→handshake', samples.standalone, samples.bundle),
      row('4 standalone', 'standalone spawn→handshake', `node -e 0 (node ${nodeOnPath}, PATH)`, samples.standalone, samples.bareNode),
      row('4 standalone', 'standalone spawn→handshake', `node -e 0 (node v${standalone.NODE_VERSION})`, samples.standalone, samples.bareNode22),
      row('4 standalone', 'standalone spawn→handshake', 'echo floor spawn→handshake', samples.standalone, samples.floor),
      row('4 standalone', 'bundle spawn→handshake', `node -e 0 (node ${nodeOnPath}, PATH)`, samples.bundle, samples.bareNode),
      row('4 standalone', `empty snapshot (node v${standalone.NODE_VERSION}) spawn→line`, `node -e 0 (node v${standalone.NODE_VERSION})`, samples.emptySnapshot, samples.bareNode22),
      row('4 standalone', 'standalone spawn→handshake', `empty snapshot (node v${standalone.NODE_VERSION}) spawn→line`, samples.standalone, samples.emptySnapshot),
    ],
    medians: { standalone: summarize(samples.standalone).median, bareNode22: summarize(samples.bareNode22).median, emptySnapshot: summarize(samples.emptySnapshot).median },
    notes: [
      `4 standalone: ${path.basename(exe)} for ${host} embeds Node ${standalone.NODE_VERSION} (${(fs.statSync(exe).size / 1e6).toFixed(0)} MB); the bundle runs on the node on PATH (${nodeOnPath}); ` +
        `medians: standalone ${summarize(samples.standalone).median.toFixed(1)}, bundle ${summarize(samples.bundle).median.toFixed(1)}, echo floor ${summarize(samples.floor).median.toFixed(1)}, node -e 0 ${summarize(samples.bareNode).median.toFixed(1)} (PATH) and ${summarize(samples.bareNode22).median.toFixed(1)} (v${standalone.NODE_VERSION}) ms`,
    ],
  };
}

module.exports = { benchStandalone };
