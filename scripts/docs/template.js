// Templates: a small subset of tfplugindocs' Go templates. `{{ .Field }}`, `{{ function "arg" … }}`
// and pipes (`{{ .Description | plainmarkdown | trimspace }}`; a piped value is the function's last
// argument). Anything else is an error, so a typo cannot slip into a page.
'use strict';

const { fenced, hclBlocks } = require('./hcl');

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

module.exports = { renderTemplate, templateFunctions, normalize };
