// Safe creates, as a policy any endpoint module can apply to its POST: Workato has no idempotency
// keys, so a create that failed without a clear answer (timeout, 5xx, connection lost after
// sending) is never sent again before a listing shows that it did not take effect.

import { AmbiguousCreateError, CancelledError, UnexpectedResponseError, UnreadableWriteAnswerError, type WorkatoErrorInit } from './errors';
import type { Call, ResponseMeta, Transport } from './transport';

/** A check of a create lists again while identical creates keep going out meanwhile, at most this often. */
const MAX_CHECK_ROUNDS = 5;
/**
 * Slack when comparing `created_at` with the server time a create was sent at. That time is a
 * lower bound already (see #verify); this covers clock differences between Workato's nodes.
 */
const CREATED_AT_TOLERANCE_MS = 1_000;
/** Without a Date header the local clock stands in for the server's: allow for skew. */
const UNSYNCED_CLOCK_TOLERANCE_MS = 60_000;

/** What the policy needs to know of one kind of record. */
export interface SafeCreateSpec<T extends { id: number }, P> {
  /** The collection's path, for logs and errors. */
  path: string;
  /** What makes two creates identical (for a profile: name, provider and client_id). */
  key(payload: P): string;
  /** Whether `record` is what `payload` creates. */
  matches(record: T, payload: P): boolean;
  /** When Workato created the record (ISO 8601); null when the listing does not say. */
  createdAt(record: T): string | null;
  /** Every record, with the first page's meta; `recheckTail` as in paging.ts. */
  listAll(signal: AbortSignal | undefined): Promise<{ items: T[]; meta: ResponseMeta }>;
  /** The record a listing found for a create whose 2xx answer could not be read, marked as such. */
  unreadable(record: T, problem: string): T;
}

export class SafeCreate<T extends { id: number }, P> {
  /** Ids this client's creates have returned: another create never takes one of them for its own. */
  readonly #claimedIds = new Set<number>();
  /** Creates in progress, by payload key. */
  readonly #groups = new Map<string, CreateGroup>();

  constructor(
    private readonly transport: Transport,
    private readonly spec: SafeCreateSpec<T, P>,
  ) {}

  /**
   * Sends `call` (a POST of `payload`). The normal path is one POST. When an attempt may have
   * been committed without an answer, the records are listed before it is sent again, and the
   * record that attempt created, if any, is returned (see #verify); "not created" is not
   * concluded before the server's own time limit has passed.
   */
  async create(payload: P, call: Omit<Call<T>, 'verify' | 'onAttempt'>): Promise<T> {
    const key = this.spec.key(payload);
    const group = this.#join(key);
    let knownBefore: Set<number> | undefined;
    let firstSentAt: number | undefined;
    try {
      return await this.transport.execute<T>({
        ...call,
        parse: (json, meta, init) => {
          const record = call.parse(json, meta, init);
          this.#claimedIds.add(record.id);
          return record;
        },
        verify: async (sentAt, signal) => {
          const check = await this.#verify(payload, group, sentAt, knownBefore, signal);
          knownBefore = check.knownBefore;
          return check.created;
        },
        onAttempt: () => {
          firstSentAt ??= this.transport.clock.now();
          return group.attemptStarted();
        },
      });
    } catch (e) {
      if (!(e instanceof UnreadableWriteAnswerError) || firstSentAt === undefined) throw e;
      return await this.#findUnread(payload, group, firstSentAt, knownBefore, e, call.signal);
    } finally {
      this.#leave(key, group);
    }
  }

