// Acceptance: what the provider believes of Workato's answers (DESIGN "What the provider believes
// of Workato's answers"), with the real terraform CLI against a hostile front on 127.0.0.1 that
// passes requests to the emulator and rewrites its answers:
// - a create whose 2xx answer lacks fields, or is HTML, is still tracked: 2 applies leave 1
//   profile in Workato and 1 in state, and the first says which id it recorded;
// - a read answered with another profile's id fails the plan and leaves the state as it was;
// - a list whose pages never end fails the plan with a clear error;
// - a 5 MB message gives a short diagnostic, and no form of the token or secret shows anywhere.
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { API_TOKEN, expr, profileResource, providerBlock, sensitiveVariable, withWorkspace, type Workspace } from './harness';

const SECRET = 'hostile-front-client-secret-5c1d';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}
type Rewrite = (req: { method: string; url: string; body: Buffer }, upstream: () => Promise<Answer>) => Promise<Answer>;

/** A front that sends each request on to `target` and lets `rewrite` change (or replace) the answer. */
async function front(target: string, rewrite: Rewrite): Promise<{ url: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const forward = (method: string, url: string, headers: http.IncomingHttpHeaders, body: Buffer) =>
    new Promise<Answer>((resolve, reject) => {
      const out = http.request(`${target}${url}`, { method, headers: { ...headers, host: new URL(target).host } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
      });
      out.on('error', reject);
      out.end(body);
    });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const method = req.method ?? 'GET';
      const url = req.url ?? '/';
      const body = Buffer.concat(chunks);
      requests.push(`${method} ${url}`);
      rewrite({ method, url, body }, () => forward(method, url, req.headers, body)).then(
        (answer) => {
          const headers = { ...answer.headers };
          delete headers['content-length'];
          delete headers['transfer-encoding'];
          res.writeHead(answer.status, { ...headers, 'content-length': String(answer.body.length) });
          res.end(answer.body);
        },
        () => res.destroy(),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const json = (answer: Answer) => JSON.parse(answer.body.toString('utf8')) as { result: Record<string, unknown> | Array<Record<string, unknown>> };
const withJson = (answer: Answer, value: unknown): Answer => ({ ...answer, headers: { ...answer.headers, 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify(value)) });
const isCreate = (req: { method: string; url: string }) => req.method === 'POST' && req.url.startsWith('/api/custom_oauth_profiles');

/** main.tf with one HubSpot profile whose secret comes from a sensitive variable, through `url`. */
function writeProfile(ws: Workspace, url: string): void {
  ws.writeConfig(
    `${sensitiveVariable('secret')}${profileResource('hubspot', { name: 'Acme HubSpot', provider_name: 'hubspot', client_id: 'acme-hubspot', client_secret: expr('var.secret') })}`,
    { providerBlock: providerBlock(url, { requests_per_minute: 1000000, max_retries: 1 }) },
  );
}
const env = { TF_VAR_secret: SECRET };
/** Terraform wraps diagnostics at 78 columns: compare text with its whitespace collapsed. */
const flat = (text: string) => text.replace(/\s+/g, ' ');

function managedIds(ws: Workspace): string[] {
  return ws.state().resources.filter((r) => r.mode === 'managed').flatMap((r) => r.instances.map((i) => String(i.attributes.id)));
}

describe("a create whose success answer can't be fully read is tracked, never made twice", () => {
  test.each([
    [
      'an answer without name, user_id, oem_customers_count and created_at',
      (answer: Answer) => {
        const { result } = json(answer) as { result: Record<string, unknown> };
        for (const field of ['name', 'user_id', 'oem_customers_count', 'created_at']) delete result[field];
        return withJson(answer, { result });
      },
    ],
    ['an HTML page', (answer: Answer): Answer => ({ status: 200, headers: { 'content-type': 'text/html', date: answer.headers.date }, body: Buffer.from('<html><body>OK</body></html>') })],
  ])('2 applies against a front that answers a committed POST with %s: 1 profile in Workato, 1 in state', (_what, rewriteCreate) =>
    withWorkspace(async (ws) => {
      const hostile = await front(ws.emulator.url, async (req, upstream) => {
        const answer = await upstream();
        return isCreate(req) && answer.status >= 200 && answer.status < 300 ? rewriteCreate(answer) : answer;
      });
      try {
        writeProfile(ws, hostile.url);
        await ws.init();
        const first = await ws.tf(['apply', '-auto-approve', '-no-color'], { env });
        const profiles = ws.emulator.profiles();
        expect(profiles).toHaveLength(1);
        const id = String(profiles[0].id);
        expect(flat(first.output)).toContain(`Workato created profile ${id}, but its answer could not be fully read`);
        expect(managedIds(ws)).toEqual([id]);

        const second = await ws.tf(['apply', '-auto-approve', '-no-color'], { env });
        expect(second.output).toContain('No changes.');
        expect(ws.emulator.profiles()).toHaveLength(1);
        expect(managedIds(ws)).toEqual([id]);
        expect(hostile.requests.filter((r) => r.startsWith('POST'))).toHaveLength(1);
        // The next refresh read the attributes the answer lacked.
        const attributes = ws.state().resources[0].instances[0].attributes;
        expect(attributes).toMatchObject({ name: 'Acme HubSpot', user_id: profiles[0].user_id, created_at: profiles[0].created_at });
      } finally {
        await hostile.close();
      }
    }),
  );

  test('counts and timestamps left out or null are no error at all', () =>
    withWorkspace(async (ws) => {
      const hostile = await front(ws.emulator.url, async (req, upstream) => {
        const answer = await upstream();
        if (answer.status !== 200 && answer.status !== 201) return answer;
        const body = json(answer);
        const strip = (p: Record<string, unknown>) => ({ ...p, shared_accounts_count: null, oem_customers_count: undefined, updated_at: null });
        return withJson(answer, { result: Array.isArray(body.result) ? body.result.map(strip) : strip(body.result) });
      });
      try {
        writeProfile(ws, hostile.url);
        await ws.init();
        const apply = await ws.tf(['apply', '-auto-approve', '-no-color'], { env });
        expect(apply.output).not.toContain('Warning');
        expect(ws.state().resources[0].instances[0].attributes).toMatchObject({ shared_accounts_count: null, oem_customers_count: null, updated_at: null });
        const plan = await ws.tf(['plan', '-detailed-exitcode', '-no-color'], { env });
        expect(plan.code).toBe(0);
      } finally {
        await hostile.close();
      }
    }),
  );
});

describe('an answer about another profile is not believed', () => {
  test('a read answered with another id fails the plan, and the state is unchanged', () =>
    withWorkspace(async (ws) => {
      let lie = false;
      const hostile = await front(ws.emulator.url, async (req, upstream) => {
        const answer = await upstream();
        if (!lie || req.method !== 'GET' || answer.status !== 200) return answer;
        // Profile N is shown as N + 1000: on the list (so the read asks GET /N) and by GET /N.
        const body = json(answer);
        const shift = (p: Record<string, unknown>) => ({ ...p, id: (p.id as number) + 1000 });
        return withJson(answer, { result: Array.isArray(body.result) ? body.result.map(shift) : shift(body.result) });
      });
      try {
        writeProfile(ws, hostile.url);
        await ws.init();
        await ws.tf(['apply', '-auto-approve', '-no-color'], { env });
        const id = managedIds(ws)[0];
        const before = ws.stateText();
        lie = true;
        const plan = await ws.tf(['plan', '-no-color'], { env, allowFailure: true });
        expect(plan.code).toBe(1);
        expect(flat(plan.output)).toContain(`asked about profile ${id}, the answer is about profile ${Number(id) + 1000}`);
        const refresh = await ws.tf(['apply', '-refresh-only', '-auto-approve', '-no-color'], { env, allowFailure: true });
        expect(refresh.code).toBe(1);
        expect(ws.stateText()).toBe(before);
        expect(hostile.requests.filter((r) => r.startsWith('PUT'))).toEqual([]);
      } finally {
        await hostile.close();
      }
    }),
  );
});

test('a list whose pages never end fails the plan with a clear error', () =>
  withWorkspace(async (ws) => {
    let pages = 0;
    const hostile = await front(ws.emulator.url, async (req, upstream) => {
      const answer = await upstream();
      const page = /[?&]page=(\d+)/.exec(req.url);
      if (req.method !== 'GET' || !page) return answer;
      pages++;
      const first = (Number(page[1]) - 1) * 100 + 1;
      const result = Array.from({ length: 100 }, (_, i) => ({
        id: first + i,
        user_id: 1,
        name: `Endless ${first + i}`,
        provider: 'hubspot',
        data: { client_id: 'c' },
        shared_accounts_count: 0,
        oem_customers_count: 0,
        created_at: '2026-01-01T00:00:00.000Z',
        updated_at: '2026-01-01T00:00:00.000Z',
      }));
      return withJson(answer, { result });
    });
    try {
      ws.writeConfig('data "workato_custom_oauth_profiles" "all" {}\n', { providerBlock: providerBlock(hostile.url, { requests_per_minute: 1000000 }) });
      await ws.init();
      const plan = await ws.tf(['plan', '-no-color'], { allowFailure: true, timeoutMs: 120_000 });
      expect(plan.code).toBe(1);
      expect(flat(plan.output)).toContain('the list does not end: it has gone on for 100 pages of 100 without ending');
      expect(pages).toBe(100);
    } finally {
      await hostile.close();
    }
  }),
);

test('a 5 MB message makes a diagnostic under 4 KB, and no form of the token or secret appears in output or TRACE log', () =>
  withWorkspace(async (ws) => {
    const echo = [API_TOKEN, SECRET]
      .flatMap((s) => [s, Buffer.from(s).toString('base64'), Buffer.from(`user:${s}`).toString('base64'), Buffer.from(s).toString('base64url'), encodeURIComponent(s)])
      .join(' ');
    const hostile = await front(ws.emulator.url, async (req, upstream) => {
      if (!isCreate(req)) return upstream();
      return { status: 422, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify({ message: `${echo} ${'x'.repeat(5 * 1024 * 1024)}`, errors: { name: [echo] } })) };
    });
    try {
      writeProfile(ws, hostile.url);
      await ws.init();
      const logFile = join(ws.dir, 'trace.log');
      const apply = await ws.tf(['apply', '-auto-approve', '-no-color'], { env: { ...env, TF_LOG: 'TRACE', TF_LOG_PATH: logFile }, allowFailure: true });
      expect(apply.code).toBe(1);
      const diagnostic = apply.stderr.slice(apply.stderr.indexOf('Error:'));
      expect(diagnostic).toContain('Could not create the custom OAuth profile');
      expect(Buffer.byteLength(diagnostic)).toBeLessThan(4096);
      const log = readFileSync(logFile, 'utf8');
      for (const s of [API_TOKEN, SECRET]) {
        for (const form of [s, Buffer.from(s).toString('base64').slice(4, 24), Buffer.from(s).toString('base64url').slice(4, 24), encodeURIComponent(s)]) {
          expect(apply.output).not.toContain(form);
          expect(log).not.toContain(form);
        }
      }
      expect(ws.emulator.profiles()).toEqual([]);
    } finally {
      await hostile.close();
    }
  }),
);

test("a refresh whose error echoes the state's secret, plain or encoded, shows none of it", () =>
  withWorkspace(async (ws) => {
    let echo = false;
    const forms = [SECRET, Buffer.from(SECRET).toString('base64'), Buffer.from(`x:${SECRET}`).toString('base64'), encodeURIComponent(SECRET)];
    const hostile = await front(ws.emulator.url, async (req, upstream) => {
      if (!echo || req.method !== 'GET') return upstream();
      return { status: 500, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify({ message: `internal error for ${forms.join(' ')}` })) };
    });
    try {
      writeProfile(ws, hostile.url);
      await ws.init();
      await ws.tf(['apply', '-auto-approve', '-no-color'], { env });
      echo = true;
      const logFile = join(ws.dir, 'trace.log');
      // The plan reads the secret from the state only (no TF_VAR): the provider learns it there.
      const plan = await ws.tf(['plan', '-refresh-only', '-no-color', '-var', 'secret=unused'], { env: { TF_LOG: 'TRACE', TF_LOG_PATH: logFile }, allowFailure: true });
      expect(plan.code).toBe(1);
      expect(flat(plan.output)).toContain('internal error for [REDACTED]');
      const log = readFileSync(logFile, 'utf8');
      for (const form of [SECRET, Buffer.from(SECRET).toString('base64').slice(4, 24), encodeURIComponent(SECRET)]) {
        expect(plan.output).not.toContain(form);
        expect(log).not.toContain(form);
      }
    } finally {
      await hostile.close();
    }
  }),
);
