// Acceptance: every configuration rule is a diagnostic at validate/plan time, on the attribute's
// own line, and nothing reaches Workato; a bad token or URL is a clear error. Every case has its
// own workspace and emulator, so one failure cannot cascade and `-t` runs a single case.
import { resourceTest, type TfResult, workspace } from './harness';

const profile = (body: string) => `
resource "workato_custom_oauth_profile" "p" {
${body}
}
`;

interface Case {
  name: string;
  body: string;
  summary: string;
  /** The configuration line the diagnostic must point at. */
  line: RegExp;
}

const cases: Case[] = [
  {
    name: 'both client_secret and client_secret_wo',
    body: `  name = "a"\n  provider_name = "hubspot"\n  client_id = "c"\n  client_secret = "s"\n  client_secret_wo = "w"`,
    summary: 'Conflicting client_secret and client_secret_wo',
    line: /client_secret_wo = "w"/,
  },
  {
    name: 'both token and token_wo',
    body: `  name = "a"\n  provider_name = "slack"\n  client_id = "c"\n  client_secret = "s"\n  token = "t"\n  token_wo = "w"`,
    summary: 'Conflicting token and token_wo',
    line: /token_wo = "w"/,
  },
  {
    name: 'an empty name',
    body: `  name = ""\n  provider_name = "hubspot"\n  client_id = "c"\n  client_secret = "s"`,
    summary: 'Empty name',
    line: /name = ""/,
  },
  {
    name: 'an empty provider_name',
    body: `  name = "a"\n  provider_name = ""\n  client_id = "c"\n  client_secret = "s"`,
    summary: 'Empty provider_name',
    line: /provider_name = ""/,
  },
  {
    name: 'an empty client_id',
    body: `  name = "a"\n  provider_name = "hubspot"\n  client_id = "  "\n  client_secret = "s"`,
    summary: 'Empty client_id',
    line: /client_id = "  "/,
  },
  {
    name: 'an empty client_secret',
    body: `  name = "a"\n  provider_name = "hubspot"\n  client_id = "c"\n  client_secret = ""`,
    summary: 'Empty client_secret',
    line: /client_secret = ""/,
  },
  {
    name: 'an empty token',
    body: `  name = "a"\n  provider_name = "slack"\n  client_id = "c"\n  client_secret = "s"\n  token = ""`,
    summary: 'Empty token',
    line: /token = ""/,
  },
  {
    name: 'client_secret_wo_version without client_secret_wo',
    body: `  name = "a"\n  provider_name = "hubspot"\n  client_id = "c"\n  client_secret = "s"\n  client_secret_wo_version = 1`,
    summary: 'client_secret_wo_version without client_secret_wo',
    line: /client_secret_wo_version = 1/,
  },
  {
    name: 'token_wo_version without token_wo',
    body: `  name = "a"\n  provider_name = "hubspot"\n  client_id = "c"\n  client_secret = "s"\n  token_wo_version = 2`,
    summary: 'token_wo_version without token_wo',
    line: /token_wo_version = 2/,
  },
  {
    name: 'a provider_name that is not an app identifier',
    body: `  name = "a"\n  provider_name = "HubSpot"\n  client_id = "c"\n  client_secret = "s"`,
    summary: 'Invalid provider_name',
    line: /provider_name = "HubSpot"/,
  },
];

/** The outcome of one `terraform validate` in a workspace of its own. */
interface Validated {
  result: TfResult;
  /** What the emulator received: validate configures no provider, so nothing. */
  requests: readonly unknown[];
}

/** `terraform validate` of `hcl` in a fresh workspace (init included), closed afterwards. */
async function validate(hcl: string, options: { providerBlock?: string } = {}): Promise<Validated> {
  const ws = await workspace();
  try {
    ws.writeConfig(hcl, options);
    await ws.init();
    const result = await ws.tf(['validate', '-no-color'], { allowFailure: true });
    return { result, requests: [...ws.emulator.requests] };
  } finally {
    await ws.close();
  }
}

const validBody = `  name = "a"\n  provider_name = "hubspot"\n  client_id = "c"\n  client_secret = "s"`;

