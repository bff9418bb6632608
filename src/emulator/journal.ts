// An append-only journal of JSON lines beside the state file: each line appended and flushed to
// disk (fsync) before the write it records is answered, cut back when that fails, and read back
// with a line cut short by a crash told apart. Mode 0600: the emulator's state holds secrets.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { syncDirectory, writeFlushed } from './atomic-file';

/** A journal as read back: its lines, and whether its last one was cut short. */
export interface JournalText {
  /** Every line that was whole, in order, with its 1-based line number, without blank lines. */
  lines: { number: number; value: unknown }[];
  /**
   * True when the last line was dropped because it was cut short: it lacks its newline or is not
   * valid JSON. That is what a crash in the middle of an append leaves (such a write was never
   * answered, since answers wait for the fsync).
   */
  torn: boolean;
  /** The file's size in bytes. */
  bytes: number;
}

/**
 * Reads `file`; undefined when it does not exist. Throws (naming the line) when a line other than
 * the last is not valid JSON: appends are flushed one after another, so a crash can only damage
 * the last one, and anything else is damage this must not paper over.
 */
export function readJournal(file: string): JournalText | undefined {
  let data: Buffer;
  try {
    data = fs.readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const pieces = data.toString('utf8').split('\n');
  // The piece after the last newline: empty when the file ends with one, as every append does.
  const tail = pieces.pop() as string;
  const numbered = pieces.map((text, i) => ({ number: i + 1, text })).filter((p) => p.text.trim() !== '');
  let torn = tail.trim() !== '';
  const lines: JournalText['lines'] = [];
  numbered.forEach(({ number, text }, i) => {
    try {
      lines.push({ number, value: JSON.parse(text) });
    } catch {
      if (i === numbered.length - 1 && !torn) torn = true;
      else throw new JournalDamage(number, 'is not valid JSON');
    }
  });
  return { lines, torn, bytes: data.length };
}

/** A journal line that cannot be a crash's doing; `line` is 1-based. */
export class JournalDamage extends Error {
  constructor(
    readonly line: number,
    readonly why: string,
  ) {
    super(`line ${line} ${why}`);
  }
}

/**
 * Appends `text` (whole lines) to `file`, creating it with mode 0600, and flushes it to disk.
 * When the file is new (`bytesBefore` 0), flushes the directory too, so the file itself survives
 * a crash (best effort, as for the snapshot's rename). Throws when writing or flushing fails; then
 * call `cutBack` so the failed lines are not replayed later.
 */
export function appendDurably(file: string, text: string, bytesBefore: number): void {
  writeFlushed(file, 'a', text);
  if (bytesBefore === 0) syncDirectory(path.dirname(file));
}

/**
 * Undoes a failed `appendDurably`: cuts `file` back to `bytes` (removes it when 0) and flushes
 * that. False when this failed too, so the file may still hold part of the failed append.
 */
export function cutBack(file: string, bytes: number): boolean {
  try {
    if (bytes === 0) {
      fs.rmSync(file, { force: true });
      return true;
    }
    const fd = fs.openSync(file, 'r+');
    try {
      fs.ftruncateSync(fd, bytes);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    return true;
  } catch {
    return false;
  }
}
