// Reads by id served from a paged list endpoint, shared by every read of one client: pages are
// fetched on demand, one at a time, and only as many as the reads so far pay for.
//
// The strategy (Workato allows 60 requests a minute for the whole account, and Terraform calls
// ReadResource once per resource, up to 10 at a time, in one provider process):
// - A read first looks in the pages fetched so far.
// - The listing may have fetched at most max(1, reads received so far − 1) pages: beyond page 1
//   it never costs more than the GETs it replaces. So one read costs page 1 (every read of an
//   account of up to 100 profiles is served by it), plus a GET /:id when the profile is not on
//   it, and a plan of 2 profiles on an account of 5,000 costs at most 3 requests (page 1 and two
//   GETs), not 50 pages.
// - A read whose profile is not on the pages so far fetches the next page (one fetch at a time;
//   every read waiting for it shares it) while the allowance lasts. When it does not, the read
//   waits for more reads to arrive (each raises the allowance) as long as another read is still
//   at work; once every read in progress is waiting (and the reads already received have been
//   handled), they fall back to GET /:id. The count depends on how many reads there are and, only
//   through those fallbacks, on how fast Terraform sends them: a fallback happens when the pages
//   come faster than Terraform's next reads, and costs one GET per read then waiting.
// - Workato lists profiles in ascending id order (checked on every page; without that order the
//   two shortcuts here are off): a read whose id the list has passed is confirmed by GET at once,
//   and a read whose id falls within the next page's expected span may fetch that page beyond the
//   allowance once, in place of its own GET (the same cost, and the page may serve other reads).
//   This keeps the count from depending on how fast Terraform sends its reads.
// - A profile missing from the complete list (a page shorter than 100 ends it) is confirmed with
//   GET /:id: 404 is NotFoundError, 200 is used (created or moved while the list was read).
//   A list is never taken as proof that a profile is gone.
// - A page that fails is retried like any GET (by the transport); if it still fails, the reads
//   fall back to GET /:id and this listing is not used again.
// - Any write through the same client starts a new listing: pages fetched before it are stale.
// Cost: with r reads on an account whose list takes L pages, at most max(1, r − 1) pages, plus at
// most r GETs, plus one page per read at most in place of its GET (which costs one more request
// only when the ids are so sparse that the page missed it). So the worst case is about 2r (3r in
// theory, with sparse ids), when reads come one at a time and every profile sits past the pages
// fetched so far; when the reads come as Terraform sends them (10 at a time), the cost is about
// min(r + 1, L) plus one GET per profile the list lacks. Measured in `npm run bench` and asserted
// in test/acceptance/request-counts.test.ts.

import { ListBounds } from './paging';

export interface SharedListingSource<T extends { id: number }> {
  /** One page of the list (page ≥ 1, `perPage` records at most). */
  fetchPage(page: number, signal: AbortSignal | undefined): Promise<T[]>;
  /** One record by id: NotFoundError when there is none. */
  get(id: number, signal: AbortSignal | undefined): Promise<T>;
  /** Every record, walked page by page without sharing (raises the errors a plain walk raises). */
  listAll(signal: AbortSignal | undefined): Promise<T[]>;
  /** The page size asked for: a shorter page is the last one. */
  perPage: number;
  /** The clock of a listing's deadline (see ListBounds). */
  now(): number;
  /** The collection's path and a page's URL, for the error when the list does not end. */
  path: string;
  url(page: number): string;
}

/** What the listing has cost so far (for logs, the demo and tests). */
export interface ListingStats {
  reads: number;
  pages: number;
  gets: number;
}

/** One listing: the pages fetched since the last write, and the reads served from them. */
class Listing<T extends { id: number }> {
  readonly byId = new Map<number, T>();
  /** Set by the first page fetched: the listing's page count and deadline. */
  bounds?: ListBounds;
  pages = 0;
  complete = false;
  failed = false;
  /** The error of the page that failed (after the transport's retries), if one did. */
  failure?: unknown;
  fetching?: Promise<void>;
  /** Reads received, reads not yet answered, and those of them waiting for more allowance. */
  reads = 0;
  unanswered = 0;
  waiting = 0;
  /** Set once every read in progress was waiting: reads fall back to GET until more arrive. */
  exhaustedAtReads?: number;
  /** Whether the pages so far list ids in ascending order (Workato's and the emulator's order). */
  ascending = true;
  maxId = 0;
  /** The span of ids on the last page fetched, which predicts the next page's. */
  lastSpan = 0;

  /**
   * Where an id not on the pages so far would be, if the list keeps its ascending order: `passed`
   * (below the highest id listed: missing from the list), `next` (within the next page's expected
   * span) or `later`; `unknown` when the order is not ascending.
   */
  position(id: number, perPage: number): 'passed' | 'next' | 'later' | 'unknown' {
    if (!this.ascending || this.pages === 0) return 'unknown';
    if (id < this.maxId) return 'passed';
    return id <= this.maxId + Math.max(this.lastSpan, perPage) ? 'next' : 'later';
  }
  #changed = deferred();

  /** Wakes every waiting read: something they wait for may have changed. */
  notify(): void {
    const old = this.#changed;
    this.#changed = deferred();
    old.resolve();
  }

  changed(): Promise<void> {
    return this.#changed.promise;
  }
}

