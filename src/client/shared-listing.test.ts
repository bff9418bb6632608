// SharedListing on a fake source: how many pages and GETs a set of reads costs, drift and
// deletion, staleness after writes, and the fall back to GET when a page fails.

import { NotFoundError, UnexpectedResponseError } from './errors';
import { LIST_DEADLINE_MS, MAX_PAGES } from './paging';
import { SharedListing, type SharedListingSource } from './shared-listing';

interface Rec {
  id: number;
  name: string;
}

function source(count: number, perPage = 100) {
  const records: Rec[] = Array.from({ length: count }, (_, i) => ({ id: i + 1, name: `P${i + 1}` }));
  const calls: string[] = [];
  let failPages = 0;
  /** Ids the pages do not show (created after the list was read), though GET finds them. */
  const hidden = new Set<number>();
  const src: SharedListingSource<Rec> = {
    perPage,
    now: () => 0,
    path: '/x',
    url: (page) => `http://127.0.0.1/x?page=${page}`,
    async fetchPage(page) {
      calls.push(`page ${page}`);
      await Promise.resolve();
      if (failPages > 0) {
        failPages--;
        throw new Error('page failed');
      }
      const shown = records.filter((r) => !hidden.has(r.id));
      return shown.slice((page - 1) * perPage, page * perPage).map((r) => ({ ...r }));
    },
    async get(id) {
      calls.push(`get ${id}`);
      await Promise.resolve();
      const r = records.find((x) => x.id === id);
      if (!r) throw new NotFoundError({ method: 'GET', path: `/x/${id}`, status: 404 });
      return { ...r };
    },
    async listAll() {
      calls.push('walk');
      return records.map((r) => ({ ...r }));
    },
  };
  return { src, calls, records, hidden, failNextPages: (n: number) => (failPages = n) };
}

