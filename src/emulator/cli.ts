// The workato-emulator command's logic: flags, start-up lines, one log line per request, and
// clean shutdown on SIGINT/SIGTERM. src/cli/workato-emulator.ts only calls main().

import { parseArgs } from 'node:util';
import { startEmulator } from './server';
import type { Emulator, EmulatorOptions, ReceivedRequest } from './types';

export const USAGE = `Usage: workato-emulator [options]

A local emulator of Workato's custom OAuth profile API (/api/custom_oauth_profiles).
Prints its base URL as the first line on stdout, then logs one line per request on stderr.

Options:
  --host HOST                  interface to listen on (default 127.0.0.1)
  --port PORT                  port to listen on; 0 picks a free one (default 0)
  --token TOKEN                accept only this bearer token (default: any non-empty token)
  --requests-per-minute N      per-token limit, sliding 60 s window; 0 = unlimited (default 60)
  --state-file FILE            load profiles from FILE and save every write there before answering:
                               a small state is rewritten whole, a larger one (over 64 KiB) gets one
                               line appended to FILE.journal, folded back into FILE on exit; keep
                               the two together. They hold client secrets in plain text (local use only)
  -h, --help                   show this help
`;

/** A problem with the command line: printed with the usage hint, exit status 2. */
export class UsageError extends Error {}

export type CliCommand = { kind: 'help' } | { kind: 'run'; options: EmulatorOptions };

/** Parses and checks the flags; throws UsageError naming the flag and the value received. */
export function parseCliArgs(argv: string[]): CliCommand {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        token: { type: 'string' },
        'requests-per-minute': { type: 'string' },
        'state-file': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help === true) return { kind: 'help' };

  const options: EmulatorOptions = {};
  const text = (name: string): string | undefined => {
    const value = values[name] as string | undefined;
    if (value !== undefined && value.trim() === '') throw new UsageError(`--${name} must not be empty`);
    return value;
  };
  const whole = (name: string, max: number): number | undefined => {
    const value = text(name);
    if (value === undefined) return undefined;
    const n = /^\d+$/.test(value) ? Number(value) : NaN;
    if (!(Number.isSafeInteger(n) && n <= max)) {
      throw new UsageError(`--${name} must be a whole number from 0 to ${max}, got ${JSON.stringify(value)}`);
    }
    return n;
  };

  const host = text('host');
  if (host !== undefined) options.host = host;
  const port = whole('port', 65535);
  if (port !== undefined) options.port = port;
  const token = text('token');
  if (token !== undefined) {
    if (/\s/.test(token)) throw new UsageError('--token must not contain whitespace');
    options.token = token;
  }
  const rpm = whole('requests-per-minute', Number.MAX_SAFE_INTEGER);
  if (rpm !== undefined) options.requestsPerMinute = rpm;
  const stateFile = text('state-file');
  if (stateFile !== undefined) options.stateFile = stateFile;
  return { kind: 'run', options };
}

/** Where the command writes: one call per line, without the newline. */
export interface CliIo {
  stdout(line: string): void;
  stderr(line: string): void;
}

/** The log line for one request: never its body nor its headers (they carry secrets and the token). */
export function formatLogLine(r: ReceivedRequest): string {
  const outcome = r.status === 0 ? 'dropped' : String(r.status);
  const fault = r.fault === undefined ? '' : ` (fault: ${r.fault})`;
  return `${r.at.toISOString()} ${r.method} ${r.path} ${outcome}${fault}`;
}

/**
 * Runs the command up to the point where the emulator listens. Resolves with the exit status
 * when there is nothing to serve (help, bad flags, start-up failure), else with the emulator.
 */
export async function startFromCli(argv: string[], io: CliIo): Promise<{ exitCode: number } | { emulator: Emulator }> {
  let command: CliCommand;
  try {
    command = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`workato-emulator: ${error.message}`);
    io.stderr("Run 'workato-emulator --help' for usage.");
    return { exitCode: 2 };
  }
  if (command.kind === 'help') {
    io.stdout(USAGE.trimEnd());
    return { exitCode: 0 };
  }

  const options = command.options;
  let emulator: Emulator;
  try {
    // The command never reads `requests`: it logs each one as it goes and keeps none in memory.
    emulator = await startEmulator({ ...options, maxRecordedRequests: 0, onRequest: (r) => io.stderr(formatLogLine(r)) });
  } catch (error) {
    io.stderr(`workato-emulator: cannot start: ${(error as Error).message}`);
    return { exitCode: 1 };
  }
  // The first stdout line is the URL and nothing else: scripts read it to find the port.
  io.stdout(emulator.url);
  const rpm = options.requestsPerMinute ?? 60;
  io.stderr(
    `workato-emulator: listening on ${emulator.url}/api; ` +
      `${options.token === undefined ? 'any non-empty bearer token is accepted' : 'only the --token given is accepted'}; ` +
      `${rpm === 0 ? 'no rate limit' : `${rpm} requests per minute per token`}`,
  );
  if (options.stateFile !== undefined) {
    io.stderr(`workato-emulator: state file ${options.stateFile} (client secrets in plain text: local use only)`);
  }
  return { emulator };
}

/** The executable's entry point: real stdout/stderr, exit status, SIGINT/SIGTERM. */
export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  const io: CliIo = {
    stdout: (line) => process.stdout.write(line + '\n'),
    stderr: (line) => process.stderr.write(line + '\n'),
  };
  const started = await startFromCli(argv, io);
  if ('exitCode' in started) {
    process.exitCode = started.exitCode;
    return;
  }
  const stop = (signal: NodeJS.Signals): void => {
    io.stderr(`workato-emulator: ${signal}, stopping`);
    started.emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  // `once`: a second Ctrl-C while closing falls back to Node's default and ends the process.
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
