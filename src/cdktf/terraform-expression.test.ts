// inspectSecretExpression: which resolved values keep a secret out of cdktf.out, and what it says about the others.
import { inspectSecretExpression } from './terraform-expression';

describe('inspectSecretExpression', () => {
  test.each([
    ['a variable', '${var.hubspot_client_secret}', [{ root: 'var', steps: ['hubspot_client_secret'] }]],
    ['a data source attribute', '${data.aws_ssm_parameter.hubspot.value}', [{ root: 'data', steps: ['aws_ssm_parameter', 'hubspot', 'value'] }]],
    [
      "another resource's attribute",
      '${aws_secretsmanager_secret_version.x.secret_string}',
      [{ root: 'aws_secretsmanager_secret_version', steps: ['x', 'secret_string'] }],
    ],
    ['a function of a variable', '${sensitive(var.x)}', [{ root: 'var', steps: ['x'] }]],
    ['a module output', '${module.m.out}', [{ root: 'module', steps: ['m', 'out'] }]],
    ['a local', '${local.secrets.hubspot}', [{ root: 'local', steps: ['secrets', 'hubspot'] }]],
    [
      'a key in an index',
      '${jsondecode(data.a.b.secret_string)["client-secret"]}',
      [{ root: 'data', steps: ['a', 'b', 'secret_string'] }],
    ],
    ['a key after a traversal', '${var.m["my key"].x[0]}', [{ root: 'var', steps: ['m', 'my key', 'x', 0] }]],
    ['an empty string', '${coalesce(var.x, "")}', [{ root: 'var', steps: ['x'] }]],
    ['numbers', '${element(var.l, 0)}', [{ root: 'var', steps: ['l'] }]],
    ['a provider-defined function', '${provider::vault::read(var.path)}', [{ root: 'var', steps: ['path'] }]],
    ['a conditional', '${var.x != "" ? var.x : var.y}', [{ root: 'var', steps: ['x'] }, { root: 'var', steps: ['x'] }, { root: 'var', steps: ['y'] }]],
    ['an object', '${{ a = var.x }.a}', [{ root: 'var', steps: ['x'] }]],
    ['spaces', '${ var.x }', [{ root: 'var', steps: ['x'] }]],
  ])('accepts %s', (_case, value, references) => {
    expect(inspectSecretExpression(value)).toEqual({ ok: true, references });
  });

  test.each([
    ['a plain string', 'LEAK', 'resolves to a literal string'],
    ['a string with an escaped ${', '$${LEAK}', 'resolves to literal text around a Terraform expression'],
    ['text before the expression', 'LEAK${var.x}', 'resolves to literal text around a Terraform expression'],
    ['text after the expression', '${var.x}LEAK', 'resolves to literal text around a Terraform expression, or to more than one expression'],
    ['two expressions', '${var.x}${var.y}', 'resolves to literal text around a Terraform expression, or to more than one expression'],
    [
      'a literal in sensitive()',
      '${sensitive("LEAK")}',
      'resolves to an expression with a string literal in it (Fn.sensitive() hides a value in plan output, but its argument is still written into cdktf.out)',
    ],
    ['a literal in a function', '${lower("LEAK")}', 'resolves to an expression with a string literal in it'],
    ['a literal with escapes', '${lower("a\\"LEAK")}', 'resolves to an expression with a string literal in it'],
    ['a literal beside a reference', '${join("", [var.x, "LEAK"])}', 'resolves to an expression with a string literal in it'],
    ['a literal fallback', '${var.x != "" ? var.x : "LEAK"}', 'resolves to an expression with a string literal in it'],
    ['a literal in a tuple', '${["LEAK"][0]}', 'resolves to an expression with a string literal in it'],
    ['a template key', '${var.m["${var.k}LEAK"]}', 'resolves to an expression with a string literal in it'],
    ['a heredoc', '${trimspace(<<EOT\nLEAK\nEOT\n)}', 'resolves to an expression with a heredoc (a string literal) in it'],
    ['a comment', '${var.x /* LEAK */}', 'resolves to an expression with a comment in it'],
    ['a # comment', '${var.x # LEAK\n}', 'resolves to an expression with a comment in it'],
    ['a constant', '${tostring(12345)}', 'resolves to an expression that reads nothing from Terraform (a constant)'],
    ['an unterminated expression', '${var.x', 'resolves to a string that is not a complete Terraform expression'],
    ['an unterminated string', '${lower("LEAK)}', 'resolves to a string that is not a complete Terraform expression'],
    ['a number', 12345, 'resolves to a number, not to a Terraform expression'],
    ['an object', { a: 'LEAK' }, 'resolves to an object, not to a Terraform expression'],
    ['a list', ['LEAK'], 'resolves to a list, not to a Terraform expression'],
    ['null', null, 'resolves to null, not to a Terraform expression'],
  ])('refuses %s', (_case, value, problem) => {
    const inspection = inspectSecretExpression(value);
    expect(inspection).toEqual({ ok: false, problem });
    expect(JSON.stringify(inspection)).not.toContain('LEAK');
  });
});
