// Child processes for scripts/bench.js: every process started here is tracked by pid and killed
// (that pid only) if the bench stops early; temp dirs are tracked and removed the same way.
'use strict';

const fs = require('node:fs');
const { spawn } = require('node:child_process');
const { nowMs } = require('./stats');

const live = new Set();
const tempDirs = new Set();

function track(child) {
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}

/** Kills the children this module started (by their own pid) and removes the temp dirs. Sync. */
function cleanupSync() {
  for (const child of live) {
    try {
      child.kill('SIGKILL');
    } catch {
      /* already gone */
    }
  }
  live.clear();
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

function registerTempDir(dir) {
  tempDirs.add(dir);
  return dir;
}

function removeTempDir(dir) {
  fs.rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

function tail(text, n = 2000) {
  return text.length > n ? `…${text.slice(-n)}` : text;
}

/**
 * Spawns `cmd` and resolves with the time from just before spawn() to the arrival of the first
 * complete stdout line, and that line; then kills the process (SIGKILL, a no-op when it has already
 * exited) and waits until it is gone, so that it does not compete with the next sample.
 */
function timeToFirstLine(cmd, args, { env, timeoutMs = 15_000 } = {}) {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    let line;
    let elapsed;
    let failure;
    const started = nowMs();
    const child = track(spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] }));
    const timer = setTimeout(() => {
      failure = new Error(`${cmd}: no stdout line within ${timeoutMs} ms\n${tail(stderr)}`);
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (chunk) => {
      if (line !== undefined) return;
      stdout += chunk;
      const nl = stdout.indexOf('\n');
      if (nl < 0) return;
      elapsed = nowMs() - started;
      line = stdout.slice(0, nl);
      clearTimeout(timer);
      child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', (e) => {
      failure ??= e;
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (line !== undefined) resolve({ ms: elapsed, line });
      else reject(failure ?? new Error(`${cmd} exited (${code ?? signal}) before writing a line\n${tail(stderr)}`));
    });
  });
}

/** Runs a command to completion: { code, stdout, stderr, ms } (ms: spawn() to 'close'). */
function run(cmd, args, { cwd, env, timeoutMs = 120_000 } = {}) {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const started = nowMs();
    const child = track(spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] }));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const ms = nowMs() - started;
      if (timedOut) reject(new Error(`${cmd} ${args.join(' ')}: killed after ${timeoutMs} ms\n${tail(stdout + stderr)}`));
      else resolve({ code: code ?? -1, stdout, stderr, ms });
    });
  });
}

module.exports = { timeToFirstLine, run, cleanupSync, registerTempDir, removeTempDir, tail };

/**
 * Linux only (undefined elsewhere): CPU time used by the whole machine and by this process with
 * its waited-for children, in clock ticks. The difference between two snapshots tells how much
 * CPU other processes took during the bench, i.e. how noisy the measurement conditions were.
 */
function cpuSnapshot() {
  try {
    const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, idle, iowait, irq, softirq, steal] = cpu;
    const busy = user + nice + system + irq + softirq + (steal || 0);
    const self = fs.readFileSync('/proc/self/stat', 'utf8');
    const rest = self.slice(self.lastIndexOf(')') + 2).split(' ').map(Number);
    const own = rest[11] + rest[12] + rest[13] + rest[14]; // utime stime cutime cstime
    return { busy, total: busy + idle + (iowait || 0), own };
  } catch {
    return undefined;
  }
}

/** Share of the machine's CPU (all cores) used by other processes between two snapshots. */
function othersCpuShare(before, after) {
  if (!before || !after || after.total <= before.total) return undefined;
  const others = after.busy - before.busy - (after.own - before.own);
  return Math.max(0, others) / (after.total - before.total);
}

module.exports.cpuSnapshot = cpuSnapshot;
module.exports.othersCpuShare = othersCpuShare;
