// Acceptance: how many API requests the emulator receives for a real `terraform plan` (refresh)
// of many profiles, served from the shared listing (src/client/shared-listing.ts), and for create,
// update and delete. Counts are exact in the unit tests of the strategy (shared-listing.test.ts);
// here each case asserts the issue's bound, and the comments give the count the strategy makes.
// The one way scheduling can add to it: when the pages come faster than Terraform sends its next
// reads, a read that waits for pages beyond what the reads so far pay for falls back to one GET.
// The bounds leave room for that (WORKATO_TEST_SHOW_COUNTS=1 prints each count and its requests).
//
// Large states are written directly (Terraform's own v4 format, as `terraform apply` writes it)
// for profiles seeded in the emulator, so that the cases cost a plan each, not thousands of POSTs.
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Emulator, StoredProfile } from '../../src/emulator';
import { type Workspace, withWorkspace } from './harness';

const SECRET = 'count-secret-5e1d';
const TYPE = 'workato_custom_oauth_profile';

const providerBlock = (url: string): string => `provider "workato" {
  base_url            = "${url}"
  requests_per_minute = 1000000
}
`;

/** `count` profiles named "Managed <index>"; the state's instance `index` holds the profile of the same name. */
function config(count: number): string {
  return `
variable "secret" {
  type      = string
  sensitive = true
}
resource "${TYPE}" "p" {
  count         = ${count}
  name          = "Managed \${count.index}"
  provider_name = "hubspot"
  client_id     = "client-\${count.index}"
  client_secret = var.secret
}
`;
}

function seedOthers(ws: Workspace, n: number, tag: string): void {
  for (let i = 0; i < n; i++) {
    ws.emulator.seed({ name: `Other ${tag} ${i}`, provider: 'salesforce', client_id: `other-${tag}-${i}`, client_secret: 'x' });
  }
}

function seedManaged(ws: Workspace, n: number): StoredProfile[] {
  return Array.from({ length: n }, (_, i) =>
    ws.emulator.seed({ name: `Managed ${i}`, provider: 'hubspot', client_id: `client-${i}`, client_secret: SECRET }),
  );
}

/** Writes terraform.tfstate as `terraform apply` would have left it for these profiles. */
function writeState(ws: Workspace, managed: StoredProfile[]): void {
  const presence = Buffer.from(JSON.stringify({ writeOnly: { client_secret_wo: false, token_wo: false } })).toString('base64');
  const sensitive = ['client_secret', 'client_secret_wo', 'token', 'token_wo'].map((value) => [{ type: 'get_attr', value }]);
  const state = {
    version: 4,
    terraform_version: '1.11.4',
    serial: 1,
    lineage: randomUUID(),
    outputs: {},
    resources: [
      {
        mode: 'managed',
        type: TYPE,
        name: 'p',
        provider: 'provider["registry.terraform.io/workato-iac/workato"]',
        instances: managed.map((p, index) => ({
          index_key: index,
          schema_version: 0,
          attributes: {
            client_id: p.data.client_id,
            client_secret: SECRET,
            client_secret_wo: null,
            client_secret_wo_version: null,
            created_at: p.created_at,
            id: String(p.id),
            name: p.name,
            oem_customers_count: p.oem_customers_count,
            provider_name: p.provider,
            shared_accounts_count: p.shared_accounts_count,
            token: null,
            token_wo: null,
            token_wo_version: null,
            updated_at: p.updated_at,
            user_id: p.user_id,
          },
          sensitive_attributes: sensitive,
          private: presence,
        })),
      },
    ],
    check_results: null,
  };
  writeFileSync(join(ws.dir, 'terraform.tfstate'), JSON.stringify(state, null, 2));
}

const env = { TF_VAR_secret: SECRET };

/** Runs `terraform <args>` and returns its output and the requests the emulator received meanwhile. */
async function counted(ws: Workspace, args: string[]): Promise<{ output: string; requests: number; methods: string[] }> {
  const before = ws.emulator.requestCount();
  const seen = ws.emulator.requests.length;
  const result = await ws.tf(args, { env, timeoutMs: 120_000 });
  const requests = ws.emulator.requestCount() - before;
  return { output: result.output, requests, methods: ws.emulator.requests.slice(seen).map((r) => r.method) };
}

/** What a refresh case saw: the plan's output and request count, the profiles it manages, every request. */
interface RefreshResult {
  output: string;
  requests: number;
  managed: StoredProfile[];
  log: Emulator['requests'];
}

/**
 * A case's own workspace: `setup` seeds its emulator, the state is written for the profiles it
 * returns, and one plan is counted. Cheap whatever the size: no apply, only seeding and a file.
 */
function refreshCase(setup: (ws: Workspace) => StoredProfile[]): Promise<RefreshResult> {
  return withWorkspace(async (ws) => {
    const managed = setup(ws);
    ws.writeConfig(config(managed.length), { providerBlock: providerBlock(ws.emulator.url) });
    writeState(ws, managed);
    await ws.init();
    const plan = await counted(ws, ['plan', '-no-color', '-input=false', '-detailed-exitcode']);
    if (process.env.WORKATO_TEST_SHOW_COUNTS) process.stderr.write(`${expect.getState().currentTestName}: ${plan.requests} requests: ${ws.emulator.requests.slice(-plan.requests).map((r) => `${r.method} ${r.path.replace("/api/custom_oauth_profiles", "")}${r.query.page ? `?page=${r.query.page}` : ""}`).join(", ")}\n`);
    return { ...plan, managed, log: [...ws.emulator.requests] };
  });
}

