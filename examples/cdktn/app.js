#!/usr/bin/env node
// Runs the example app (main.ts) with plain node, no build and no ts-node: TypeScript files are
// transpiled as they load, by the project's own compiler. cdktf.json's "app" runs this file.
'use strict';

const fs = require('node:fs');
const ts = require('typescript');

// Type errors are the job of `tsc -p examples/cdktf`; here the files are only transpiled.
require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
    fileName: filename,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      inlineSourceMap: true,
    },
  });
  module._compile(outputText, filename);
};

require('./main.ts');
