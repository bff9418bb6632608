#!/usr/bin/env node
// `npm run docs`: the Terraform Registry pages in docs/, generated from the provider's schema
// objects and the templates in templates/, in tfplugindocs' layout. `--check` only reports staleness.
//
//   node scripts/docs.js [--check]
//
// The schemas are read from lib/ (`npm run docs` runs `npm run build` first); test/docs.test.ts
// renders the same pages from src/ and fails when the committed docs differ. Offline, in-process.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { listFiles } = require('./files');

const REPO_ROOT = path.resolve(__dirname, '..');
const DOCS_DIR = path.join(REPO_ROOT, 'docs');
const TEMPLATES_DIR = path.join(REPO_ROOT, 'templates');
const PROVIDER_NAME = 'terraform-provider-workato';

const WRITE_ONLY_LINK = 'https://developer.hashicorp.com/terraform/language/resources/ephemeral#write-only-arguments';
const WRITE_ONLY_NOTE = `> **NOTE**: [Write-only arguments](${WRITE_ONLY_LINK}) are supported in Terraform 1.11 and later.`;

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

/**
 * What the pages are made from, taken from the provider's and the client's modules (from lib/ or,
 * in the test, src/): the provider with its schemas, and the client's defaults that the provider
 * page states, so that the page cannot drift from the code.
 */
function docsInputs({ provider: providerModule, client: clientModule }) {
  return {
    provider: providerModule.workatoProvider(),
    dataCenters: clientModule.DATA_CENTERS,
    defaultDataCenter: clientModule.DEFAULT_DATA_CENTER,
    retryPolicy: clientModule.DEFAULT_RETRY_POLICY,
    requestsPerMinute: clientModule.DEFAULT_REQUESTS_PER_MINUTE,
    requestTimeoutMs: clientModule.DEFAULT_REQUEST_TIMEOUT_MS,
  };
}

/** The inputs from the compiled package; `npm run build` must have run. */
function loadInputsFromLib() {
  const lib = path.join(REPO_ROOT, 'lib');
  if (!fs.existsSync(path.join(lib, 'provider', 'index.js'))) {
    throw new Error('lib/provider does not exist: run `npm run build` first (or `npm run docs`, which does).');
  }
  return docsInputs({ provider: require(path.join(lib, 'provider')), client: require(path.join(lib, 'client')) });
}

// ---------------------------------------------------------------------------------------------
// Schema → Markdown, as tfplugindocs renders it
// ---------------------------------------------------------------------------------------------

/** `string` → String, `{ list: { object } }` → List of Object, … */
function typeName(type) {
  if (type === 'string') return 'String';
  if (type === 'number') return 'Number';
  if (type === 'bool') return 'Boolean';
  if (type === 'dynamic') return 'Dynamic';
  if (type && typeof type === 'object') {
    if ('list' in type) return `List of ${typeName(type.list)}`;
    if ('set' in type) return `Set of ${typeName(type.set)}`;
    if ('map' in type) return `Map of ${typeName(type.map)}`;
    if ('object' in type) return 'Object';
  }
  throw new Error(`unsupported attribute type ${JSON.stringify(type)}`);
}

/** The object type an attribute's documentation must describe below it, if any. */
function nestedObjectType(type) {
  if (type && typeof type === 'object') {
    if ('object' in type) return type;
    for (const kind of ['list', 'set', 'map']) {
      if (kind in type && type[kind] && typeof type[kind] === 'object' && 'object' in type[kind]) return type[kind];
    }
  }
  return undefined;
}

const GROUPS = [
  { title: 'Required', matches: (a) => Boolean(a.required) },
  { title: 'Optional', matches: (a) => !a.required && Boolean(a.optional) },
  { title: 'Read-Only', matches: (a) => !a.required && !a.optional && Boolean(a.computed) },
];

/** Turns a description into one Markdown list item's text, as tfplugindocs does. */
function inlineDescription(description) {
  return description.trim().replace(/\n\n+/g, '  \n');
}

