// Tests of the workato-emulator command: flag parsing and start-up in-process, then the real
// executable (bundled from src/cli/workato-emulator.ts with esbuild, so no prior build is needed).

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { parseCliArgs, startFromCli, UsageError, type CliIo } from './cli';
import { startEmulator, type Emulator } from './index';

function captureIo(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (l) => out.push(l), stderr: (l) => err.push(l) };
}

describe('parseCliArgs', () => {
  it('defaults to nothing set (the emulator supplies the defaults)', () => {
    expect(parseCliArgs([])).toEqual({ kind: 'run', options: {} });
  });

  it('reads every flag, in both spellings', () => {
    expect(
      parseCliArgs(['--host', '0.0.0.0', '--port=8080', '--token', 'wrkprod-x', '--requests-per-minute', '0', '--state-file', 's.json']),
    ).toEqual({ kind: 'run', options: { host: '0.0.0.0', port: 8080, token: 'wrkprod-x', requestsPerMinute: 0, stateFile: 's.json' } });
    expect(parseCliArgs(['--help'])).toEqual({ kind: 'help' });
    expect(parseCliArgs(['-h', '--port', 'bad'])).toEqual({ kind: 'help' });
  });

  it.each([
    [['--port', 'abc'], /--port must be a whole number from 0 to 65535, got "abc"/],
    [['--port', '65536'], /--port must be a whole number/],
    [['--port=-1'], /--port must be a whole number/],
    [['--requests-per-minute', '1.5'], /--requests-per-minute must be a whole number/],
    [['--token', ''], /--token must not be empty/],
    [['--token', 'a b'], /--token must not contain whitespace/],
    [['--state-file='], /--state-file must not be empty/],
    [['--port'], /argument missing/],
    [['--verbose'], /Unknown option '--verbose'/],
    [['serve'], /Unexpected argument 'serve'/],
  ])('refuses %j', (argv, error) => {
    expect(() => parseCliArgs(argv)).toThrow(UsageError);
    expect(() => parseCliArgs(argv)).toThrow(error);
  });
});

describe('startFromCli', () => {
  let emulator: Emulator | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  it('prints the URL first, then logs each request without bodies or the token', async () => {
    const io = captureIo();
    const started = await startFromCli(['--token', 'wrkprod-SEEKRIT', '--requests-per-minute', '100'], io);
    if (!('emulator' in started)) throw new Error('expected the emulator to start');
    emulator = started.emulator;
    expect(io.out).toEqual([emulator.url]);
    expect(io.out[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(io.err.join('\n')).toMatch(/only the --token given is accepted; 100 requests per minute per token/);

    const body = JSON.stringify({ name: 'n', provider: 'hubspot', data: { client_id: 'c', client_secret: 'SECRET-VALUE' } });
    const answer = await fetch(`${emulator.url}/api/custom_oauth_profiles`, {
      method: 'POST',
      headers: { authorization: 'Bearer wrkprod-SEEKRIT', 'content-type': 'application/json' },
      body,
    });
    expect(answer.status).toBe(200);
    await answer.text();
    const log = io.err[io.err.length - 1];
    expect(log).toMatch(/^\d{4}-\d\d-\d\dT\S+ POST \/api\/custom_oauth_profiles 200$/);
    expect(io.err.join('\n')).not.toMatch(/SECRET-VALUE|SEEKRIT|authorization/i);
    // It logs each request as it goes and keeps none in memory (it never reads them).
    expect(emulator.requests).toEqual([]);
    expect(emulator.requestCount()).toBe(1);
  });

  it('prints help with exit status 0', async () => {
    const io = captureIo();
    expect(await startFromCli(['--help'], io)).toEqual({ exitCode: 0 });
    expect(io.out.join('\n')).toMatch(/^Usage: workato-emulator/);
  });

  it('explains bad flags with exit status 2', async () => {
    const io = captureIo();
    expect(await startFromCli(['--port', 'x'], io)).toEqual({ exitCode: 2 });
    expect(io.out).toEqual([]);
    expect(io.err).toEqual(['workato-emulator: --port must be a whole number from 0 to 65535, got "x"', "Run 'workato-emulator --help' for usage."]);
  });

  it('fails with exit status 1 when it cannot start', async () => {
    emulator = await startEmulator();
    const io = captureIo();
    expect(await startFromCli(['--port', new URL(emulator.url).port], io)).toEqual({ exitCode: 1 });
    expect(io.out).toEqual([]);
    expect(io.err[0]).toMatch(/^workato-emulator: cannot start: .*EADDRINUSE/);
  });

  it('warns that the state file holds secrets', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workato-emulator-cli-'));
    try {
      const io = captureIo();
      const started = await startFromCli(['--state-file', path.join(dir, 'state.json')], io);
      if ('emulator' in started) emulator = started.emulator;
      expect(io.err.join('\n')).toMatch(/client secrets in plain text/);
    } finally {
      await emulator?.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the workato-emulator executable', () => {
  let dir: string;
  let bin: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workato-emulator-bin-'));
    bin = path.join(dir, 'workato-emulator.js');
    buildSync({
      entryPoints: [path.join(__dirname, '..', 'cli', 'workato-emulator.ts')],
      bundle: true,
      platform: 'node',
      target: 'node20',
      outfile: bin,
      logLevel: 'silent',
    });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  function run(args: string[]): ChildProcessWithoutNullStreams {
    return spawn(process.execPath, [bin, ...args], { stdio: 'pipe' });
  }

  function firstLine(child: ChildProcessWithoutNullStreams): Promise<string> {
    return new Promise((resolve, reject) => {
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => {
        text += chunk.toString('utf8');
        const end = text.indexOf('\n');
        if (end >= 0) resolve(text.slice(0, end));
      });
      child.on('exit', (code) => reject(new Error(`exited with ${code} before printing a line`)));
    });
  }

  function exited(child: ChildProcessWithoutNullStreams): Promise<{ code: number | null; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  }

  it('starts with a shebang line', () => {
    expect(fs.readFileSync(path.join(__dirname, '..', 'cli', 'workato-emulator.ts'), 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('prints its URL as the first stdout line, serves, and stops cleanly on %s', async (signal) => {
    const child = run(['--port', '0', '--requests-per-minute', '0']);
    const done = exited(child);
    const url = await firstLine(child);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const answer = await fetch(`${url}/api/custom_oauth_profiles`, { headers: { authorization: 'Bearer t' } });
    expect(await answer.json()).toEqual({ result: [] });
    child.kill(signal);
    const { code, stderr } = await done;
    expect(code).toBe(0);
    expect(stderr).toMatch(/ GET \/api\/custom_oauth_profiles 200\n/);
    expect(stderr).toContain(`${signal}, stopping`);
  });

  it('exits 2 with a clear message on a bad flag', async () => {
    const { code, stdout, stderr } = await exited(run(['--requests-per-minute', 'lots']));
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('--requests-per-minute must be a whole number');
  });
});
