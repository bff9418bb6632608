// Contract tests of the emulator over real HTTP on 127.0.0.1: the state file across restarts and
// failures, and the start-up options.

import * as fs from 'node:fs';
import nodeFs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startEmulator, type Emulator, type EmulatorOptions } from './index';
import { API, call, hubspot, slack } from './emulator.test-helpers';

let emulator: Emulator;
async function start(options: EmulatorOptions = {}): Promise<Emulator> {
  emulator = await startEmulator({ requestsPerMinute: 0, ...options });
  return emulator;
}
afterEach(async () => {
  jest.useRealTimers();
  await emulator?.close();
});

describe('state file', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workato-emulator-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps profiles, secrets and the next id across a restart', async () => {
    const stateFile = path.join(dir, 'nested', 'state.json');
    await start({ stateFile });
    await call(emulator, 'POST', API, { body: hubspot });
    await call(emulator, 'POST', API, { body: slack });
    await call(emulator, 'POST', API, { body: hubspot });
    await call(emulator, 'PUT', `${API}/1`, { body: { ...hubspot, name: 'Renamed' } });
    await call(emulator, 'DELETE', `${API}/3`);
    const before = emulator.profiles();
    await emulator.close();

    expect(fs.statSync(stateFile).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(path.dirname(stateFile))).toEqual(['state.json']);
    expect(fs.readFileSync(stateFile, 'utf8')).toContain('xoxb-TOKEN-3');

    await start({ stateFile });
    expect(emulator.profiles()).toEqual(before);
    expect(emulator.profile(2)?.data.token).toBe('xoxb-TOKEN-3');
    expect((await call(emulator, 'GET', `${API}/1`)).json.result.name).toBe('Renamed');
    // Id 3 was deleted, but ids are never reused.
    expect((await call(emulator, 'POST', API, { body: hubspot })).json.result.id).toBe(4);
  });

  it('saves out-of-band changes too', async () => {
    const stateFile = path.join(dir, 'state.json');
    await start({ stateFile });
    emulator.seed({ name: 'n', provider: 'hubspot', client_id: 'c', client_secret: 's' });
    emulator.modify(1, { name: 'm' });
    await emulator.close();
    await start({ stateFile });
    expect(emulator.profile(1)?.name).toBe('m');
    emulator.reset();
    await emulator.close();
    await start({ stateFile });
    expect(emulator.profiles()).toEqual([]);
  });

  it('refuses to start on a state file it cannot read, and leaves the file alone', async () => {
    const stateFile = path.join(dir, 'state.json');
    fs.writeFileSync(stateFile, '{"version": 1, "profiles": [{"id": "x"}], "next_id": 1}');
    await expect(startEmulator({ stateFile })).rejects.toThrow(/not a workato-emulator state file: profiles\[0\]/);
    fs.writeFileSync(stateFile, 'not json');
    await expect(startEmulator({ stateFile })).rejects.toThrow(/not valid JSON\. To start fresh, delete the file/);
    expect(fs.readFileSync(stateFile, 'utf8')).toBe('not json');
  });

  it('refuses an empty state file (what a crash can leave) instead of starting empty and overwriting it', async () => {
    const stateFile = path.join(dir, 'state.json');
    fs.writeFileSync(stateFile, '');
    await expect(startEmulator({ stateFile })).rejects.toThrow(/state\.json is empty \(zero bytes\).*to start fresh, delete the file/);
    expect(fs.readFileSync(stateFile, 'utf8')).toBe('');
    fs.writeFileSync(stateFile, ' \n');
    await expect(startEmulator({ stateFile })).rejects.toThrow(/is empty \(only whitespace\)/);
    // Deleting it starts fresh, as the message says.
    fs.rmSync(stateFile);
    await start({ stateFile });
    expect(emulator.profiles()).toEqual([]);
  });

  describe('durability', () => {
    // The real node:fs object (the `import * as` namespace only has getters), so calls can be spied on.
    type Spied = (...args: any[]) => any;
    afterEach(() => jest.restoreAllMocks());

    /** Logs fsync and rename calls as "fsync temp", "fsync dir", "rename"; `failFsync` makes one throw. */
    function watchFs(failFsync?: 'temp' | 'dir'): string[] {
      const log: string[] = [];
      const opened = new Map<number, string>();
      const real = { openSync: nodeFs.openSync, fsyncSync: nodeFs.fsyncSync, renameSync: nodeFs.renameSync };
      jest.spyOn(nodeFs, 'openSync').mockImplementation(((file: fs.PathLike, ...rest: unknown[]) => {
        const fd = (real.openSync as Spied)(file, ...rest) as number;
        opened.set(fd, String(file));
        return fd;
      }) as Spied);
      jest.spyOn(nodeFs, 'fsyncSync').mockImplementation((fd: number) => {
        const file = opened.get(fd) ?? '?';
        const kind = file === dir ? 'dir' : file.endsWith('.tmp') ? 'temp' : file;
        log.push(`fsync ${kind}`);
        if (kind === failFsync) throw Object.assign(new Error(`EIO: i/o error, fsync`), { code: 'EIO' });
        real.fsyncSync(fd);
      });
      jest.spyOn(nodeFs, 'renameSync').mockImplementation((from: fs.PathLike, to: fs.PathLike) => {
        log.push('rename');
        real.renameSync(from, to);
      });
      return log;
    }

    it('flushes the temporary file before the rename, and the directory after it', async () => {
      const stateFile = path.join(dir, 'state.json');
      await start({ stateFile });
      const log = watchFs();
      emulator.seed({ name: 'n', provider: 'hubspot', client_id: 'c', client_secret: 's' });
      expect(log).toEqual(['fsync temp', 'rename', 'fsync dir']);
      expect(JSON.parse(fs.readFileSync(stateFile, 'utf8')).profiles).toHaveLength(1);
      expect(fs.statSync(stateFile).mode & 0o777).toBe(0o600);
    });

    it('saves anyway when the directory cannot be flushed (best effort)', async () => {
      const stateFile = path.join(dir, 'state.json');
      await start({ stateFile });
      const log = watchFs('dir');
      expect(emulator.seed({ name: 'n', provider: 'hubspot', client_id: 'c', client_secret: 's' }).id).toBe(1);
      expect(log).toEqual(['fsync temp', 'rename', 'fsync dir']);
      expect(JSON.parse(fs.readFileSync(stateFile, 'utf8')).profiles).toHaveLength(1);
    });

    it('fails the write, renames nothing and leaves no temporary file when the data cannot be flushed', async () => {
      const stateFile = path.join(dir, 'state.json');
      await start({ stateFile });
      emulator.seed({ name: 'first', provider: 'hubspot', client_id: 'c', client_secret: 's' });
      const before = fs.readFileSync(stateFile, 'utf8');
      const log = watchFs('temp');
      const answer = await call(emulator, 'POST', API, { body: hubspot });
      expect(answer.status).toBe(500);
      expect(answer.json.message).toMatch(/EIO/);
      expect(log).toEqual(['fsync temp']);
      expect(fs.readdirSync(dir)).toEqual(['state.json']);
      expect(fs.readFileSync(stateFile, 'utf8')).toBe(before);
      expect(emulator.profiles().map((p) => p.name)).toEqual(['first']);
    });
  });

  it('answers 500 and keeps memory and file unchanged when saving fails', async () => {
    const stateFile = path.join(dir, 'sub', 'state.json');
    await start({ stateFile });
    await call(emulator, 'POST', API, { body: hubspot });
    // A directory where the file should go makes rename() fail.
    fs.rmSync(stateFile);
    fs.mkdirSync(stateFile);
    const answer = await call(emulator, 'POST', API, { body: slack });
    expect(answer.status).toBe(500);
    expect(answer.json.message).toMatch(/Internal server error/);
    expect(emulator.profiles()).toHaveLength(1);
    fs.rmdirSync(stateFile);
    expect((await call(emulator, 'POST', API, { body: slack })).json.result.id).toBe(2);
    expect(fs.readdirSync(path.dirname(stateFile))).toEqual(['state.json']);
  });
});

describe('options', () => {
  it('refuses invalid options', async () => {
    await expect(startEmulator({ port: 70000 })).rejects.toThrow(RangeError);
    await expect(startEmulator({ token: ' ' })).rejects.toThrow(/token must not be empty/);
    await expect(startEmulator({ requestsPerMinute: -1 })).rejects.toThrow(RangeError);
    await expect(startEmulator({ firstId: 0 })).rejects.toThrow(RangeError);
    emulator = await startEmulator();
  });

  it('reports a port in use', async () => {
    await start();
    await expect(startEmulator({ port: Number(new URL(emulator.url).port) })).rejects.toThrow(/EADDRINUSE/);
  });

  it('serves on the URL it reports, without trailing slash or /api', async () => {
    await start();
    expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});
