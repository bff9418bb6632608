#!/usr/bin/env node
// workato-import: writes the code that adopts existing Workato custom OAuth profiles as they stand
// (import blocks and resources, or a CDK function), from the account the provider's settings name.
import { existsSync, writeFileSync } from 'node:fs';
import { WorkatoClient } from '../client/client';
import { checkApiToken, resolveBaseUrl } from '../client/config';
import { nameProfiles, renderHcl, renderTypeScript, selectProfiles, type ImportFormat, type Selection } from './import';

const USAGE = `Usage: workato-import [--format hcl|cdktf|cdktn] [--out FILE] [--provider-name P]... [--name-regex R]
                      [--id ID]... [--force]

Reads the Workato account that the provider's settings name (WORKATO_API_TOKEN, and
WORKATO_DATA_CENTER or WORKATO_BASE_URL, WORKATO_REQUESTS_PER_MINUTE) and writes, for every
custom OAuth profile it selects (default: all), code that adopts it as it stands:
  hcl    (default; --out default workato_profiles.tf) an import block, a workato_custom_oauth_profile
         resource and a sensitive, ephemeral variable per secret (default null) for each profile;
  cdktf, cdktn  (--out default workato-profiles.ts) a function addWorkatoProfiles(scope) with a
         CustomOAuthProfile and importFrom(id) for each profile.
No secret is needed to adopt: Terraform asks for a profile's secret variable only when a change
would send that profile to Workato. It costs one request per 100 profiles and never writes a secret.

  --provider-name P  only profiles of this app (Workato's provider, e.g. hubspot); repeatable
  --name-regex R     only profiles whose name matches the regular expression R
  --id ID            only this profile; repeatable
  --force            overwrite FILE if it exists
`;

interface Options {
  format: ImportFormat;
  out?: string;
  force: boolean;
  selection: Selection;
}

function parse(argv: string[]): Options | { help: true } | { error: string } {
  const options: Options = { format: 'hcl', force: false, selection: { providerNames: [], ids: [] } };
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let value: string | undefined;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) {
      value = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    const next = () => {
      if (value !== undefined) return value;
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    try {
      switch (arg) {
        case '-h':
        case '--help':
          return { help: true };
        case '--format': {
          const f = next();
          if (f !== 'hcl' && f !== 'cdktf' && f !== 'cdktn') return { error: `--format is hcl, cdktf or cdktn, not ${JSON.stringify(f)}` };
          options.format = f;
          break;
        }
        case '--out':
          options.out = next();
          if (options.out.trim() === '') return { error: '--out needs a file name' };
          break;
        case '--provider-name':
          options.selection.providerNames.push(next());
          break;
        case '--name-regex': {
          const source = next();
          try {
            options.selection.nameRegex = new RegExp(source, 'u');
          } catch (e) {
            return { error: `--name-regex ${JSON.stringify(source)} is not a regular expression: ${(e as Error).message}` };
          }
          break;
        }
        case '--id': {
          const id = next();
          if (!/^[1-9][0-9]{0,15}$/.test(id) || !Number.isSafeInteger(Number(id))) return { error: `--id needs a Workato profile id (a positive whole number), not ${JSON.stringify(id)}` };
          options.selection.ids.push(Number(id));
          break;
        }
        case '--force':
          options.force = true;
          break;
        default:
          return { error: `unknown argument ${JSON.stringify(argv[i])}` };
      }
    } catch (e) {
      return { error: (e as Error).message };
    }
  }
  return options;
}

export interface ImportIo {
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export async function main(argv: string[], io: ImportIo = { env: process.env, stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) }): Promise<number> {
  const parsed = parse(argv);
  if ('help' in parsed) {
    io.stdout(USAGE);
    return 0;
  }
  if ('error' in parsed) {
    io.stderr(`workato-import: ${parsed.error}\n\n${USAGE}`);
    return 1;
  }
  const out = parsed.out ?? (parsed.format === 'hcl' ? 'workato_profiles.tf' : 'workato-profiles.ts');
  // Before any request: the file is not overwritten, and a run that would be refused costs nothing.
  if (existsSync(out) && !parsed.force) {
    io.stderr(`workato-import: ${out} exists; pass --force to overwrite it, or --out to write another file.\n`);
    return 1;
  }
  try {
    const rpm = io.env.WORKATO_REQUESTS_PER_MINUTE?.trim();
    const requestsPerMinute = rpm ? Number(rpm) : undefined;
    if (requestsPerMinute !== undefined && !(Number.isFinite(requestsPerMinute) && requestsPerMinute >= 0)) {
      throw new Error(`WORKATO_REQUESTS_PER_MINUTE must be a number of requests (0 or more), not ${JSON.stringify(rpm)}`);
    }
    const client = new WorkatoClient({
      apiToken: checkApiToken(io.env.WORKATO_API_TOKEN ?? ''),
      baseUrl: resolveBaseUrl({ baseUrl: io.env.WORKATO_BASE_URL, dataCenter: io.env.WORKATO_DATA_CENTER }),
      ...(requestsPerMinute !== undefined ? { requestsPerMinute } : {}),
      userAgent: 'workato-import',
    });
    const all = await client.listProfiles();
    const adopted = nameProfiles(selectProfiles(all, parsed.selection));
    const command = ['workato-import', ...argv].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
    const text = parsed.format === 'hcl' ? renderHcl(adopted, command) : renderTypeScript(adopted, parsed.format, command);
    writeFileSync(out, text, { flag: parsed.force ? 'w' : 'wx' });
    const pages = Math.max(1, Math.ceil((all.length + 1) / 100));
    io.stderr(`workato-import: wrote ${out}: ${adopted.length} of ${all.length} profiles (read in ${pages} request${pages === 1 ? '' : 's'}).\n`);
    io.stderr(
      parsed.format === 'hcl'
        ? `Next: review ${out}, then \`terraform plan\`: it should say "${adopted.length} to import, 0 to add, 0 to change, 0 to destroy"; \`terraform apply\` adopts them without writing to Workato.\n`
        : `Next: call addWorkatoProfiles(this) in your stack, synthesize, and plan: it should say "${adopted.length} to import, 0 to add, 0 to change, 0 to destroy".\n`,
    );
    return 0;
  } catch (e) {
    io.stderr(`workato-import: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e: unknown) => {
      process.stderr.write(`workato-import: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
