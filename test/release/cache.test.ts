// The release cache (scripts/release/standalone.js) holds what the README says and no more: the
// verified Node tarballs, Node's binary for this machine only, and the builds of the newest
// bundle; older builds go when a new one is made unless a process is still using them; and the
// tests' release files share the zips' bytes (hard links), so the whole stays within ~1.2 GB.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { release, releaseFiles, standalone, VERSION } from './fixture';

/** Bytes under `dir`, each inode counted once (hard links are one file on disk). */
function bytes(dir: string, seen = new Set<number>()): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) total += bytes(p, seen);
    else {
      const st = statSync(p);
      if (!seen.has(st.ino)) {
        seen.add(st.ino);
        total += st.size;
      }
    }
  }
  return total;
}

describe('pruneOld keeps the current build and the ones in use, nothing else', () => {
  const NOW = Date.UTC(2026, 11, 3, 12, 0, 0);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'workato-cache-'));
    const build = (name: string, usedMsAgo: number, lock?: string) => {
      mkdirSync(join(dir, name, 'linux_amd64'), { recursive: true });
      writeFileSync(join(dir, name, 'linux_amd64', 'exe'), 'x');
      if (lock) mkdirSync(join(dir, lock === 'inside' ? join(name, 'darwin_arm64.lock') : `${name}.lock`), { recursive: true });
      const t = new Date(NOW - usedMsAgo);
      utimesSync(join(dir, name), t, t);
    };
    build('current', 3 * 24 * 3600_000);
    build('yesterday', 24 * 3600_000);
    build('an-hour-ago', 3600_000);
    build('just-now', 60_000);
    build('being-built', 5 * 3600_000, 'inside');
    build('being-built-too', 5 * 3600_000, 'beside');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('removes builds unused for longer than IN_USE_MS, keeps locked and recent ones, marks the current one used', () => {
    expect(standalone.IN_USE_MS).toBe(15 * 60_000);
    standalone.pruneOld(dir, 'current', NOW);
    expect(readdirSync(dir).sort()).toEqual(['being-built', 'being-built-too', 'being-built-too.lock', 'current', 'just-now']);
    expect(statSync(join(dir, 'current')).mtimeMs).toBe(NOW);
  });

  test('a missing directory is nothing to prune', () => {
    expect(() => standalone.pruneOld(join(dir, 'absent'), 'current', NOW)).not.toThrow();
  });
});

describe('the cache after a release build', () => {
  let releaseDir: string;
  beforeAll(async () => {
    releaseDir = await release();
  }, 900_000);

  test("holds Node's binary for this machine only, not the other platforms'", () => {
    const nodeDir = join(standalone.cacheDir(), 'node');
    const platforms = readdirSync(nodeDir).flatMap((version) => readdirSync(join(nodeDir, version)).filter((p) => !p.endsWith('.lock')));
    expect([...new Set(platforms)]).toEqual([standalone.HOST_PLATFORM]);
  });

  test("the tests' release zips are hard links of the build's own zips: their bytes are on disk once", () => {
    for (const platform of ['linux_amd64', 'windows_amd64'] as const) {
      expect(statSync(join(releaseDir, releaseFiles.zipName(VERSION, platform))).nlink).toBeGreaterThanOrEqual(2);
    }
  });

  test('tarballs, the host binary and the newest build stay within the 1.2 GB the README states', () => {
    const cache = standalone.cacheDir();
    const seen = new Set<number>();
    const newest = (sub: string) => {
      const dir = join(cache, sub);
      const builds = readdirSync(dir).filter((n) => !n.endsWith('.lock'));
      return join(dir, builds.sort((a, b) => statSync(join(dir, b)).mtimeMs - statSync(join(dir, a)).mtimeMs)[0]);
    };
    const total = bytes(join(cache, 'npm'), seen) + bytes(join(cache, 'node'), seen) + bytes(newest('executables'), seen) + bytes(newest('releases'), seen);
    expect(total).toBeLessThan(1.2e9);
    expect(total).toBeGreaterThan(0.5e9); // it did measure the builds
  });
});
