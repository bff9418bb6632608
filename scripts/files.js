// File-tree helpers shared by the generators (docs, bindings).
'use strict';

const fs = require('node:fs');
const path = require('node:path');

/** Relative paths of every file under `dir`, sorted, with `/` separators. */
function listFiles(dir, prefix = '') {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      return entry.isDirectory() ? listFiles(path.join(dir, entry.name), rel) : [rel];
    })
    .sort();
}

module.exports = { listFiles };