  /**
   * A 2xx answer to the POST did not say which record it made: the create took effect, so it is
   * never sent again. The listing finds the record as it would after a lost answer (#verify).
   */
  async #findUnread(payload: P, group: CreateGroup, firstSentAt: number, knownBefore: Set<number> | undefined, e: UnreadableWriteAnswerError, signal?: AbortSignal): Promise<T> {
    const { path } = this.spec;
    this.transport.log('warn', 'create answered 2xx without a readable record: listing to find the one it made', { method: 'POST', path, problem: e.problem });
    const check = await this.#verify(payload, group, firstSentAt, knownBefore, signal);
    if (check.created !== undefined) return this.spec.unreadable(check.created, e.problem);
    throw new UnexpectedResponseError(
      { method: e.method, path: e.path, ...(e.url !== undefined ? { url: e.url } : {}), ...(e.status !== undefined ? { status: e.status } : {}) },
      'malformed',
      `${e.problem}, and no record it may have made is listed; it was not sent again`,
    );
  }

  /**
   * Did a POST that failed without a clear answer create the record? Lists every record and looks
   * for one that matches the payload and did not exist before the attempt. "Before" is exact once
   * a first check has recorded the matches (`knownBefore`); on the first check (taking a snapshot
   * before every POST would double the cost of the normal path) a match counts as new when Workato
   * created it after the first attempt was sent, by the server's own clock (from the listing's
   * Date header).
   *
   * Identical creates of this client running at the same time would each take the other's record
   * for their own. So: ids another create of this client has returned are never candidates; the
   * listing waits until identical POSTs on the wire have been answered (and is taken again when
   * one went out while it ran), so that their ids are known first; and when more than one
   * candidate is left, the check fails with AmbiguousCreateError instead of guessing.
   */
  async #verify(
    payload: P,
    group: CreateGroup,
    firstSentAt: number,
    knownBefore: Set<number> | undefined,
    signal?: AbortSignal,
  ): Promise<{ created?: T; knownBefore: Set<number> }> {
    const { path } = this.spec;
    const where = { method: 'POST', path, url: this.transport.url(path) };
    let listing: { items: T[]; meta: ResponseMeta };
    for (let round = 1; ; round++) {
      await group.settled(signal, where);
      const started = group.started;
      listing = await this.spec.listAll(signal);
      if (group.started === started || round >= MAX_CHECK_ROUNDS) break;
      this.transport.log('debug', 'an identical create went out during the check: checking again once it is answered', { method: 'POST', path, round });
    }
    const { items, meta } = listing;
    const matches = items.filter((r) => this.spec.matches(r, payload));
    let fresh: T[];
    if (knownBefore !== undefined) {
      fresh = matches.filter((r) => !knownBefore.has(r.id));
    } else {
      // Server time when the first attempt was sent, estimated from the listing's Date header.
      const synced = meta.serverDate !== undefined;
      const offset = synced ? meta.serverDate! - meta.receivedAt : 0;
      const cutoff = firstSentAt + offset - (synced ? CREATED_AT_TOLERANCE_MS : UNSYNCED_CLOCK_TOLERANCE_MS);
      if (!synced) this.transport.log('warn', 'no Date header: comparing created_at with the local clock', { method: 'POST', path });
      fresh = matches.filter((r) => {
        const at = this.spec.createdAt(r);
        const created = at === null ? Number.NaN : Date.parse(at);
        return !Number.isNaN(created) && created >= cutoff;
      });
    }
    const claimed = fresh.filter((r) => this.#claimedIds.has(r.id));
    const candidates = fresh.filter((r) => !this.#claimedIds.has(r.id));
    if (candidates.length > 1) {
      const ids = candidates.map((r) => r.id);
      this.transport.log('warn', 'create may have been committed, but more than one record could be the one', { method: 'POST', path, candidates: ids });
      throw new AmbiguousCreateError(where, ids);
    }
    if (candidates.length === 1) {
      const created = candidates[0];
      this.#claimedIds.add(created.id);
      this.transport.log('warn', 'create was committed although its answer was lost; using the record it created', {
        method: 'POST',
        path,
        id: created.id,
        ...(claimed.length > 0 ? { claimedByOtherCreates: claimed.map((r) => r.id) } : {}),
      });
      return { created, knownBefore: new Set(matches.filter((r) => r !== created).map((r) => r.id)) };
    }
    this.transport.log('debug', 'create was not committed; it is safe to send it again', { method: 'POST', path, existingMatches: matches.length });
    return { knownBefore: new Set(matches.map((r) => r.id)) };
  }

  #join(key: string): CreateGroup {
    let group = this.#groups.get(key);
    if (group === undefined) {
      group = new CreateGroup();
      this.#groups.set(key, group);
    }
    group.members++;
    return group;
  }

  #leave(key: string, group: CreateGroup): void {
    group.members--;
    if (group.members === 0 && this.#groups.get(key) === group) this.#groups.delete(key);
  }
}

/**
 * The identical creates (same payload key) one client runs at the same time, and their POSTs on
 * the wire: a check of one of them waits until the others' answers are in, so that it knows the
 * ids they return before it looks for its own.
 */
class CreateGroup {
  /** Creates of this key in progress. */
  members = 0;
  /** POST attempts started so far, by any member. */
  started = 0;
  readonly #onTheWire = new Set<Promise<void>>();

  /** Marks a POST as going out; the function returned marks its answer as handled. */
  attemptStarted(): () => void {
    this.started++;
    let done!: () => void;
    const handled = new Promise<void>((resolve) => (done = resolve));
    this.#onTheWire.add(handled);
    return () => {
      this.#onTheWire.delete(handled);
      done();
    };
  }

  /** Resolves once no POST of this group is on the wire (each is bounded by the request timeout). */
  async settled(signal: AbortSignal | undefined, where: WorkatoErrorInit): Promise<void> {
    while (this.#onTheWire.size > 0) {
      if (signal?.aborted) throw new CancelledError(where);
      let onAbort: (() => void) | undefined;
      const aborted = new Promise<void>((resolve) => {
        onAbort = resolve;
        signal?.addEventListener('abort', onAbort, { once: true });
      });
      try {
        await Promise.race([Promise.all([...this.#onTheWire]), aborted]);
      } finally {
        if (onAbort) signal?.removeEventListener('abort', onAbort);
      }
    }
    if (signal?.aborted) throw new CancelledError(where);
  }
}
