// ESLint rule `architecture/layers`: the import rules of DESIGN.md's "Architecture", checked on
// every import, export-from, require() and import() whose target resolves into src/ or is a package.
// The table of layers is the rule's option (see eslint.config.js), so the config reads as the design.

'use strict';

const path = require('node:path');

/**
 * @typedef {object} Layer
 * @property {string} folder         repository-relative folder the layer covers, e.g. "src/plugin"
 * @property {string} rule           the sentence of the design this layer obeys, shown in the message
 * @property {string[]} [forbid]     repository-relative paths (folders or files, no extension) it must not import
 * @property {string[]} [only]       when set, the only folders inside src/ it may import
 * @property {string[]} [packages]   npm packages it must not import
 * @property {boolean} [testsExempt] when true, *.test.ts files of the layer are not checked
 */

/** Repository-relative, '/'-separated path of an absolute file or folder path. */
function relative(root, file) {
  return path.relative(root, file).split(path.sep).join('/');
}

/** True when `target` (a repository-relative path) is `entry` or inside it. */
function within(target, entry) {
  return target === entry || target.startsWith(`${entry}/`) || target.replace(/\.(ts|js|json)$/, '') === entry || target === `${entry}/index`;
}

/** The package name of a bare import specifier: "@grpc/grpc-js/build/x" -> "@grpc/grpc-js". */
function packageName(spec) {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** @type {import('eslint').Rule.RuleModule} */
const layers = {
  meta: {
    type: 'problem',
    docs: { description: "Imports must respect the layers of DESIGN.md's Architecture" },
    schema: [
      {
        type: 'object',
        properties: { root: { type: 'string' }, layers: { type: 'array', items: { type: 'object' } } },
        required: ['root', 'layers'],
        additionalProperties: false,
      },
    ],
    messages: {
      forbidden: "'{{spec}}' is not allowed here: {{rule}}.",
    },
  },
  create(context) {
    const { root, layers: table } = context.options[0];
    const file = relative(root, context.filename);
    const isTest = /\.test\.ts$/.test(file);
    const mine = /** @type {Layer[]} */ (table).filter((l) => within(file, l.folder) && !(isTest && l.testsExempt));
    if (mine.length === 0) return {};

    /** The first layer rule that `spec` breaks, or undefined. */
    function broken(spec) {
      if (spec.startsWith('.') || spec.startsWith('/')) {
        const resolved = relative(root, path.resolve(path.dirname(context.filename), spec));
        // `import '..'` from src/x/ is src/index.ts.
        const target = resolved === 'src' ? 'src/index' : resolved;
        for (const layer of mine) {
          if ((layer.forbid ?? []).some((entry) => within(target, entry))) return layer;
          if (layer.only && target.startsWith('src/') && !layer.only.some((entry) => within(target, entry))) return layer;
        }
        return undefined;
      }
      if (spec.startsWith('node:')) return undefined;
      const name = packageName(spec);
      return mine.find((layer) => (layer.packages ?? []).includes(name));
    }

    function check(node, source) {
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
      const layer = broken(source.value);
      if (layer) context.report({ node: source, messageId: 'forbidden', data: { spec: source.value, rule: layer.rule } });
    }

    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
      TSImportEqualsDeclaration: (node) =>
        node.moduleReference.type === 'TSExternalModuleReference' && check(node, node.moduleReference.expression),
      CallExpression(node) {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments.length === 1) {
          check(node, node.arguments[0]);
        }
      },
    };
  },
};

module.exports = { rules: { layers } };
