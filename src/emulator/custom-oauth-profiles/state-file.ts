// The emulator's state file: a snapshot (one JSON document, written atomically) and, beside it,
// `<file>.journal`, the writes made since that snapshot, one JSON line each. A small state (under
// SMALL_STATE_BYTES) is rewritten whole on every write, as it always was: the file stays a single
// document and nothing appears beside it. A larger one appends one line per write instead, so a
// write costs what the change costs, and is compacted (a new snapshot, the journal removed) once
// the journal outgrows the snapshot, and on close. Both hold client secrets and tokens in plain
// text (this is a local development emulator) and are written with mode 0600.

import * as fs from 'node:fs';
import { writeFileAtomically } from '../atomic-file';
import { appendDurably, cutBack, JournalDamage, readJournal } from '../journal';
import type { StoredProfile } from './types';

export interface EmulatorState {
  nextId: number;
  /** In id order. */
  profiles: StoredProfile[];
}

/**
 * One write, as the journal records it: the whole profile after a create or an update (so
 * replaying a line twice changes nothing), the id of a deleted one, or a reset; and the next id
 * after it.
 */
export type Change =
  | { op: 'put'; next_id: number; profile: StoredProfile }
  | { op: 'delete'; next_id: number; id: number }
  | { op: 'clear'; next_id: number };

/** Below this (snapshot, journal and the new line together), a write rewrites the snapshot. */
export const SMALL_STATE_BYTES = 64 * 1024;

const FORMAT_VERSION = 1;
const COMMENT =
  'workato-emulator state. Holds client secrets and tokens in plain text: local development only. ' +
  'Writes made after this snapshot (after write "seq") are in the file of the same name plus ".journal", one JSON line each, when it exists.';

/** `<file>.journal`. */
export function journalOf(file: string): string {
  return `${file}.journal`;
}

/** Applies a change to profiles kept in id order (ids only grow, so a new one goes last). */
export function applyChange(profiles: Map<number, StoredProfile>, change: Change): void {
  if (change.op === 'put') profiles.set(change.profile.id, change.profile);
  else if (change.op === 'delete') profiles.delete(change.id);
  else profiles.clear();
}

/**
 * The state file of one store: loads it (snapshot, then journal) and records each write. Every
 * method that writes throws when the write did not reach the disk, having changed nothing; the
 * caller then leaves its memory as it was.
 */
export class StateFile {
  readonly journal: string;
  /** Writes ever recorded in this state, the last one's number; journal lines carry theirs. */
  private seq = 0;
  /** Size of the snapshot on disk; undefined while there is none. */
  private snapshotBytes: number | undefined;
  /** Size of the journal as this process knows it (0: none). */
  private journalBytes = 0;
  private journalExists = false;
  /**
   * The journal must not be appended to: it holds a line cut short (a crash, a failed append that
   * could not be cut back) or lines the snapshot already holds. The next write rewrites the
   * snapshot and removes it.
   */
  private journalStale = false;
  /** Compact once the journal is larger than this. */
  private compactAbove = 0;

  constructor(readonly file: string) {
    this.journal = journalOf(file);
  }

  /**
   * Reads the snapshot, then replays the journal; undefined when neither exists. Throws when
   * either is not valid, including an empty snapshot: the emulator never writes an empty file,
   * so one is damage (a crash, a full disk, a truncation), and starting empty would overwrite
   * whatever profiles were lost on the next write. Refusing to start beats that; it changes no file.
   */
  load(): EmulatorState | undefined {
    const snapshot = readSnapshot(this.file, fs.existsSync(this.journal));
    const journal = readJournalOf(this.file, this.journal);
    if (snapshot === undefined) {
      if (journal !== undefined) {
        throw new Error(
          `State file ${this.file} does not exist, but its journal ${this.journal} does (the writes made after the state file's snapshot): ` +
            `the state file was moved or deleted without it. Put it back, or delete ${this.journal} too to start fresh.`,
        );
      }
      return undefined;
    }
    this.seq = snapshot.seq;
    this.snapshotBytes = snapshot.bytes;
    this.compactAbove = snapshot.bytes;
    if (journal === undefined) return snapshot.state;

    const profiles = new Map(snapshot.state.profiles.map((p) => [p.id, p]));
    let nextId = snapshot.state.nextId;
    let last: number | undefined;
    for (const { number, value } of journal.lines) {
      const entry = checkEntry(value);
      if (entry === undefined) throw journalDamaged(this.file, this.journal, new JournalDamage(number, 'is not a valid journal entry'));
      if (last !== undefined && entry.seq !== last + 1) {
        throw journalDamaged(this.file, this.journal, new JournalDamage(number, `is write ${entry.seq}, but the line before is write ${last}`));
      }
      last = entry.seq;
      if (entry.seq <= this.seq) {
        // A crash after a compaction's new snapshot, before the journal was removed: already in it.
        this.journalStale = true;
        continue;
      }
      if (entry.seq !== this.seq + 1) {
        throw new Error(
          `Journal ${this.journal} does not continue state file ${this.file}: the state file holds writes up to ${this.seq}, ` +
            `the journal goes on from write ${entry.seq}. They were not written together (was one of them replaced or restored ` +
            `from a backup?). Put back the pair, or delete the journal to keep the state file alone (losing the writes the journal holds).`,
        );
      }
      applyChange(profiles, entry.change);
      nextId = entry.change.next_id;
      this.seq = entry.seq;
    }
    if (journal.torn) this.journalStale = true;
    this.journalExists = true;
    this.journalBytes = journal.bytes;
    // A hand-edited journal could put an id out of order; the store relies on id order.
    return { nextId, profiles: [...profiles.values()].sort((a, b) => a.id - b.id) };
  }

