// Reads a resolved attribute value as Terraform will: is it one `${…}` expression that takes its
// value from elsewhere (a variable, a data source, a resource, a local, a module), with no literal
// of its own that would be written into cdktf.out? Pure: knows nothing of constructs.

/** A reference the expression reads, e.g. `local.secrets["hubspot"]` → root `local`, steps `secrets`, `hubspot`. */
export interface Traversal {
  readonly root: string;
  readonly steps: ReadonlyArray<string | number>;
}

export type ExpressionInspection =
  /** A single expression with no literal but map keys, indexes and `""`; `references` is never empty. */
  | { readonly ok: true; readonly references: readonly Traversal[] }
  /**
   * Completes "clientSecret …", e.g. "resolves to an expression with a string literal in it".
   * Describes the value, never shows it.
   */
  | { readonly ok: false; readonly problem: string };

interface Lexeme {
  readonly kind: 'identifier' | 'number' | 'string' | 'punctuation';
  readonly text: string;
  /** For a string: it holds a `${…}` or `%{…}` template sequence. */
  readonly template?: boolean;
}

const KEYWORDS = new Set(['true', 'false', 'null', 'for', 'in', 'if']);
const SENSITIVE_FUNCTION = 'sensitive';

/**
 * Whether `value` (an attribute as resolved for cdktf.out) keeps a secret out of the file.
 * Accepted: `${var.x}`, `${data.a.b.c}`, `${aws_x.y.secret}`, `${sensitive(var.x)}`, `${module.m.out}`,
 * `${jsondecode(data.a.b.c)["key"]}`. Refused: anything with a string literal (`${sensitive("…")}`),
 * a heredoc or a comment in it, text outside the `${…}`, a plain string, a number, and a constant
 * expression such as `${tostring(1234)}`.
 */
export function inspectSecretExpression(value: unknown): ExpressionInspection {
  if (typeof value !== 'string') {
    return refused(`resolves to ${describeNonString(value)}, not to a Terraform expression`);
  }
  if (!value.startsWith('${')) {
    return refused(/[$%]\{/.test(value) ? 'resolves to literal text around a Terraform expression' : 'resolves to a literal string');
  }
  const lexed = lex(value, 2);
  if ('problem' in lexed) return refused(lexed.problem);
  if (lexed.end !== value.length - 1) {
    return refused('resolves to literal text around a Terraform expression, or to more than one expression');
  }
  const lexemes = lexed.lexemes;
  const literal = lexemes.findIndex((lexeme, i) => lexeme.kind === 'string' && !isHarmlessString(lexemes, i));
  if (literal !== -1) {
    const hidesInSensitive = lexemes.some(
      (lexeme, i) => lexeme.kind === 'identifier' && lexeme.text === SENSITIVE_FUNCTION && isPunctuation(lexemes[i + 1], '('),
    );
    return refused(
      'resolves to an expression with a string literal in it' +
        (hidesInSensitive ? ' (Fn.sensitive() hides a value in plan output, but its argument is still written into cdktf.out)' : ''),
    );
  }
  const references = traversals(lexemes);
  if (references.length === 0) return refused('resolves to an expression that reads nothing from Terraform (a constant)');
  return { ok: true, references };
}

function refused(problem: string): ExpressionInspection {
  return { ok: false, problem };
}

function describeNonString(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * The lexemes of the expression that starts at `start` (just after `${`), up to its closing `}`
 * at `end`. Only what the checks need: strings, identifiers, numbers and single punctuation marks.
 */
function lex(src: string, start: number): { lexemes: Lexeme[]; end: number } | { problem: string } {
  const lexemes: Lexeme[] = [];
  let depth = 0;
  let i = start;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === '"') {
      let j = i + 1;
      let template = false;
      while (j < src.length && src[j] !== '"') {
        if (src[j] === '\\') j += 1;
        else if ((src[j] === '$' || src[j] === '%') && src[j + 1] === '{') template = true;
        j += 1;
      }
      if (j >= src.length) break;
      lexemes.push({ kind: 'string', text: src.slice(i + 1, j), template });
      i = j + 1;
    } else if (src.startsWith('<<', i)) {
      return { problem: 'resolves to an expression with a heredoc (a string literal) in it' };
    } else if (c === '#' || src.startsWith('//', i) || src.startsWith('/*', i)) {
      return { problem: 'resolves to an expression with a comment in it' };
    } else if (/[A-Za-z_]/.test(c)) {
      const text = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(src.slice(i))![0];
      lexemes.push({ kind: 'identifier', text });
      i += text.length;
    } else if (/[0-9]/.test(c)) {
      const text = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(src.slice(i))![0];
      lexemes.push({ kind: 'number', text });
      i += text.length;
    } else {
      if (c === '{') depth += 1;
      if (c === '}') {
        if (depth === 0) return { lexemes, end: i };
        depth -= 1;
      }
      lexemes.push({ kind: 'punctuation', text: c });
      i += 1;
    }
  }
  return { problem: 'resolves to a string that is not a complete Terraform expression' };
}

function isPunctuation(lexeme: Lexeme | undefined, text: string): boolean {
  return lexeme?.kind === 'punctuation' && lexeme.text === text;
}

/**
 * `""` carries nothing; a key in an index (`…["client_secret"]`, as cdktf writes `Fn.lookup` with a
 * key that is not an identifier) names what is read, it is not the value.
 */
function isHarmlessString(lexemes: readonly Lexeme[], i: number): boolean {
  const lexeme = lexemes[i];
  if (lexeme.template) return false;
  if (lexeme.text === '') return true;
  const beforeBracket = lexemes[i - 2];
  return (
    isPunctuation(lexemes[i - 1], '[') &&
    isPunctuation(lexemes[i + 1], ']') &&
    beforeBracket !== undefined &&
    (beforeBracket.kind === 'identifier' || isPunctuation(beforeBracket, ']') || isPunctuation(beforeBracket, ')'))
  );
}

/** The references in the expression: identifiers that are neither a function, a keyword, an attribute nor an object key. */
function traversals(lexemes: readonly Lexeme[]): Traversal[] {
  const found: Traversal[] = [];
  for (let i = 0; i < lexemes.length; i += 1) {
    const lexeme = lexemes[i];
    if (lexeme.kind !== 'identifier' || KEYWORDS.has(lexeme.text)) continue;
    const previous = lexemes[i - 1];
    const next = lexemes[i + 1];
    if (isPunctuation(previous, '.')) continue; // an attribute
    if (isPunctuation(next, '(')) continue; // a function call
    const doubleColon = (at: number) => isPunctuation(lexemes[at], ':') && isPunctuation(lexemes[at + 1], ':');
    if (doubleColon(i - 2) || doubleColon(i + 1)) continue; // a part of provider::ns::fn
    if (isPunctuation(next, '=') && !isPunctuation(lexemes[i + 2], '=')) continue; // an object key
    const steps: Array<string | number> = [];
    let j = i + 1;
    for (;;) {
      const [a, b, c] = [lexemes[j], lexemes[j + 1], lexemes[j + 2]];
      if (isPunctuation(a, '.') && (b?.kind === 'identifier' || b?.kind === 'number')) {
        steps.push(b.kind === 'number' ? Number(b.text) : b.text);
        j += 2;
      } else if (isPunctuation(a, '[') && (b?.kind === 'string' || b?.kind === 'number') && isPunctuation(c, ']')) {
        steps.push(b.kind === 'number' ? Number(b.text) : b.text);
        j += 3;
      } else {
        break;
      }
    }
    found.push({ root: lexeme.text, steps });
  }
  return found;
}
