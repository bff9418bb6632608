// Writing a file atomically and durably: a temporary file beside it, fsync, rename over, fsync the
// directory. A crash leaves the old contents or the new ones, never half. Mode 0600: the emulator's
// state holds secrets. The state file's snapshot is written this way; its journal, see journal.ts.

import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Writes `text` to a temporary file beside `file`, flushes it to disk (fsync), renames it over
 * `file`, then flushes the directory so the rename itself survives a crash (best effort: not
 * every platform can open or fsync a directory).
 */
export function writeFileAtomically(file: string, text: string): void {
  // rename() within one directory is atomic: a reader sees the old file or the new one, never half.
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    // Flushed: without it a crash soon after the rename can leave `file` empty or partial on disk.
    writeFlushed(temp, 'wx', text);
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
  syncDirectory(path.dirname(file));
}

/** Opens `file` with `flag` (mode 0600 when it is made), writes `text`, and flushes it to disk. */
export function writeFlushed(file: string, flag: 'wx' | 'a', text: string): void {
  const fd = fs.openSync(file, flag, 0o600);
  try {
    fs.writeFileSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** fsync a directory, ignoring failures (Windows cannot open one; some file systems refuse). */
export function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Best effort: the file's contents are already on disk; only the rename might not be.
  } finally {
    if (fd !== undefined) {
      try {
        fs.closeSync(fd);
      } catch {
        // Nothing more to do.
      }
    }
  }
}
