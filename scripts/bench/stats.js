// Small statistics and scheduling helpers for scripts/bench.js (no dependencies).
'use strict';

/** Milliseconds since an arbitrary origin, with sub-microsecond resolution. */
function nowMs() {
  return Number(process.hrtime.bigint()) / 1e6;
}

function median(values) {
  const s = [...values].sort((x, y) => x - y);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** { median, min, max, n } of a non-empty list. */
function summarize(values) {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), n: values.length };
}

/**
 * Runs the variants (async functions, each returning one sample in ms) interleaved: `warmup`
 * discarded rounds, then measured rounds of one run of every variant, until `maxRounds` or, once
 * `minRounds` are done, until `budgetMs` is spent. The order inside a round rotates (A B C, B C A,
 * C A B, ...; for two variants A B, B A) so that no variant always runs right after another
 * (caches, GC debt, CPU frequency). Round i of every variant ran seconds apart under the same
 * machine conditions, which is what makes the per-round ratios meaningful.
 *
 * @param {Record<string, () => Promise<number>>} variants
 * @returns {Promise<{ samples: Record<string, number[]>, rounds: number }>}
 */
async function interleave(variants, { warmup = 1, minRounds = 5, maxRounds = 15, budgetMs = 30_000 } = {}) {
  const names = Object.keys(variants);
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  for (let i = 0; i < warmup; i++) for (const n of names) await variants[n]();
  const started = nowMs();
  let rounds = 0;
  for (; rounds < maxRounds; rounds++) {
    if (rounds >= minRounds && nowMs() - started > budgetMs) break;
    for (let k = 0; k < names.length; k++) {
      const n = names[(rounds + k) % names.length];
      samples[n].push(await variants[n]());
    }
  }
  return { samples, rounds };
}

/** The per-round ratios a[i] / b[i], summarized. */
function ratios(a, b) {
  return summarize(a.map((x, i) => x / b[i]));
}

module.exports = { nowMs, median, summarize, interleave, ratios };
