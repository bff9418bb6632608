#!/usr/bin/env node
// workato-drift: a reviewer's report of Workato custom OAuth profiles that drifted from the
// configuration, for a Terraform directory or a synthesized CDKTF stack (cdktf.out/stacks/NAME).
import { checkDrift, renderJson, renderMarkdown } from './drift';

const USAGE = `Usage: workato-drift [DIR] [--format markdown|json] [--terraform PATH] [-- PLAN_ARGS...]

Runs \`terraform plan\` in DIR (default: the current directory; for CDKTF, a synthesized stack
such as cdktf.out/stacks/my-stack), which reads every profile from Workato, and reports:
  - profiles changed outside Terraform (field, declared value, live value, last applied value),
  - profiles deleted outside Terraform,
  - what \`terraform apply\` would change.
Secrets are never shown, and cannot be compared: Workato never returns them.

DIR must be initialized (\`terraform init\`). Everything \`terraform plan\` needs must be there
too: the provider's credentials (WORKATO_API_TOKEN, ...) and a value for every variable, as
TF_VAR_<name> environment variables or as plan arguments after \`--\`, e.g.
  workato-drift infra/workato -- -var-file=prod.tfvars

Exit status: 0 nothing differs, 2 something differs, 1 error (like terraform plan -detailed-exitcode).
`;

export async function main(argv: string[]): Promise<number> {
  let directory = '.';
  let format = 'markdown';
  let terraform: string | undefined;
  let planArgs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      planArgs = argv.slice(i + 1);
      break;
    } else if (arg === '-h' || arg === '--help') {
      process.stdout.write(USAGE);
      return 0;
    } else if (arg === '--format' || arg === '--terraform') {
      const value = argv[++i];
      if (value === undefined) return usageError(`${arg} needs a value`);
      if (arg === '--format') format = value;
      else terraform = value;
    } else if (arg.startsWith('--format=')) {
      format = arg.slice('--format='.length);
    } else if (arg === '--json') {
      format = 'json';
    } else if (arg.startsWith('-')) {
      return usageError(`unknown option ${arg} (terraform plan arguments go after \`--\`)`);
    } else {
      directory = arg;
    }
  }
  if (format !== 'markdown' && format !== 'json') return usageError(`--format is markdown or json, not "${format}"`);
  try {
    const report = await checkDrift({ directory, terraform, planArgs });
    process.stdout.write(format === 'json' ? renderJson(report) : renderMarkdown(report));
    return report.differs ? 2 : 0;
  } catch (e) {
    process.stderr.write(`workato-drift: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

function usageError(message: string): number {
  process.stderr.write(`workato-drift: ${message}\n\n${USAGE}`);
  return 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e: unknown) => {
      process.stderr.write(`workato-drift: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