/** Reads `ids` as Terraform does: up to `parallel` at a time, the next one as soon as one is answered. */
async function readAll(listing: SharedListing<Rec>, ids: number[], parallel = 10): Promise<Array<Rec | Error>> {
  const out: Array<Rec | Error> = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < ids.length) {
      const i = next++;
      out[i] = await listing.read(ids[i]).catch((e: Error) => e);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return out;
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('SharedListing', () => {
  it('one read costs page 1, and a GET when the profile is not on it', async () => {
    const { src, calls } = source(5_000);
    expect(await new SharedListing(src).read(4_999)).toMatchObject({ id: 4_999 });
    expect(calls).toEqual(['page 1', 'get 4999']);
    const small = source(80);
    await readAll(new SharedListing(small.src), range(1, 80));
    expect(small.calls).toEqual(['page 1']);
  });

  it('2 reads on an account of 5,000 cost at most 3 requests', async () => {
    const { src, calls } = source(5_000);
    await readAll(new SharedListing(src), [4_999, 5_000]);
    expect(calls.sort()).toEqual(['get 4999', 'get 5000', 'page 1']);
  });

  it('200 reads of 500 cost the pages they need', async () => {
    const { src, calls } = source(500);
    const results = await readAll(new SharedListing(src), range(151, 350));
    expect(results.every((r) => !(r instanceof Error))).toBe(true);
    expect(calls).toEqual(['page 1', 'page 2', 'page 3', 'page 4']);
  });

  it('1,000 reads of 1,000 cost the 10 pages', async () => {
    const { src, calls } = source(1_000);
    await readAll(new SharedListing(src), range(1, 1_000));
    expect(calls).toEqual(range(1, 10).map((p) => `page ${p}`));
  });

  it('a profile the complete list lacks is confirmed by GET: 404 is NotFoundError, 200 is used', async () => {
    const { src, calls, records, hidden } = source(150);
    const listing = new SharedListing(src);
    records.splice(records.findIndex((r) => r.id === 20), 1); // deleted out of band
    records.push({ id: 999, name: 'created while the list was read' });
    hidden.add(999);
    const results = await readAll(listing, [...range(1, 150), 999]);
    expect(results[19]).toBeInstanceOf(NotFoundError);
    expect(results[150]).toMatchObject({ id: 999 });
    // 20 is confirmed as soon as the ordered list has passed it; 999 once the list is complete.
    expect(calls).toEqual(['page 1', 'get 20', 'page 2', 'get 999']);
  });

  it('the worst case, every read past the pages it pays for, costs about twice the GETs', async () => {
    for (const parallel of [1, 10]) {
      const { src, calls } = source(1_000);
      await readAll(new SharedListing(src), range(991, 1_000).reverse(), parallel);
      expect(calls.length).toBeLessThanOrEqual(2 * 10);
    }
  });

  it('a write makes the listing stale: the next reads list again', async () => {
    const { src, calls, records } = source(50);
    const listing = new SharedListing(src);
    await readAll(listing, [1, 2, 3]);
    records[1].name = 'renamed';
    listing.invalidate();
    const [, second] = await readAll(listing, [1, 2, 3]);
    expect(second).toMatchObject({ name: 'renamed' });
    expect(calls).toEqual(['page 1', 'page 1']);
  });

  it('a failing page makes the reads fall back to GET', async () => {
    const { src, calls, failNextPages } = source(300);
    failNextPages(1);
    const results = await readAll(new SharedListing(src), [1, 2, 3]);
    expect(results.map((r) => (r as Rec).id)).toEqual([1, 2, 3]);
    expect(calls).toEqual(['page 1', 'get 1', 'get 2', 'get 3']);
  });

  it('all() completes the shared listing, and reads after it cost nothing', async () => {
    const { src, calls } = source(250);
    const listing = new SharedListing(src);
    expect(await listing.all()).toHaveLength(250);
    await readAll(listing, [7, 250]);
    expect(calls).toEqual(['page 1', 'page 2', 'page 3']);
  });

  it('all() fails with the page error when a page fails', async () => {
    const { src, failNextPages } = source(250);
    failNextPages(1);
    await expect(new SharedListing(src).all()).rejects.toThrow('page failed');
  });

  it('a list that never ends stops at MAX_PAGES: all() fails with endless-list, reads fall back to GET', async () => {
    let pages = 0;
    const endless: SharedListingSource<Rec> = {
      perPage: 100,
      now: () => 0,
      path: '/x',
      url: (page) => `http://127.0.0.1/x?page=${page}`,
      async fetchPage(page) {
        pages++;
        return Array.from({ length: 100 }, (_, i) => ({ id: (page - 1) * 100 + i + 1, name: 'P' }));
      },
      async get(id) {
        return { id, name: 'by GET' };
      },
      async listAll() {
        throw new Error('not used');
      },
    };
    const listing = new SharedListing(endless);
    const error = await listing.all().catch((e: Error) => e);
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error).toMatchObject({ reason: 'endless-list' });
    expect((error as Error).message).toContain(`it has gone on for ${MAX_PAGES} pages of 100 without ending`);
    expect(pages).toBe(MAX_PAGES);
  });

  it('a listing past its deadline stops with endless-list', async () => {
    let now = 0;
    const slow: SharedListingSource<Rec> = {
      perPage: 100,
      now: () => now,
      path: '/x',
      url: (page) => `http://127.0.0.1/x?page=${page}`,
      async fetchPage(page) {
        now += 60_000; // a minute a page
        return Array.from({ length: 100 }, (_, i) => ({ id: (page - 1) * 100 + i + 1, name: 'P' }));
      },
      async get(id) {
        return { id, name: 'by GET' };
      },
      async listAll() {
        throw new Error('not used');
      },
    };
    const error = await new SharedListing(slow).all().catch((e: Error) => e);
    expect(error).toMatchObject({ reason: 'endless-list' });
    expect((error as Error).message).toContain(`minutes (the limit is ${LIST_DEADLINE_MS / 60_000})`);
  });
});