describe('configuration rules', () => {
  test.each(cases)('$name is refused by terraform validate', async ({ body, summary, line }) => {
    const { result, requests } = await validate(profile(body));
    expect(result.code).toBe(1);
    expect(result.output).toContain(`Error: ${summary}`);
    // Terraform prints the offending line of main.tf under the diagnostic.
    const block = result.output.slice(result.output.indexOf(`Error: ${summary}`));
    expect(block).toMatch(line);
    expect(requests).toHaveLength(0);
  });

  test.each([
    ['neither client_secret nor client_secret_wo', `  name = "a"\n  provider_name = "hubspot"\n  client_id = "c"`, 'Missing client secret', 'client_secret'],
    ['a Slack profile without a token', `  name = "a"\n  provider_name = "slack"\n  client_id = "c"\n  client_secret = "s"`, 'Missing token for a Slack app', 'token'],
  ])('creating a profile with %s passes validate, then fails at plan naming the attribute, with no request', async (_name, body, summary, attribute) => {
    const { result } = await validate(profile(body));
    expect(result.code).toBe(0);
    await resourceTest({
      steps: [
        {
          config: profile(body),
          planOnly: true,
          expectError: new RegExp(`Error: ${summary}`),
          check(ctx) {
            const output = ctx.plan!.output.replace(/\s+/g, ' ');
            expect(output).toContain('This plan creates the profile: it would send name "a", provider_name and client_id to Workato');
            expect(output).toContain(`Set ${attribute} (from a sensitive variable)`);
            expect(output).toContain('resource "workato_custom_oauth_profile" "p"');
            expect(ctx.emulator.requests).toHaveLength(0);
          },
        },
      ],
    });
  });

  test('a rule broken by a variable is caught at plan time, before any request', async () => {
    await resourceTest({
      env: { TF_VAR_app: 'slack' },
      steps: [
        {
          config: `
variable "app" {
  type = string
}
${profile(`  name = "a"\n  provider_name = var.app\n  client_id = "c"\n  client_secret = "s"`)}`,
          planOnly: true,
          expectError: /Error: Missing token for a Slack app/,
          check(ctx) {
            expect(ctx.plan!.code).toBe(1);
            expect(ctx.emulator.requests).toHaveLength(0);
            expect(ctx.emulator.profiles()).toHaveLength(0);
          },
        },
      ],
    });
  });

  test('a wrong API token fails with a message that says what to check', async () => {
    await resourceTest({
      steps: [
        {
          config: profile(validBody),
          env: { WORKATO_API_TOKEN: 'wrkprod-wrong-token' },
          expectError: /401/,
          check(ctx) {
            expect(ctx.result!.code).toBe(1);
            expect(ctx.result!.output).toMatch(/API token/i);
            expect(ctx.result!.output).not.toContain('wrkprod-wrong-token');
            expect(ctx.emulator.profiles()).toHaveLength(0);
          },
        },
      ],
    });
  });

  test('a missing API token is an error at configure time', async () => {
    await resourceTest({
      steps: [
        {
          config: profile(validBody),
          env: { WORKATO_API_TOKEN: undefined },
          planOnly: true,
          expectError: /Error: Missing Workato API token/,
          check(ctx) {
            expect(ctx.plan!.code).toBe(1);
            expect(ctx.plan!.output).toContain('WORKATO_API_TOKEN');
            expect(ctx.emulator.requests).toHaveLength(0);
          },
        },
      ],
    });
  });

  test('a remote base_url must use https', async () => {
    const { result, requests } = await validate(profile(validBody), {
      providerBlock: `provider "workato" {\n  base_url = "http://workato.example.com"\n}\n`,
    });
    expect(result.code).toBe(1);
    expect(result.output).toContain('Error: Invalid base_url');
    expect(result.output).toContain('https://');
    expect(result.output).toMatch(/base_url = "http:\/\/workato.example.com"/);
    expect(requests).toHaveLength(0);
  });

  test('an empty base_url is an error, not a fallback to the US data center', async () => {
    const { result, requests } = await validate(profile(validBody), {
      providerBlock: `provider "workato" {\n  base_url = ""\n}\n`,
    });
    expect(result.code).toBe(1);
    expect(result.output).toContain('Error: Empty base_url');
    expect(requests).toHaveLength(0);
  });

  test('an unknown data center lists the valid ones', async () => {
    const { result, requests } = await validate(profile(validBody), {
      providerBlock: `provider "workato" {\n  data_center = "mars"\n}\n`,
    });
    expect(result.code).toBe(1);
    expect(result.output).toContain('Error: Unknown Workato data center');
    expect(result.output).toContain('us, eu, jp, sg, au, il, trial');
    expect(requests).toHaveLength(0);
  });
});

