#!/usr/bin/env node
// `npm run docs`: the Terraform Registry pages in docs/, generated from the provider's schema
// objects and the templates in templates/, in tfplugindocs' layout. `--check` only reports staleness.
//
//   node scripts/docs.js [--check]
//
// The schemas are read from lib/ (`npm run docs` runs `npm run build` first); test/docs.test.ts
// renders the same pages from src/ and fails when the committed docs differ. Offline, in-process.
'use strict';

const { DOCS_DIR, compareDocs, writeDocs } = require('./docs/files');
const { hclBlocks } = require('./docs/hcl');
const { TEMPLATES_DIR, docsInputs, loadInputsFromLib, renderDocs } = require('./docs/pages');
const { renderSchema } = require('./docs/schema-markdown');
const { renderTemplate, templateFunctions } = require('./docs/template');

function main(argv) {
  const check = argv.includes('--check');
  const unknown = argv.filter((a) => a !== '--check');
  if (unknown.length > 0) throw new Error(`unknown argument ${unknown[0]}; usage: node scripts/docs.js [--check]`);
  const files = renderDocs(loadInputsFromLib());
  if (check) {
    const differences = compareDocs(files);
    if (differences.length === 0) {
      console.log(`docs/ is up to date (${files.size} pages).`);
      return 0;
    }
    console.error(`docs/ is stale; run \`npm run docs\`:\n  ${differences.join('\n  ')}`);
    return 1;
  }
  writeDocs(files);
  console.log(`Generated ${files.size} pages in docs/: ${[...files.keys()].join(', ')}.`);
  return 0;
}

module.exports = {
  DOCS_DIR,
  TEMPLATES_DIR,
  docsInputs,
  loadInputsFromLib,
  renderSchema,
  hclBlocks,
  renderTemplate,
  templateFunctions,
  renderDocs,
  writeDocs,
  compareDocs,
};

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (e) {
    console.error(`npm run docs: ${e && e.message ? e.message : e}`);
    process.exitCode = 1;
  }
}
