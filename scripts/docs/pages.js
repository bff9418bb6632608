// The pages: docs/index.md for the provider and one page per resource and data source, each from
// its template in templates/, filled with the schema and the client's defaults; and the guides,
// docs/guides/NAME.md, one per template in templates/guides/, as tfplugindocs renders them.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { listFiles } = require('../files');
const { renderSchema } = require('./schema-markdown');
const { normalize, renderTemplate, templateFunctions } = require('./template');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const TEMPLATES_DIR = path.join(REPO_ROOT, 'templates');
const PROVIDER_NAME = 'terraform-provider-workato';

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
    pageSize: clientModule.MAX_PER_PAGE,
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

function formatDuration(ms) {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} minute${ms === 60_000 ? '' : 's'}`;
  return `${ms / 1000} s`;
}

/**
 * Every page, as a Map from its path under docs/ to its text: docs/index.md for the provider,
 * docs/resources/NAME.md and docs/data-sources/NAME.md (NAME without the `workato_` prefix), each
 * from templates/ at the same path with `.md.tmpl`, and docs/guides/NAME.md for each
 * templates/guides/NAME.md.tmpl. Every page needs its template (with example usage); a template
 * without a resource or data source is an error too.
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
        PageSize: String(inputs.pageSize),
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

  // Guides are written by hand: a template makes the page, and they get only the provider's names
  // (as in tfplugindocs). Only `guides/NAME.md.tmpl`, so a stray file cannot become a page.
  for (const template of listFiles(path.join(templatesDir, 'guides'))) {
    if (!/^[a-z0-9][a-z0-9-]*\.md\.tmpl$/.test(template)) {
      throw new Error(`templates/guides/${template}: a guide's template is templates/guides/NAME.md.tmpl (NAME in lower case, digits and -)`);
    }
    pages.push({ file: `guides/${template.slice(0, -'.tmpl'.length)}`, guide: true, fields: { ...common } });
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
    const mark = `# generated by npm run docs from ${templateName}${page.guide ? '' : " and the provider's schema"}; do not edit.\n`;
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

module.exports = { REPO_ROOT, TEMPLATES_DIR, docsInputs, loadInputsFromLib, renderDocs };