// The schema's own rules, enforced by the framework in src/plugin before any provider code runs:
// each case gets its own workspace and a real `terraform plan`; the diagnostic must stand at the
// attribute's line, and the emulator must have received no request at all.
interface SchemaCase {
  name: string;
  hcl: string;
  providerBlock?: string;
  summary: string;
  /** The configuration line the diagnostic must point at. */
  line: RegExp;
  /** Words the diagnostic's detail must contain. */
  detail: string;
}

const schemaCases: SchemaCase[] = [
  {
    name: 'a required attribute set to null (name = null)',
    hcl: profile(`  name = null\n  provider_name = "hubspot"\n  client_id = "c"\n  client_secret = "s"`),
    summary: 'Missing required argument',
    line: /name = null/,
    detail: 'Set "name" to a value',
  },
  {
    name: 'a computed-only id set in configuration',
    hcl: profile(`${validBody}\n  id = "5"`),
    summary: 'Value for a read-only attribute',
    line: /id = "5"/,
    detail: 'Remove the line that sets "id"',
  },
  {
    name: 'a computed-only user_id set in configuration',
    hcl: profile(`${validBody}\n  user_id = 1`),
    summary: 'Value for a read-only attribute',
    line: /user_id = 1/,
    detail: 'Remove the line that sets "user_id"',
  },
  {
    name: 'a computed-only created_at set in configuration',
    hcl: profile(`${validBody}\n  created_at = "2026-01-01T00:00:00Z"`),
    summary: 'Value for a read-only attribute',
    line: /created_at = "2026-01-01T00:00:00Z"/,
    detail: 'Remove the line that sets "created_at"',
  },
  {
    name: 'a fraction for client_secret_wo_version',
    hcl: profile(`  name = "a"\n  provider_name = "hubspot"\n  client_id = "c"\n  client_secret_wo = "w"\n  client_secret_wo_version = 1.5`),
    summary: 'Whole number required',
    line: /client_secret_wo_version = 1.5/,
    detail: 'client_secret_wo_version must be a whole number',
  },
  {
    name: 'a fraction for the provider\'s requests_per_minute',
    hcl: profile(validBody),
    providerBlock: 'provider "workato" {\n  base_url = "BASE_URL"\n  requests_per_minute = 12.5\n}\n',
    summary: 'Whole number required',
    line: /requests_per_minute = 12.5/,
    detail: 'requests_per_minute must be a whole number',
  },
  {
    name: 'a computed-only attribute of a data source set in configuration',
    hcl: `
data "workato_custom_oauth_profile" "d" {
  id   = "1"
  name = "x"
}
`,
    summary: 'Value for a read-only attribute',
    line: /name = "x"/,
    detail: 'Remove the line that sets "name"',
  },
];

describe('schema rules enforced by the framework', () => {
  test.each(schemaCases)('$name is refused by terraform plan, at its line, with no request', async (c) => {
    const ws = await workspace();
    try {
      const providerBlock = c.providerBlock?.replace('BASE_URL', ws.emulator.url);
      ws.writeConfig(c.hcl, providerBlock ? { providerBlock } : {});
      await ws.init();
      const result = await ws.tf(['plan', '-no-color'], { allowFailure: true });
      expect(result.code).toBe(1);
      expect(result.output).toContain(`Error: ${c.summary}`);
      const block = result.output.slice(result.output.indexOf(`Error: ${c.summary}`));
      // Terraform prints "on main.tf line N" and the offending line under the diagnostic.
      expect(block).toMatch(/on main\.tf line \d+/);
      expect(block.split('\n').slice(0, 6).join('\n')).toMatch(c.line);
      expect(block.replace(/\s+/g, ' ')).toContain(c.detail);
      expect(result.output.match(/Error: /g)).toHaveLength(1);
      expect(ws.emulator.requests).toHaveLength(0);
    } finally {
      await ws.close();
    }
  });
});