/**
 * The "## Schema" section of a page: attributes in Required, Optional and Read-Only groups, sorted
 * by name, then the nested schema of every object-typed attribute. Fails on an attribute without a
 * description: the registry page is the only place users read it.
 */
function renderSchema(schema, where) {
  const attributes = schema.block.attributes;
  const names = Object.keys(attributes).sort();
  const out = ['## Schema', ''];
  const nested = [];
  for (const name of names) {
    const attribute = attributes[name];
    if (!attribute.description || attribute.description.trim() === '') {
      throw new Error(`${where}: attribute ${name} has no description; every attribute needs one (it is the registry documentation).`);
    }
    if (!GROUPS.some((g) => g.matches(attribute))) {
      throw new Error(`${where}: attribute ${name} is neither required, optional nor computed.`);
    }
  }
  for (const group of GROUPS) {
    const members = names.filter((n) => group.matches(attributes[n]));
    if (members.length === 0) continue;
    out.push(`### ${group.title}`, '');
    if (members.some((n) => attributes[n].writeOnly)) out.push(WRITE_ONLY_NOTE, '');
    for (const name of members) {
      const attribute = attributes[name];
      const flags = [typeName(attribute.type)];
      if (attribute.sensitive) flags.push('Sensitive');
      if (attribute.deprecated) flags.push('Deprecated');
      if (attribute.writeOnly) flags.push(`[Write-only](${WRITE_ONLY_LINK})`);
      let line = `- \`${name}\` (${flags.join(', ')}) ${inlineDescription(attribute.description)}`;
      const objectType = nestedObjectType(attribute.type);
      if (objectType) {
        const anchor = `nestedatt--${name}`;
        line += ` (see [below for nested schema](#${anchor}))`;
        nested.push({ anchor, path: [name], objectType, group });
      }
      out.push(line);
    }
    out.push('');
  }
  out.push(...renderNestedObjects(nested));
  return out.join('\n').trimEnd() + '\n';
}

