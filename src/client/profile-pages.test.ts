// client.profilePages: the listing streamed page by page, one request of 100 per page, fetched only
// as the caller asks, so a caller that stops early (or aborts) sends no further request.

import { CancelledError, UnexpectedResponseError } from './index';
import { caught, cleanup, clientOf, reply, start, startHoldingProxy, startProxy } from './client.test-helpers';
import type { Emulator } from '../emulator';

afterEach(cleanup);

function seed(emu: Emulator, n: number): void {
  for (let i = 1; i <= n; i++) emu.seed({ name: `P${i}`, provider: 'hubspot', client_id: `c${i}`, client_secret: `s${i}` });
}

describe('profilePages', () => {
  it.each([
    [0, [0]],
    [100, [100, 0]],
    [250, [100, 100, 50]],
  ])('walks %i profiles in pages of 100, one request each', async (n, sizes) => {
    const emu = await start();
    seed(emu, n);
    const pages: number[] = [];
    for await (const page of clientOf(emu).profilePages()) pages.push(page.length);
    expect(pages).toEqual(sizes);
    expect(emu.requests.map((r) => r.query)).toEqual(sizes.map((_, i) => ({ page: String(i + 1), per_page: '100' })));
  });

  it('fetches a page only when the caller asks for it: stopping after page 1 costs 1 request', async () => {
    const emu = await start();
    seed(emu, 250);
    const pages = clientOf(emu).profilePages();
    const first = await pages.next();
    expect(first.value).toHaveLength(100);
    expect(emu.requestCount()).toBe(1); // page 2 is not fetched ahead
    await pages.return();
    expect(emu.requestCount()).toBe(1);

    let seen = 0;
    for await (const page of clientOf(emu).profilePages()) {
      seen += page.length;
      if (seen >= 150) break;
    }
    expect(emu.requestCount()).toBe(1 + 2);
  });

  it('aborts the page in flight when the signal is aborted, and asks for no other', async () => {
    const emu = await start();
    seed(emu, 250);
    const proxy = await startHoldingProxy(emu.url, (req) => req.url.includes('page=2'));
    const controller = new AbortController();
    const pages = clientOf(emu, { baseUrl: proxy.url }).profilePages({ signal: controller.signal });
    expect((await pages.next()).value).toHaveLength(100);
    const second = pages.next();
    await proxy.held(1);
    controller.abort();
    expect(await caught(second)).toBeInstanceOf(CancelledError);
    expect(await pages.next()).toEqual({ done: true, value: undefined });
    expect(proxy.arrivals.map((r) => r.url)).toEqual(['/api/custom_oauth_profiles?page=2&per_page=100']);
    expect(emu.requests.map((r) => r.query.page)).toEqual(['1']);
  });

  it('ends with an error on a server that ignores `page`, after the first page', async () => {
    const emu = await start();
    seed(emu, 100);
    const proxy = await startProxy(emu.url, async (req, res, pass) => reply(res, await pass({ ...req, url: req.url.replace(/page=\d+/, 'page=1') })));
    const sizes: number[] = [];
    const error = await caught(
      (async () => {
        for await (const page of clientOf(emu, { baseUrl: proxy.url }).profilePages()) sizes.push(page.length);
      })(),
    );
    expect(sizes).toEqual([100]);
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error).toMatchObject({ reason: 'no-pagination' });
  });
});