export class SharedListing<T extends { id: number }> {
  #listing = new Listing<T>();
  readonly #stats: ListingStats = { reads: 0, pages: 0, gets: 0 };

  constructor(private readonly source: SharedListingSource<T>) {}

  /** Requests made and reads served since the client was made. */
  get stats(): Readonly<ListingStats> {
    return { ...this.#stats };
  }

  /** Forgets every page: called on every write, so no read after it sees data from before it. */
  invalidate(): void {
    const old = this.#listing;
    this.#listing = new Listing<T>();
    old.notify();
  }

  /** The record with this id, from the shared list when it pays off (see the file's comment). */
  async read(id: number, signal?: AbortSignal): Promise<T> {
    const listing = this.#listing;
    listing.reads++;
    listing.unanswered++;
    this.#stats.reads++;
    listing.notify(); // the allowance has grown
    /** Each read may fetch one page beyond the allowance, instead of its own GET. */
    let nextPageUsed = false;
    try {
      for (;;) {
        const found = listing.byId.get(id);
        if (found !== undefined) return found;
        if (listing.complete || listing.failed || listing !== this.#listing) return await this.#get(id, signal);
        if (listing.fetching) {
          await listing.fetching;
          continue;
        }
        const position = listing.position(id, this.source.perPage);
        // Not where the ordered list had it: missing from the list, which GET /:id confirms.
        if (position === 'passed') return await this.#get(id, signal);
        const withinAllowance = listing.pages < allowance(listing.reads) && listing.exhaustedAtReads !== listing.reads;
        // Expected on the next page: fetching it costs what the GET would, and may serve others.
        const nextPageInstead = !nextPageUsed && position === 'next';
        if (withinAllowance || nextPageInstead) {
          if (!withinAllowance) nextPageUsed = true;
          listing.fetching = this.#fetchNext(listing, signal);
          continue;
        }
        // No allowance left: wait for more reads while another read is at work, else GET.
        if (listing.exhaustedAtReads === listing.reads) return await this.#get(id, signal);
        if (listing.unanswered - listing.waiting <= 1) {
          // Reads Terraform has sent already may be waiting in the socket: let them arrive first.
          const reads = listing.reads;
          await settleIo();
          if (listing.reads !== reads) continue;
          listing.exhaustedAtReads = listing.reads;
          listing.notify();
          return await this.#get(id, signal);
        }
        listing.waiting++;
        try {
          await listing.changed();
        } finally {
          listing.waiting--;
        }
      }
    } finally {
      listing.unanswered--;
      listing.notify();
    }
  }

  /**
   * Every record: completes the shared listing (reads after it are served from it). A page that
   * fails after the transport's retries fails the call with that page's error.
   */
  async all(signal?: AbortSignal): Promise<T[]> {
    for (;;) {
      const listing = this.#listing;
      if (listing.failure !== undefined) {
        // That listing is spent; a new one (after a write, or this call's own) may work.
        this.invalidate();
        throw listing.failure;
      }
      if (listing.complete) return [...listing.byId.values()];
      // The server repeats its pages: the plain walk says so, with the error it raises.
      if (listing.failed) return this.source.listAll(signal);
      if (listing.fetching) await listing.fetching;
      else listing.fetching = this.#fetchNext(listing, signal);
    }
  }

  #get(id: number, signal: AbortSignal | undefined): Promise<T> {
    this.#stats.gets++;
    return this.source.get(id, signal);
  }

  /** Fetches the next page into `listing`; never rejects (a failure marks the listing failed). */
  async #fetchNext(listing: Listing<T>, signal: AbortSignal | undefined): Promise<void> {
    const page = listing.pages + 1;
    try {
      await Promise.resolve(); // so that `fetching` is set before `finally` clears it
      listing.bounds ??= new ListBounds(() => this.source.now(), { path: this.source.path, url: (p) => this.source.url(p) });
      listing.bounds.check(page);
      const items = await this.source.fetchPage(page, signal);
      this.#stats.pages++;
      let fresh = 0;
      for (const item of items) {
        if (item.id <= listing.maxId) listing.ascending = false;
        listing.maxId = Math.max(listing.maxId, item.id);
        if (!listing.byId.has(item.id)) {
          listing.byId.set(item.id, item);
          fresh++;
        }
      }
      if (items.length > 0) listing.lastSpan = items[items.length - 1].id - items[0].id;
      listing.pages = page;
      if (items.length < this.source.perPage) listing.complete = true;
      // A full page of ids already seen: the server ignores `page`, so the list is no proof.
      else if (fresh === 0) listing.failed = true;
    } catch (err) {
      listing.failed = true;
      listing.failure = err;
    } finally {
      listing.fetching = undefined;
      listing.notify();
    }
  }
}

/**
 * Pages the listing may have fetched after `reads` reads: never more than the GETs they would have
 * cost beyond the first (so 2 reads never cost more than 3 requests), but page 1 always, which
 * serves every read of an account of up to 100 profiles.
 */
function allowance(reads: number): number {
  return Math.max(1, reads - 1);
}

/** Two turns of the event loop: I/O that has already arrived (Terraform's next reads) is handled. */
async function settleIo(): Promise<void> {
  for (let i = 0; i < 2; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

function deferred(): { promise: Promise<void>; resolve(): void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