/** An object type's attributes carry no descriptions or flags: names and types, in the parent's group. */
function renderNestedObjects(nested) {
  const out = [];
  for (const { anchor, path: at, objectType, group } of nested) {
    out.push(`<a id="${anchor}"></a>`, `### Nested Schema for \`${at.join('.')}\``, '', `${group.title}:`, '');
    const deeper = [];
    for (const name of Object.keys(objectType.object).sort()) {
      const type = objectType.object[name];
      let line = `- \`${name}\` (${typeName(type)})`;
      const inner = nestedObjectType(type);
      if (inner) {
        const innerAnchor = `nestedobjatt--${[...at, name].join('--')}`;
        line += ` (see [below for nested schema](#${innerAnchor}))`;
        deeper.push({ anchor: innerAnchor, path: [...at, name], objectType: inner, group });
      }
      out.push(line);
    }
    out.push('', ...renderNestedObjects(deeper));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Example HCL, embedded from the files in examples/
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Templates: a small subset of tfplugindocs' Go templates
// ---------------------------------------------------------------------------------------------
//
// `{{ .Field }}`, `{{ function "arg" … }}` and pipes (`{{ .Description | plainmarkdown | trimspace }}`;
// a piped value is the function's last argument). Anything else is an error, so a typo cannot
// slip into a page.

/** Markdown → plain text, for the front matter: no code spans, links or emphasis. */
function plainMarkdown(text) {
  return text
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/(\*\*|__)(.*?)\1/g, '$2');
}

function templateFunctions(readRepoFile) {
  return {
    trimspace: (text) => String(text).trim(),
    plainmarkdown: (text) => plainMarkdown(String(text)),
    prefixlines: (prefix, text) =>
      String(text)
        .split('\n')
        .map((line) => prefix + line)
        .join('\n'),
    /** A whole file in a fenced block. */
    tffile: (file) => fenced('terraform', readRepoFile(file)),
    codefile: (language, file) => fenced(language, readRepoFile(file)),
    /** Some top-level blocks of an example file, by address, in one fenced block. */
    tfblocks: (file, ...addresses) => {
      if (addresses.length === 0) throw new Error(`tfblocks "${file}": name at least one block`);
      const blocks = hclBlocks(readRepoFile(file), file);
      const picked = addresses.map((address) => {
        const found = blocks.filter((b) => b.address === address);
        if (found.length !== 1) {
          throw new Error(
            `${file} has ${found.length === 0 ? 'no' : found.length} block(s) ${address}; ` +
              `its blocks are: ${blocks.map((b) => b.address).join(', ')}`,
          );
        }
        return found[0].text;
      });
      return fenced('terraform', picked.join('\n\n'));
    },
  };
}

function tokenize(expression) {
  const tokens = [];
  const re = /\s*(?:("(?:[^"\\]|\\.)*")|(\.[A-Za-z][A-Za-z0-9]*)|([A-Za-z][A-Za-z0-9]*)|(\|))/y;
  let at = 0;
  const source = expression.trim();
  while (at < source.length) {
    re.lastIndex = at;
    const m = re.exec(source);
    if (!m) throw new Error(`cannot parse "${source.slice(at)}"`);
    if (m[1] !== undefined) tokens.push({ kind: 'string', value: JSON.parse(m[1]) });
    else if (m[2] !== undefined) tokens.push({ kind: 'field', value: m[2].slice(1) });
    else if (m[3] !== undefined) tokens.push({ kind: 'function', value: m[3] });
    else tokens.push({ kind: 'pipe' });
    at = re.lastIndex;
  }
  return tokens;
}

function evaluate(expression, fields, functions) {
  const stages = [[]];
  for (const token of tokenize(expression)) {
    if (token.kind === 'pipe') stages.push([]);
    else stages[stages.length - 1].push(token);
  }
  let value;
  stages.forEach((stage, index) => {
    if (stage.length === 0) throw new Error('empty pipeline stage');
    const argument = (token) => {
      if (token.kind === 'string') return token.value;
      if (token.kind === 'field') {
        if (!(token.value in fields)) throw new Error(`unknown field .${token.value}; known: ${Object.keys(fields).map((f) => `.${f}`).join(', ')}`);
        return fields[token.value];
      }
      throw new Error(`${token.value} is a function; only strings and fields can be arguments`);
    };
    const [head, ...rest] = stage;
    if (head.kind !== 'function') {
      if (stage.length !== 1 || index !== 0) throw new Error('a value can only start a pipeline');
      value = argument(head);
      return;
    }
    const fn = functions[head.value];
    if (!fn) throw new Error(`unknown function ${head.value}; known: ${Object.keys(functions).join(', ')}`);
    const args = rest.map(argument);
    value = index === 0 ? fn(...args) : fn(...args, value);
  });
  return value;
}

/** Fills in a template; an error names the template and the line of the failing expression. */
function renderTemplate(template, name, fields, functions) {
  let output = '';
  let at = 0;
  for (const m of template.matchAll(/\{\{([\s\S]*?)\}\}/g)) {
    output += template.slice(at, m.index);
    try {
      output += String(evaluate(m[1], fields, functions));
    } catch (e) {
      const line = template.slice(0, m.index).split('\n').length;
      throw new Error(`${name}:${line}: {{${m[1]}}}: ${e.message}`);
    }
    at = m.index + m[0].length;
  }
  return output + template.slice(at);
}

/** Deterministic text: LF, no trailing spaces, at most one blank line in a row, one final newline. */
function normalize(text) {
  return (
    text
      .replace(/\r\n/g, '\n')
      .split('\n')
      .map((line) => line.replace(/[ \t]+$/, ''))
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim() + '\n'
  );
}

// ---------------------------------------------------------------------------------------------
// Pages
// ---------------------------------------------------------------------------------------------

function formatDuration(ms) {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} minute${ms === 60_000 ? '' : 's'}`;
  return `${ms / 1000} s`;
}

/**
 * Every page, as a Map from its path under docs/ to its text: docs/index.md for the provider,
 * docs/resources/NAME.md and docs/data-sources/NAME.md (NAME without the `workato_` prefix), each
 * from templates/ at the same path with `.md.tmpl`. Every page needs its template (with example
 * usage); a template without a resource or data source is an error too.
 */
function renderDocs(inputs, { templatesDir = TEMPLATES_DIR, repoRoot = REPO_ROOT } = {}) {
  const { provider } = inputs;
  const readRepoFile = (file) => fs.readFileSync(path.join(repoRoot, file), 'utf8');
  const functions = templateFunctions(readRepoFile);
  const common = { ProviderName: PROVIDER_NAME, ProviderShortName: provider.typeName };

  const pages = [
    {
      file: 'index.md',
      fields: {
        ...common,
        Description: provider.schema.block.description,
        SchemaMarkdown: renderSchema(provider.schema, `provider ${provider.typeName}`),
        DataCentersTable: dataCentersTable(inputs.dataCenters, inputs.defaultDataCenter),
        DefaultDataCenter: inputs.defaultDataCenter,
        RequestsPerMinute: String(inputs.requestsPerMinute),
        RequestTimeoutSeconds: String(inputs.requestTimeoutMs / 1000),
        MaxRetries: String(inputs.retryPolicy.maxRetries),
        RetryStatuses: inputs.retryPolicy.retryStatuses.join(', '),
        RetryBaseDelay: formatDuration(inputs.retryPolicy.baseDelayMs),
        RetryMaxDelay: formatDuration(inputs.retryPolicy.maxDelayMs),
        MaxRetryAfter: formatDuration(inputs.retryPolicy.maxRetryAfterMs),
      },
    },
  ];
  const prefix = `${provider.typeName}_`;
  const kinds = [
    { dir: 'resources', type: 'Resource', items: provider.resources },
    { dir: 'data-sources', type: 'Data Source', items: provider.dataSources },
  ];
  for (const { dir, type, items } of kinds) {
    for (const item of [...items].sort((a, b) => (a.typeName < b.typeName ? -1 : a.typeName > b.typeName ? 1 : 0))) {
      if (!item.typeName.startsWith(prefix)) throw new Error(`${item.typeName} does not start with ${prefix}`);
      pages.push({
        file: `${dir}/${item.typeName.slice(prefix.length)}.md`,
        fields: {
          ...common,
          Name: item.typeName,
          Type: type,
          Description: item.schema.block.description,
          SchemaMarkdown: renderSchema(item.schema, item.typeName),
        },
      });
    }
  }

  const expectedTemplates = new Set(pages.map((p) => `${p.file}.tmpl`));
  for (const template of listFiles(templatesDir)) {
    if (!expectedTemplates.has(template)) {
      throw new Error(`templates/${template} belongs to no page (pages: ${pages.map((p) => p.file).join(', ')})`);
    }
  }

  const files = new Map();
  for (const page of pages) {
    const templateFile = path.join(templatesDir, `${page.file}.tmpl`);
    if (!fs.existsSync(templateFile)) {
      throw new Error(
        `templates/${page.file}.tmpl does not exist: every page needs a template with example usage ` +
          '(copy one of the others).',
      );
    }
    const templateName = `templates/${page.file}.tmpl`;
    const text = renderTemplate(fs.readFileSync(templateFile, 'utf8'), templateName, page.fields, functions);
    if (!text.startsWith('---\n')) throw new Error(`${templateName} must start with the page's front matter (---)`);
    // Inside the front matter, where tfplugindocs puts its own mark: the registry shows none of it.
    const mark = `# generated by npm run docs from ${templateName} and the provider's schema; do not edit.\n`;
    files.set(page.file, normalize(`---\n${mark}${text.slice(4)}`));
  }
  return files;
}

function dataCentersTable(dataCenters, defaultDataCenter) {
  const rows = Object.entries(dataCenters).map(
    ([name, url]) => `| \`${name}\`${name === defaultDataCenter ? ' (default)' : ''} | \`${url}\` |`,
  );
  return ['| `data_center` | API host |', '|---|---|', ...rows].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------------------------

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