  /**
   * Records `change`, about to be applied to `before` (the profiles in id order): one line
   * appended to the journal, or, for a small state (also: no snapshot yet, a stale journal, a
   * reset), the whole state after the change rewritten as a new snapshot. Throws when it did not
   * reach the disk, having changed nothing.
   */
  record(change: Change, before: Map<number, StoredProfile>): void {
    const seq = this.seq + 1;
    const line = JSON.stringify({ seq, ...change }) + '\n';
    const lineBytes = Buffer.byteLength(line);
    const small = this.snapshotBytes === undefined || this.snapshotBytes + this.journalBytes + lineBytes <= SMALL_STATE_BYTES;
    // After a reset the new snapshot is nearly empty: cheaper than any journal.
    if (small || this.journalStale || change.op === 'clear') {
      const after = new Map(before);
      applyChange(after, change);
      this.writeSnapshot({ nextId: change.next_id, profiles: [...after.values()] }, seq);
    } else {
      try {
        appendDurably(this.journal, line, this.journalBytes);
      } catch (error) {
        // Cut back, the failed line is not replayed at the next start; if that fails too, no
        // line may follow it: the next write starts a new snapshot instead.
        if (!cutBack(this.journal, this.journalBytes)) this.journalStale = true;
        throw error;
      }
      this.journalExists = true;
      this.journalBytes += lineBytes;
    }
    this.seq = seq;
  }

  /** True once the journal has outgrown the snapshot: time for `compact`. */
  wantsCompaction(): boolean {
    return this.journalExists && this.journalBytes > this.compactAbove;
  }

  /**
   * Writes `state` (everything recorded so far) as a new snapshot and removes the journal. Never
   * throws: the journal already holds every write, so a failure only postpones compaction (until
   * the journal has grown by as much again).
   */
  compact(state: EmulatorState): void {
    try {
      this.writeSnapshot(state, this.seq);
    } catch {
      this.compactAbove = this.journalBytes + (this.snapshotBytes ?? 0);
    }
  }

  /** On a clean close: compacts when there is a journal, so the state is one file again. */
  close(state: EmulatorState): void {
    if (this.journalExists || this.journalStale) this.compact(state);
  }

  /**
   * The snapshot, atomically (see writeFileAtomically: a crash leaves the old snapshot or the new
   * one), then the journal removed. Lines it still holds after a crash are at most `seq`, so the
   * next start skips them. Throws only when the snapshot could not be written.
   */
  private writeSnapshot(state: EmulatorState, seq: number): void {
    const text = snapshotText(state, seq);
    writeFileAtomically(this.file, text);
    this.snapshotBytes = Buffer.byteLength(text);
    this.compactAbove = this.snapshotBytes;
    if (!this.journalExists && !this.journalStale) return;
    try {
      fs.rmSync(this.journal, { force: true });
      this.journalExists = false;
      this.journalStale = false;
      this.journalBytes = 0;
    } catch {
      // Still there: it holds nothing the snapshot lacks, but must not be appended to.
      this.journalStale = true;
    }
  }
}

function snapshotText(state: EmulatorState, seq: number): string {
  const json = JSON.stringify({ comment: COMMENT, version: FORMAT_VERSION, next_id: state.nextId, seq, profiles: state.profiles }, null, 2);
  return json + '\n';
}

