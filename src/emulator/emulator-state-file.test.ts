// Contract tests of the emulator over real HTTP on 127.0.0.1: the state file (and, above
// SMALL_STATE_BYTES, its journal) across restarts, crashes and failures, and the start-up options.

import * as fs from 'node:fs';
import nodeFs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SMALL_STATE_BYTES } from './custom-oauth-profiles/state-file';
import { startEmulator, type Emulator, type EmulatorOptions, type StoredProfile } from './index';
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

describe('state file journal (a state above SMALL_STATE_BYTES)', () => {
  // The real node:fs object (the `import * as` namespace only has getters), so calls can be spied on.
  type Spied = (...args: any[]) => any;
  let dir: string;
  let stateFile: string;
  let journal: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workato-emulator-journal-'));
    stateFile = path.join(dir, 'state.json');
    journal = `${stateFile}.journal`;
  });
  afterEach(() => {
    jest.restoreAllMocks();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A state file as the emulator wrote them before the journal existed (version 1, no "seq"). */
  function writeOldStateFile(file: string, count: number): StoredProfile[] {
    const stamp = '2024-03-01T10:00:00.000+00:00';
    const profiles: StoredProfile[] = Array.from({ length: count }, (_, i) => ({
      id: i + 1,
      user_id: 123,
      name: `Profile ${i + 1}`,
      provider: 'hubspot',
      data: { client_id: `client-${i + 1}`, client_secret: `secret-${i + 1}` },
      shared_accounts_count: 0,
      oem_customers_count: 0,
      created_at: stamp,
      updated_at: stamp,
    }));
    const comment = 'workato-emulator state. Holds client secrets and tokens in plain text: local development only.';
    fs.writeFileSync(file, JSON.stringify({ comment, version: 1, next_id: count + 1, profiles }, null, 2) + '\n', { mode: 0o600 });
    return profiles;
  }

  /** The files as a crash right now would leave them (the emulator is idle between requests). */
  function crashCopy(): string {
    const copy = fs.mkdtempSync(path.join(dir, 'crash-'));
    for (const name of fs.readdirSync(dir)) {
      if (name.startsWith('state.json')) fs.copyFileSync(path.join(dir, name), path.join(copy, name));
    }
    return path.join(copy, 'state.json');
  }

  const size = (file: string): number => fs.statSync(file).size;
  const lines = (file: string): string[] => fs.readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');

  /** Sums the bytes handed to fs.writeFileSync (the snapshot's and the journal's only writer). */
  function countWrites(): { bytes: number; renames: number } {
    const counts = { bytes: 0, renames: 0 };
    const real = { writeFileSync: nodeFs.writeFileSync, renameSync: nodeFs.renameSync };
    jest.spyOn(nodeFs, 'writeFileSync').mockImplementation(((file: unknown, data: string | Uint8Array, ...rest: unknown[]) => {
      counts.bytes += typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
      return (real.writeFileSync as Spied)(file, data, ...rest);
    }) as Spied);
    jest.spyOn(nodeFs, 'renameSync').mockImplementation((from: fs.PathLike, to: fs.PathLike) => {
      counts.renames++;
      real.renameSync(from, to);
    });
    return counts;
  }

  it('appends one line of bounded size per write to a 5,000-profile state, and rewrites nothing', async () => {
    writeOldStateFile(stateFile, 5000);
    const snapshot = fs.readFileSync(stateFile);
    const inode = fs.statSync(stateFile).ino;
    expect(snapshot.length).toBeGreaterThan(1_000_000);
    await start({ stateFile });

    const counts = countWrites();
    const writes: [string, () => Promise<unknown> | unknown][] = [
      ['PUT', () => call(emulator, 'PUT', `${API}/1`, { body: { ...slack, name: 'Renamed' } })],
      ['POST', () => call(emulator, 'POST', API, { body: hubspot })],
      ['DELETE', () => call(emulator, 'DELETE', `${API}/3`)],
      ['seed', () => emulator.seed({ name: 'n', provider: 'hubspot', client_id: 'c', client_secret: 's' })],
      ['modify', () => emulator.modify(2, { name: 'm' })],
    ];
    let before = 0;
    for (const [, write] of writes) {
      const bytesBefore = counts.bytes;
      await write();
      // One JSON line of a few hundred bytes, whatever the size of the state.
      expect(counts.bytes - bytesBefore).toBeLessThan(1024);
      expect(size(journal) - before).toBe(counts.bytes - bytesBefore);
      before = size(journal);
    }
    expect(lines(journal)).toHaveLength(writes.length);
    expect(lines(journal).map((l) => JSON.parse(l).op)).toEqual(['put', 'put', 'delete', 'put', 'put']);
    expect(counts.bytes).toBeLessThan(5 * 1024);
    expect(counts.renames).toBe(0);
    expect(fs.readFileSync(stateFile).equals(snapshot)).toBe(true);
    expect(fs.statSync(stateFile).ino).toBe(inode);
    expect(fs.statSync(journal).mode & 0o777).toBe(0o600);

    // A clean close compacts: one file again, holding every write.
    const profiles = emulator.profiles();
    expect(profiles).toHaveLength(5001);
    await emulator.close();
    expect(fs.readdirSync(dir)).toEqual(['state.json']);
    expect(JSON.parse(fs.readFileSync(stateFile, 'utf8')).seq).toBe(5);
    await start({ stateFile });
    expect(emulator.profiles()).toEqual(profiles);
  });

  it('keeps a 5,000-profile state whole across a restart, after a clean close and after a crash', async () => {
    await start({ stateFile });
    for (let i = 1; i <= 5000; i++) {
      emulator.seed({ name: `Profile ${i}`, provider: i % 2 ? 'hubspot' : 'slack', client_id: `client-${i}`, client_secret: `secret-${i}`, token: i % 2 ? undefined : `token-${i}` });
    }
    await call(emulator, 'DELETE', `${API}/17`);
    const expected = emulator.profiles();
    expect(expected).toHaveLength(4999);
    // The state grew past the small size, so the last writes went to the journal.
    expect(size(stateFile)).toBeGreaterThan(SMALL_STATE_BYTES);
    expect(lines(journal).length).toBeGreaterThan(0);

    const crashed = crashCopy();
    await emulator.close();
    await start({ stateFile });
    expect(emulator.profiles()).toEqual(expected);
    expect((await call(emulator, 'POST', API, { body: hubspot })).json.result.id).toBe(5001);
    await emulator.close();

    await start({ stateFile: crashed });
    expect(emulator.profiles()).toEqual(expected);
    expect(emulator.profile(5000)?.data.token).toBe('token-5000');
    expect((await call(emulator, 'POST', API, { body: hubspot })).json.result.id).toBe(5001);
  });

  it.each([
    ['half a line', (line: string) => line.slice(0, line.length >> 1)],
    ['the whole line but its newline', (line: string) => line.slice(0, -1)],
    ['zeros, as some file systems leave', (line: string) => '\0'.repeat(line.length)],
  ])('loses only the write a crash cut short (%s) and starts', async (_, cut) => {
    writeOldStateFile(stateFile, 5000);
    await start({ stateFile });
    await call(emulator, 'PUT', `${API}/1`, { body: { ...hubspot, name: 'Kept' } });
    await call(emulator, 'POST', API, { body: slack });
    const beforeLast = size(journal);
    await call(emulator, 'PUT', `${API}/2`, { body: { ...hubspot, name: 'Lost' } });
    const crashed = crashCopy();
    const crashedJournal = `${crashed}.journal`;
    const last = fs.readFileSync(crashedJournal, 'utf8').slice(beforeLast);
    fs.truncateSync(crashedJournal, beforeLast);
    fs.appendFileSync(crashedJournal, cut(last));
    await emulator.close();

    await start({ stateFile: crashed });
    expect(emulator.profiles()).toHaveLength(5001);
    expect(emulator.profile(1)?.name).toBe('Kept');
    expect(emulator.profile(5001)?.data.token).toBe('xoxb-TOKEN-3');
    expect(emulator.profile(2)?.name).toBe('Profile 2');
    // Nothing may follow the cut line: the next write writes a new snapshot and removes the journal.
    expect((await call(emulator, 'PUT', `${API}/2`, { body: { ...hubspot, name: 'Again' } })).status).toBe(200);
    expect(fs.existsSync(crashedJournal)).toBe(false);
    expect((await call(emulator, 'PUT', `${API}/3`, { body: { ...hubspot, name: 'Journal again' } })).status).toBe(200);
    expect(lines(crashedJournal)).toHaveLength(1);
    const expected = emulator.profiles();
    await emulator.close();
    await start({ stateFile: crashed });
    expect(emulator.profiles()).toEqual(expected);
    expect(emulator.profile(2)?.name).toBe('Again');
  });

  it('refuses to start on a journal that is damaged, that does not continue the state file, or whose state file is gone; and changes neither', async () => {
    writeOldStateFile(stateFile, 200);
    await start({ stateFile });
    for (const name of ['a', 'b', 'c']) await call(emulator, 'POST', API, { body: { ...hubspot, name } });
    const crashed = crashCopy();
    const crashedJournal = `${crashed}.journal`;
    await emulator.close();
    const good = fs.readFileSync(crashedJournal, 'utf8');
    const [first, second, third] = good.trimEnd().split('\n');
    const attempt = async (journalText: string, error: RegExp): Promise<void> => {
      fs.writeFileSync(crashedJournal, journalText);
      const snapshot = fs.existsSync(crashed) ? fs.readFileSync(crashed) : undefined;
      await expect(startEmulator({ stateFile: crashed })).rejects.toThrow(error);
      expect(fs.readFileSync(crashedJournal, 'utf8')).toBe(journalText);
      if (snapshot !== undefined) expect(fs.readFileSync(crashed).equals(snapshot)).toBe(true);
    };

    // Only the last line can be a crash's doing.
    await attempt(`${first}\n${second.slice(0, 20)}\n${third}\n`, /Journal .*state\.json\.journal of state file .* is damaged: line 2 is not valid JSON\. .*delete the journal/);
    await attempt(`${first}\n{"seq":2,"op":"put","next_id":3}\n${third}\n`, /is damaged: line 2 is not a valid journal entry/);
    await attempt(`${first}\n${third}\n`, /is damaged: line 2 is write 3, but the line before is write 1/);
    await attempt(`${second}\n${third}\n`, /does not continue state file .*: the state file holds writes up to 0, the journal goes on from write 2/);
    fs.rmSync(crashed);
    await attempt(good, /State file .*state\.json does not exist, but its journal .*state\.json\.journal does.*delete .*state\.json\.journal too to start fresh/);
    // With the pair back together, all three writes are there.
    fs.copyFileSync(stateFile, crashed);
    fs.writeFileSync(crashedJournal, good);
    // (stateFile was compacted by close, so its seq already covers the journal's lines: they are skipped.)
    await start({ stateFile: crashed });
    expect(emulator.profiles().map((p) => p.name).slice(-3)).toEqual(['a', 'b', 'c']);
  });

  it('answers 500 when the journal cannot be flushed, cuts the line back, and does not replay it', async () => {
    writeOldStateFile(stateFile, 5000);
    await start({ stateFile });
    await call(emulator, 'POST', API, { body: { ...hubspot, name: 'first' } });
    const journalBefore = fs.readFileSync(journal, 'utf8');

    const real = { openSync: nodeFs.openSync, fsyncSync: nodeFs.fsyncSync, ftruncateSync: nodeFs.ftruncateSync };
    const opened = new Map<number, string>();
    let failFsync = true;
    let failTruncate = false;
    jest.spyOn(nodeFs, 'openSync').mockImplementation(((file: fs.PathLike, ...rest: unknown[]) => {
      const fd = (real.openSync as Spied)(file, ...rest) as number;
      opened.set(fd, String(file));
      return fd;
    }) as Spied);
    jest.spyOn(nodeFs, 'fsyncSync').mockImplementation((fd: number) => {
      // The append's flush fails; the cut back's flush works.
      if (failFsync && opened.get(fd) === journal && size(journal) > Buffer.byteLength(journalBefore)) throw Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' });
      real.fsyncSync(fd);
    });
    jest.spyOn(nodeFs, 'ftruncateSync').mockImplementation((fd: number, len?: number) => {
      if (failTruncate) throw Object.assign(new Error('EIO: i/o error, ftruncate'), { code: 'EIO' });
      real.ftruncateSync(fd, len);
    });

    const answer = await call(emulator, 'POST', API, { body: { ...hubspot, name: 'failed' } });
    expect(answer.status).toBe(500);
    expect(answer.json.message).toMatch(/EIO/);
    expect(fs.readFileSync(journal, 'utf8')).toBe(journalBefore);
    expect(emulator.profiles()).toHaveLength(5001);
    failFsync = false;
    // The id was not used up, and the next line follows the last good one.
    expect((await call(emulator, 'POST', API, { body: { ...hubspot, name: 'second' } })).json.result.id).toBe(5002);
    expect(lines(journal).map((l) => JSON.parse(l).seq)).toEqual([1, 2]);

    // When the failed line cannot be cut back either, no line may follow it: the next write
    // rewrites the snapshot (the journal's lines are all in it) and removes the journal.
    failFsync = true;
    failTruncate = true;
    expect((await call(emulator, 'POST', API, { body: { ...hubspot, name: 'failed again' } })).status).toBe(500);
    expect(size(journal)).toBeGreaterThan(Buffer.byteLength(journalBefore));
    failFsync = false;
    failTruncate = false;
    const crashed = crashCopy();
    expect((await call(emulator, 'POST', API, { body: { ...hubspot, name: 'third' } })).json.result.id).toBe(5003);
    expect(fs.existsSync(journal)).toBe(false);
    expect(JSON.parse(fs.readFileSync(stateFile, 'utf8')).seq).toBe(3);
    const expected = emulator.profiles();
    expect(expected.slice(-3).map((p) => p.name)).toEqual(['first', 'second', 'third']);
    await emulator.close();
    await start({ stateFile });
    expect(emulator.profiles()).toEqual(expected);
    await emulator.close();
    // Had it crashed right after the failure, the failed line (flushed or not: unknown) is the last one.
    fs.truncateSync(`${crashed}.journal`, size(`${crashed}.journal`) - 1);
    await start({ stateFile: crashed });
    expect(emulator.profiles().slice(-2).map((p) => p.name)).toEqual(['first', 'second']);
  });

  it('writes a reset of a large state as a new, empty snapshot and removes the journal', async () => {
    writeOldStateFile(stateFile, 5000);
    await start({ stateFile });
    await call(emulator, 'DELETE', `${API}/1`);
    expect(lines(journal)).toHaveLength(1);
    emulator.reset();
    expect(fs.existsSync(journal)).toBe(false);
    expect(JSON.parse(fs.readFileSync(stateFile, 'utf8'))).toMatchObject({ version: 1, next_id: 1, seq: 2, profiles: [] });
    expect(emulator.seed({ name: 'n', provider: 'hubspot', client_id: 'c', client_secret: 's' }).id).toBe(1);
    await emulator.close();
    await start({ stateFile });
    expect(emulator.profiles().map((p) => p.id)).toEqual([1]);
  });

  it('compacts once the journal outgrows the snapshot; a crash before the old journal is gone replays nothing twice', async () => {
    writeOldStateFile(stateFile, 200);
    const snapshotBytes = size(stateFile);
    expect(snapshotBytes).toBeGreaterThan(SMALL_STATE_BYTES);
    await start({ stateFile });
    await call(emulator, 'DELETE', `${API}/5`);
    await call(emulator, 'PUT', `${API}/6`, { body: { ...hubspot, name: 'x'.repeat(snapshotBytes >> 1) } });
    expect(lines(journal)).toHaveLength(2);

    // The journal's removal fails, as if the machine stopped right after the new snapshot.
    const realRm = nodeFs.rmSync;
    jest.spyOn(nodeFs, 'rmSync').mockImplementation(((file: fs.PathLike, ...rest: unknown[]) => {
      if (String(file) === journal) throw Object.assign(new Error('EIO: i/o error, unlink'), { code: 'EIO' });
      (realRm as Spied)(file, ...rest);
    }) as Spied);
    // This line takes the journal past the snapshot's size: the write compacts.
    const big = { ...hubspot, name: 'y'.repeat(snapshotBytes) };
    expect((await call(emulator, 'PUT', `${API}/7`, { body: big })).status).toBe(200);
    expect(lines(journal)).toHaveLength(3);
    const snapshot = JSON.parse(fs.readFileSync(stateFile, 'utf8'));
    expect(snapshot.seq).toBe(3);
    expect(snapshot.profiles).toHaveLength(199);
    const expected = emulator.profiles();
    const crashed = crashCopy();
    jest.restoreAllMocks();
    await emulator.close();

    // The old journal's lines are all in the new snapshot: skipped at start, removed by the next write.
    await start({ stateFile: crashed });
    expect(emulator.profiles()).toEqual(expected);
    await call(emulator, 'POST', API, { body: slack });
    expect(fs.existsSync(`${crashed}.journal`)).toBe(false);
    expect(JSON.parse(fs.readFileSync(crashed, 'utf8')).seq).toBe(4);
    await emulator.close();

    // Without the failure, the compacting write leaves no journal at all.
    await start({ stateFile });
    expect(emulator.profiles()).toEqual(expected);
    expect((await call(emulator, 'PUT', `${API}/8`, { body: { ...hubspot, name: 'z'.repeat(size(stateFile)) } })).status).toBe(200);
    expect(fs.existsSync(journal)).toBe(false);
    expect(JSON.parse(fs.readFileSync(stateFile, 'utf8')).profiles[6].name).toMatch(/^z+$/);
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