// Each case has a workspace and emulator of its own (run one with -t).
describe('request counts of a refresh, served from the shared listing', () => {
  test('200 managed profiles of 500: at most 6 requests (today 200)', async () => {
    // Managed ones on pages 2 to 4: pages 1-4 (4 requests).
    const { output, requests } = await refreshCase((w) => {
      seedOthers(w, 150, 'a');
      const managed = seedManaged(w, 200);
      seedOthers(w, 150, 'b');
      return managed;
    });
    expect(output).toContain('No changes.');
    expect(requests).toBeLessThanOrEqual(6);
  });

  test('2 managed profiles of 5,000: at most 3 requests, not 50 pages', async () => {
    // Page 1 (the two reads pay for one page; they are not on it), then a GET /:id each.
    const { output, requests } = await refreshCase((w) => {
      seedOthers(w, 5_000, 'a');
      return seedManaged(w, 2);
    });
    expect(output).toContain('No changes.');
    expect(requests).toBe(3); // ids 5001 and 5002 are far past page 1: each read GETs, whatever the timing
  });

  test('1,000 managed profiles of 1,000: at most 11 requests (today 1,000)', async () => {
    // The 10 full pages; all 1,000 are found, so page 11 is not needed (10 requests, 11 when the
    // pages came faster than Terraform's reads once: see the file's comment).
    const { output, requests } = await refreshCase((w) => seedManaged(w, 1_000));
    expect(output).toContain('No changes.');
    expect(requests).toBeLessThanOrEqual(11);
  });

  test('200 managed, 1 deleted and 1 renamed out of band: drift found in at most 7 requests', async () => {
    // Pages 1 and 2 (99 left: the list is complete), and the GET /:id that confirms the deleted
    // one is gone (404): 3 requests.
    const { output, requests, managed, log } = await refreshCase((w) => {
      const m = seedManaged(w, 200);
      w.emulator.remove(m[49].id);
      w.emulator.modify(m[119].id, { name: 'Renamed in the Workato UI' });
      return m;
    });
    // Found as before: the deleted one is created again, the renamed one is renamed back.
    expect(output).toContain(`${TYPE}.p[49] will be created`);
    expect(output).toMatch(new RegExp(`${TYPE}\\.p\\[119\\] will be updated in-place[\\s\\S]*~ name\\s+= "Renamed in the Workato UI" -> "Managed 119"`));
    expect(output).toMatch(/Plan: 1 to add, 1 to change, 0 to destroy\./);
    expect(requests).toBeLessThanOrEqual(7);
    expect(requests).toBe(3); // every managed id is on page 1 or 2, so no read falls back to GET
    // The deleted profile was confirmed by GET /:id before it left the state.
    expect(log.some((r) => r.method === 'GET' && r.path.endsWith(`/${managed[49].id}`) && r.status === 404)).toBe(true);
  });
});

describe('request counts of writes', () => {
  test('create, update and delete cost 1 request each; an update plan keeps the counts known', () =>
    withWorkspace(async (ws) => {
      const one = (name: string): string => `
variable "secret" {
  type      = string
  sensitive = true
}
resource "${TYPE}" "one" {
  name          = "${name}"
  provider_name = "hubspot"
  client_id     = "client-one"
  client_secret = var.secret
}
output "shared" {
  value = ${TYPE}.one.shared_accounts_count
}
`;
      ws.writeConfig(one('First name'), { providerBlock: providerBlock(ws.emulator.url) });
      await ws.init();

      const create = await counted(ws, ['apply', '-auto-approve', '-no-color', '-input=false']);
      expect(create.methods).toEqual(['POST']);

      ws.writeConfig(one('Second name'), { providerBlock: providerBlock(ws.emulator.url) });
      const plan = await counted(ws, ['plan', '-no-color', '-input=false', '-out=update.tfplan']);
      expect(plan.methods).toEqual(['GET']); // the refresh: page 1 of the list holds the profile
      expect(plan.output).toMatch(/~ name\s+= "First name" -> "Second name"/);
      expect(plan.output).toMatch(/~ updated_at\s+= "[^"]+" -> \(known after apply\)/);
      expect(plan.output).not.toMatch(/(shared_accounts_count|oem_customers_count|user_id|created_at).*known after apply/);
      expect(plan.output).not.toMatch(/Changes to Outputs/); // the output on the count stays known
      const update = await counted(ws, ['apply', '-no-color', '-input=false', 'update.tfplan']);
      expect(update.methods).toEqual(['PUT']);

      const destroyPlan = await counted(ws, ['plan', '-destroy', '-refresh=false', '-no-color', '-input=false', '-out=destroy.tfplan']);
      expect(destroyPlan.requests).toBe(0);
      const destroy = await counted(ws, ['apply', '-no-color', '-input=false', 'destroy.tfplan']);
      expect(destroy.methods).toEqual(['DELETE']);
      expect(ws.emulator.profiles()).toEqual([]);
    }));
});
