// An HTTP proxy in front of the emulator (as `base_url`) that holds the requests a test picks: a held
// request never gets an answer, so only the client giving up on it (an aborted request: its
// connection closes) ends it. The proxy tells when one was held and when one was abandoned.

import * as http from 'node:http';
import type * as net from 'node:net';

export interface HoldingProxy {
  url: string;
  /** Path and query of every request that reached the proxy, in order. */
  seen: string[];
  /** Resolves once `n` requests are held. */
  held(n?: number): Promise<void>;
  /** Resolves once `n` held requests were abandoned by the client (their connection closed). */
  abandoned(n?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startHoldingProxy(target: string, hold: (pathAndQuery: string) => boolean): Promise<HoldingProxy> {
  const seen: string[] = [];
  let held = 0;
  let abandoned = 0;
  const waiters: Array<{ kind: 'held' | 'abandoned'; n: number; resolve: () => void }> = [];
  const wake = () => {
    for (const w of waiters.filter((x) => (x.kind === 'held' ? held : abandoned) >= x.n)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  };
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    seen.push(url);
    if (hold(url)) {
      held++;
      res.on('close', () => {
        abandoned++;
        wake();
      });
      wake();
      return;
    }
    const upstream = http.request(new URL(url, target), { method: req.method, headers: { ...req.headers, host: new URL(target).host }, agent: false }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const waitFor = (kind: 'held' | 'abandoned', n: number) =>
    (kind === 'held' ? held : abandoned) >= n ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ kind, n, resolve }));
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    held: (n = 1) => waitFor('held', n),
    abandoned: (n = 1) => waitFor('abandoned', n),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
