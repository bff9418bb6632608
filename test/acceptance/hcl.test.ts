// The harness's HCL helpers write what `terraform fmt` would, and quote strings so that nothing in
// them is read as a template.
import { execFileSync } from 'node:child_process';
import * as os from 'node:os';
import { expr, hclString, profileResource, providerBlock, sensitiveVariable } from './harness';

const fmt = (code: string) =>
  execFileSync('terraform', ['fmt', '-no-color', '-'], {
    input: code,
    env: { ...process.env, TF_CLI_CONFIG_FILE: os.devNull, CHECKPOINT_DISABLE: '1' },
    encoding: 'utf8',
  });

describe('HCL helpers', () => {
  it('write blocks that terraform fmt leaves unchanged', () => {
    const code = [
      providerBlock('http://127.0.0.1:1234', { max_retries: 1 }),
      sensitiveVariable('secret'),
      sensitiveVariable('token', { ephemeral: true }),
      profileResource('p', { name: 'n', provider_name: 'slack', client_id: 'c', client_secret_wo: expr('var.secret'), client_secret_wo_version: 2, token: undefined }),
    ].join('\n');
    expect(fmt(code)).toBe(code);
    expect(code).not.toContain('token  ');
  });

  it('quote strings with JSON escapes and no templates', () => {
    expect(hclString('a "b" \\ ${var.x} %{ if } \n')).toBe('"a \\"b\\" \\\\ $${var.x} %%{ if } \\n"');
    expect(fmt(`locals {\n  x = ${hclString('${nope}')}\n}\n`)).toContain('$${nope}');
  });
});
