// The HCL the acceptance tests share: the provider block, sensitive variables and profile
// resources, written as `terraform fmt` would (the `=` of neighbouring attributes aligned).

/** An HCL expression written as is (`var.secret`, `1`, `[for …]`), not as a quoted string. */
export class HclExpression {
  constructor(readonly text: string) {}
}

/** `expr('var.secret')`: an expression rather than a string literal. */
export const expr = (text: string): HclExpression => new HclExpression(text);

/** A JS string, number or boolean, or an expression. Undefined members are left out. */
export type HclValue = string | number | boolean | null | HclExpression;

/** A quoted HCL string: JSON escapes, plus `$${` and `%%{` so that no template is read into it. */
export function hclString(text: string): string {
  return JSON.stringify(text).replace(/([$%])\{/g, (_, sign: string) => `${sign}${sign}{`);
}

export function hclValue(value: HclValue): string {
  if (value instanceof HclExpression) return value.text;
  if (typeof value === 'string') return hclString(value);
  return String(value);
}

/** Attribute lines, two spaces in, `=` aligned as `terraform fmt` aligns them. */
export function attributeLines(attributes: Record<string, HclValue | undefined>): string {
  const present = Object.entries(attributes).filter((e): e is [string, HclValue] => e[1] !== undefined);
  const width = Math.max(0, ...present.map(([name]) => name.length));
  return present.map(([name, value]) => `  ${name.padEnd(width)} = ${hclValue(value)}\n`).join('');
}

/** A block: `header {` then the attributes then `}`; `extra` is raw HCL for the body's end. */
export function block(header: string, attributes: Record<string, HclValue | undefined>, extra = ''): string {
  const body = attributeLines(attributes) + extra;
  return body === '' ? `${header} {}\n` : `${header} {\n${body}}\n`;
}

/** `variable "NAME" { type = string, sensitive = true }`, ephemeral for write-only values. */
export function sensitiveVariable(name: string, options: { ephemeral?: boolean } = {}): string {
  return block(`variable ${hclString(name)}`, { type: expr('string'), sensitive: true, ephemeral: options.ephemeral || undefined });
}

/** The attributes of a `workato_custom_oauth_profile` block, in the order a person writes them. */
export interface ProfileAttributes {
  name?: HclValue;
  provider_name?: HclValue;
  client_id?: HclValue;
  client_secret?: HclValue;
  client_secret_wo?: HclValue;
  client_secret_wo_version?: HclValue;
  token?: HclValue;
  token_wo?: HclValue;
  token_wo_version?: HclValue;
  [other: string]: HclValue | undefined;
}

/** A `resource "workato_custom_oauth_profile" "NAME"` block; `extra` is raw HCL (a lifecycle block, …). */
export function profileResource(name: string, attributes: ProfileAttributes, extra = ''): string {
  return block(`resource "workato_custom_oauth_profile" ${hclString(name)}`, attributes, extra);
}

/** The provider block for an emulator (or any base URL), with further settings. */
export function providerBlock(baseUrl: string | { url: string }, settings: Record<string, HclValue | undefined> = {}): string {
  return block('provider "workato"', { base_url: typeof baseUrl === 'string' ? baseUrl : baseUrl.url, ...settings });
}