function startFresh(hasJournal: boolean): string {
  return hasJournal ? 'delete the file and its journal' : 'delete the file';
}

/** The snapshot, its `seq` (0 in files written before the journal existed) and its size. */
function readSnapshot(file: string, hasJournal: boolean): { state: EmulatorState; seq: number; bytes: number } | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if (text.trim() === '') {
    throw new Error(
      `State file ${file} is empty (${text.length === 0 ? 'zero bytes' : 'only whitespace'}), which the emulator never writes: ` +
        `it may have been cut short by a crash. Refusing to start empty and overwrite it; to start fresh, ${startFresh(hasJournal)}.`,
    );
  }

  const fail = (why: string): never => {
    // Refusing to start beats starting empty and overwriting someone's profiles on the next write.
    throw new Error(`State file ${file} is not a workato-emulator state file: ${why}. To start fresh, ${startFresh(hasJournal)}.`);
  };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return fail('it is not valid JSON');
  }
  if (typeof raw !== 'object' || raw === null) return fail('it is not a JSON object');
  const state = raw as Record<string, unknown>;
  if (state.version !== FORMAT_VERSION) return fail(`unsupported version ${JSON.stringify(state.version)}`);
  if (!Array.isArray(state.profiles)) return fail('"profiles" is not an array');
  const profiles = state.profiles.map((p, i) => checkProfile(p) ?? fail(`profiles[${i}] is not a valid profile`));
  if (!Number.isSafeInteger(state.next_id)) return fail('"next_id" is not an integer');
  const seq = state.seq ?? 0;
  if (!(Number.isSafeInteger(seq) && (seq as number) >= 0)) return fail('"seq" is not an integer >= 0');
  profiles.sort((a, b) => a.id - b.id);
  return { state: { nextId: state.next_id as number, profiles }, seq: seq as number, bytes: Buffer.byteLength(text) };
}

function readJournalOf(file: string, journal: string): ReturnType<typeof readJournal> {
  try {
    return readJournal(journal);
  } catch (error) {
    if (error instanceof JournalDamage) throw journalDamaged(file, journal, error);
    throw error;
  }
}

function journalDamaged(file: string, journal: string, damage: JournalDamage): Error {
  return new Error(
    `Journal ${journal} of state file ${file} is damaged: ${damage.message}. A crash can only cut its last line short, ` +
      'so this is something else. To start from the state file alone, delete the journal (losing the writes it holds).',
  );
}

/** A journal line, checked member by member like a snapshot's profiles. */
function checkEntry(value: unknown): { seq: number; change: Change } | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const e = value as Record<string, unknown>;
  if (!Number.isSafeInteger(e.seq) || !Number.isSafeInteger(e.next_id)) return undefined;
  const seq = e.seq as number;
  const next_id = e.next_id as number;
  if (e.op === 'put') {
    const profile = checkProfile(e.profile);
    return profile === undefined ? undefined : { seq, change: { op: 'put', next_id, profile } };
  }
  if (e.op === 'delete') return Number.isSafeInteger(e.id) ? { seq, change: { op: 'delete', next_id, id: e.id as number } } : undefined;
  if (e.op === 'clear') return { seq, change: { op: 'clear', next_id } };
  return undefined;
}

function checkProfile(value: unknown): StoredProfile | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const p = value as Record<string, unknown>;
  const data = p.data as Record<string, unknown> | null | undefined;
  const ok =
    Number.isSafeInteger(p.id) &&
    Number.isSafeInteger(p.user_id) &&
    typeof p.name === 'string' &&
    typeof p.provider === 'string' &&
    typeof data === 'object' &&
    data !== null &&
    typeof data.client_id === 'string' &&
    typeof data.client_secret === 'string' &&
    (data.token === undefined || typeof data.token === 'string') &&
    Number.isSafeInteger(p.shared_accounts_count) &&
    Number.isSafeInteger(p.oem_customers_count) &&
    typeof p.created_at === 'string' &&
    typeof p.updated_at === 'string';
  if (!ok) return undefined;
  // Rebuilt member by member so nothing unexpected in the file leaks into answers.
  const profile: StoredProfile = {
    id: p.id as number,
    user_id: p.user_id as number,
    name: p.name as string,
    provider: p.provider as string,
    data: { client_id: data.client_id as string, client_secret: data.client_secret as string },
    shared_accounts_count: p.shared_accounts_count as number,
    oem_customers_count: p.oem_customers_count as number,
    created_at: p.created_at as string,
    updated_at: p.updated_at as string,
  };
  if (typeof data.token === 'string') profile.data.token = data.token;
  return profile;
}
