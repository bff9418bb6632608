// A schema as tfplugindocs renders it: the "## Schema" section of a registry page, attributes in
// Required, Optional and Read-Only groups, then the nested schema of object-typed attributes.
'use strict';

const WRITE_ONLY_LINK = 'https://developer.hashicorp.com/terraform/language/resources/ephemeral#write-only-arguments';
const WRITE_ONLY_NOTE = `> **NOTE**: [Write-only arguments](${WRITE_ONLY_LINK}) are supported in Terraform 1.11 and later.`;

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

module.exports = { renderSchema };
