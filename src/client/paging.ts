// Walking Workato's paged lists: `page` from 1, `per_page` at most 100, no total count, and a page
// shorter than `per_page` is the last one.

import { UnexpectedResponseError } from './errors';
import type { ResponseMeta } from './transport';

/** Largest page Workato serves, and the size asked for when walking a list. */
export const MAX_PER_PAGE = 100;

/**
 * A list that goes on for more pages than this (10,000 profiles of 100 a page, more than an
 * account holds: each is an OAuth app's client) does not end: the walk stops with an error
 * instead of growing forever. At Workato's 60 requests a minute that takes under 2 minutes.
 */
export const MAX_PAGES = 100;

/**
 * A walk still going after this long (on the client's clock, pacing waits and retries included)
 * stops with an error: 100 pages at 60 requests a minute take under 2 minutes.
 */
export const LIST_DEADLINE_MS = 10 * 60_000;

/** The bounds of one walk of a list: MAX_PAGES pages, LIST_DEADLINE_MS from its start. */
export class ListBounds {
  readonly #startedAt: number;
  constructor(
    private readonly now: () => number,
    private readonly where: { path: string; url?: (page: number) => string },
  ) {
    this.#startedAt = now();
  }

  /** Throws the 'endless-list' error when page `page` may not be fetched. */
  check(page: number): void {
    if (page > MAX_PAGES) {
      throw endlessList(this.where, page, `it has gone on for ${MAX_PAGES} pages of ${MAX_PER_PAGE} without ending, more than a Workato account holds`);
    }
    const elapsed = this.now() - this.#startedAt;
    if (elapsed > LIST_DEADLINE_MS) {
      throw endlessList(this.where, page, `it has not ended after ${page - 1} pages and ${Math.round(elapsed / 60_000)} minutes (the limit is ${LIST_DEADLINE_MS / 60_000})`);
    }
  }
}

function endlessList(where: { path: string; url?: (page: number) => string }, page: number, what: string): UnexpectedResponseError {
  const url = where.url?.(page);
  return new UnexpectedResponseError({ method: 'GET', path: where.path, ...(url ? { url } : {}) }, 'endless-list', what);
}

/** One page as an endpoint module fetches it. */
export interface Page<T> {
  items: T[];
  meta: ResponseMeta;
}

export interface ListAllOptions {
  /**
   * Re-read the last full page after the walk: a record deleted meanwhile on an earlier page
   * shifts the next page's first item back onto a page already read, where the walk would miss
   * it, and the newest records are the ones that end up there (the check of a create needs them).
   */
  recheckTail?: boolean;
  /** The collection's path and the URL of a page, for the error when the server ignores `page`. */
  path?: string;
  url?: (page: number) => string;
  /** The clock of the walk's deadline (LIST_DEADLINE_MS). @default Date.now */
  now?: () => number;
}

/** One page of a walk: its number, the records not seen on an earlier page, its response meta. */
export interface WalkedPage<T> extends Page<T> {
  page: number;
}

/**
 * The pages of a list, one request each, fetched only as they are asked for: page 1, 2, … asking
 * for 100 each, until an empty page or one shorter than 100 (so a server that serves fewer per page
 * is walked to the end too), within the bounds of one walk (ListBounds). Each page holds the records
 * not seen on an earlier page (first seen wins); a full page of records seen before means the
 * server ignores `page`, an error. A consumer that stops (`break`, `return`) ends the walk: no
 * further page is requested.
 */
export async function* walkPages<T extends { id: number }>(
  fetchPage: (page: number, perPage: number) => Promise<Page<T>>,
  opts: Omit<ListAllOptions, 'recheckTail'> = {},
): AsyncGenerator<WalkedPage<T>, void, undefined> {
  const seen = new Set<number>();
  const bounds = new ListBounds(opts.now ?? Date.now, { path: opts.path ?? '', url: opts.url });
  for (let page = 1; ; page++) {
    bounds.check(page);
    const { items, meta } = await fetchPage(page, MAX_PER_PAGE);
    const fresh: T[] = [];
    for (const item of items) {
      if (seen.has(item.id)) continue;
      seen.add(item.id);
      fresh.push(item);
    }
    // A page of ids already seen means the server ignores `page`: stop instead of looping forever.
    if (items.length >= MAX_PER_PAGE && fresh.length === 0) throw repeatedPage(page, opts.path ?? '', opts.url?.(page));
    yield { page, items: fresh, meta };
    if (items.length < MAX_PER_PAGE) return;
  }
}

/**
 * Every record: the whole walk of `walkPages`, so a small account costs one request. Also returns
 * the first page's response meta (its Date header dates the listing). Records are deduplicated by
 * id, first seen wins.
 */
export async function listAll<T extends { id: number }>(
  fetchPage: (page: number, perPage: number) => Promise<Page<T>>,
  opts: ListAllOptions = {},
): Promise<{ items: T[]; meta: ResponseMeta }> {
  const byId = new Map<number, T>();
  let firstMeta: ResponseMeta | undefined;
  let pages = 0;
  for await (const { page, items, meta } of walkPages(fetchPage, opts)) {
    firstMeta ??= meta;
    pages = page;
    for (const item of items) byId.set(item.id, item);
  }
  // Every page but the last was full, so a walk of two or more pages crossed a boundary.
  if (opts.recheckTail && pages >= 2) {
    for (const item of (await fetchPage(pages - 1, MAX_PER_PAGE)).items) if (!byId.has(item.id)) byId.set(item.id, item);
  }
  return { items: [...byId.values()], meta: firstMeta! };
}

export function repeatedPage(page: number, path: string, url: string | undefined): UnexpectedResponseError {
  return new UnexpectedResponseError({ method: 'GET', path, ...(url ? { url } : {}) }, 'no-pagination', `page ${page} repeated earlier pages`);
}

export function checkPage(page: number, perPage: number): void {
  for (const [name, value] of [['page', page], ['perPage', perPage]] as const) {
    if (!(Number.isInteger(value) && value >= 1)) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  }
  if (perPage > MAX_PER_PAGE) throw new RangeError(`perPage must be at most ${MAX_PER_PAGE}, got ${perPage}`);
}
