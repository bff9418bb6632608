// listAll's bounds: a list whose pages never end, or that takes longer than the deadline, stops
// with an 'endless-list' error; a repeating list with 'no-pagination'; memory stays bounded.

import { UnexpectedResponseError } from './errors';
import { LIST_DEADLINE_MS, listAll, MAX_PAGES, MAX_PER_PAGE } from './paging';

const meta = { receivedAt: 0 };
const freshPage = (page: number) => Array.from({ length: MAX_PER_PAGE }, (_, i) => ({ id: (page - 1) * MAX_PER_PAGE + i + 1 }));

describe('listAll', () => {
  it(`stops a list of fresh pages that never ends after ${MAX_PAGES} pages`, async () => {
    let fetched = 0;
    const error = await listAll(
      async (page) => {
        fetched++;
        return { items: freshPage(page), meta };
      },
      { path: '/api/custom_oauth_profiles', url: (page) => `https://w.example/api/custom_oauth_profiles?page=${page}` },
    ).catch((e: Error) => e);
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error).toMatchObject({ reason: 'endless-list', url: `https://w.example/api/custom_oauth_profiles?page=${MAX_PAGES + 1}` });
    expect((error as Error).message).toContain(`the list does not end: it has gone on for ${MAX_PAGES} pages of 100 without ending, more than a Workato account holds`);
    expect(fetched).toBe(MAX_PAGES);
  });

  it('stops at the deadline, measured on the clock it is given', async () => {
    let now = 1_000;
    let fetched = 0;
    const error = await listAll(
      async (page) => {
        fetched++;
        now += 30_000;
        return { items: freshPage(page), meta };
      },
      { path: '/p', now: () => now },
    ).catch((e: Error) => e);
    expect(error).toMatchObject({ reason: 'endless-list' });
    expect(fetched).toBe(LIST_DEADLINE_MS / 30_000 + 1);
  });

  it('a page of ids seen before is still no-pagination, and a short page ends the walk', async () => {
    const repeat = await listAll(async () => ({ items: freshPage(1), meta }), { path: '/p' }).catch((e: Error) => e);
    expect(repeat).toMatchObject({ reason: 'no-pagination' });
    const { items } = await listAll(async (page) => ({ items: page < 3 ? freshPage(page) : [{ id: 201 }], meta }), { path: '/p' });
    expect(items).toHaveLength(201);
  });
});
