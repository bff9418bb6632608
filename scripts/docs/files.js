// docs/ on disk: writing the rendered pages, and telling how the committed pages differ.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { listFiles } = require('../files');

const DOCS_DIR = path.join(path.resolve(__dirname, '..', '..'), 'docs');

/** Replaces `docsDir` with exactly the rendered pages (pages no longer generated disappear). */
function writeDocs(files, docsDir = DOCS_DIR) {
  fs.rmSync(docsDir, { recursive: true, force: true });
  for (const [file, text] of files) {
    fs.mkdirSync(path.dirname(path.join(docsDir, file)), { recursive: true });
    fs.writeFileSync(path.join(docsDir, file), text);
  }
}

/**
 * How `docsDir` differs from the rendered pages, one line per file, with the first differing line;
 * empty when it is up to date.
 */
function compareDocs(files, docsDir = DOCS_DIR) {
  const differences = [];
  const committed = listFiles(docsDir);
  for (const file of [...new Set([...files.keys(), ...committed])].sort()) {
    if (!files.has(file)) {
      differences.push(`docs/${file}: not generated any more`);
      continue;
    }
    if (!committed.includes(file)) {
      differences.push(`docs/${file}: missing`);
      continue;
    }
    const expected = files.get(file).split('\n');
    const actual = fs.readFileSync(path.join(docsDir, file), 'utf8').split('\n');
    const line = expected.findIndex((text, i) => text !== actual[i]);
    if (line === -1 && expected.length === actual.length) continue;
    const at = line === -1 ? Math.min(expected.length, actual.length) : line;
    differences.push(
      `docs/${file}:${at + 1} differs\n      generated: ${JSON.stringify(expected[at] ?? '(end of file)')}\n` +
        `      committed: ${JSON.stringify(actual[at] ?? '(end of file)')}`,
    );
  }
  return differences;
}

module.exports = { DOCS_DIR, writeDocs, compareDocs };
