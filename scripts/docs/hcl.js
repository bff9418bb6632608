// Example HCL for the pages: the top-level blocks of the files in examples/, and fenced code.
'use strict';

// `type "label" … {` opening a block, or a whole block on one line (`provider "workato" {}`).
const BLOCK_START = /^([a-z_]+)((?:\s+"[^"]*")*)\s*\{(.*\})?\s*$/;

/**
 * The top-level blocks of an HCL file as written by `terraform fmt` (a block opens at column 0 and
 * closes with a `}` at column 0, or fits on its one line), each with its address (`resource.TYPE.NAME`, `provider.workato`,
 * `terraform`, …) and its text, including the comment lines right above it, unless those open the
 * file (a file's header describes the file, not its first block).
 */
function hclBlocks(text, file) {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const m = BLOCK_START.exec(lines[i]);
    if (!m) continue;
    const labels = [...m[2].matchAll(/"([^"]*)"/g)].map((l) => l[1]);
    const address = [m[1], ...labels].join('.');
    let end = i;
    if (m[3] === undefined) {
      end = i + 1;
      while (end < lines.length && lines[end] !== '}') end++;
    }
    if (end === lines.length) throw new Error(`${file}:${i + 1}: block ${address} has no closing "}" at column 0`);
    let start = i;
    while (start > 0 && /^\s*(#|\/\/)/.test(lines[start - 1])) start--;
    if (start === 0 && i !== 0) start = i;
    blocks.push({ address, text: lines.slice(start, end + 1).join('\n') });
    i = end;
  }
  return blocks;
}

function fenced(language, text) {
  return ['```' + language, text.replace(/\n+$/, ''), '```'].join('\n');
}

module.exports = { hclBlocks, fenced };
