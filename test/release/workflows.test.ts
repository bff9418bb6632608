// The GitHub Actions workflows in .github/workflows can run: they parse, every `npm run X` (and
// `node FILE`) their steps run exists in this repository, the test matrix covers the Node.js and
// Terraform versions the README promises, and the release job attaches exactly the files that
// `npm run release` writes under the names the registries ingest (the public key excepted, which
// each registry is given once, not per release).
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { release, REPO_ROOT, VERSION } from './fixture';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  'runs-on': string;
  steps: Step[];
  permissions?: Record<string, string>;
  strategy?: { matrix: Record<string, unknown[]> };
}
interface Workflow {
  name: string;
  on: Record<string, unknown>;
  jobs: Record<string, Job>;
}

const WORKFLOWS = join(REPO_ROOT, '.github', 'workflows');
const scripts = Object.keys((JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts);
const load = (file: string) => parse(readFileSync(join(WORKFLOWS, file), 'utf8')) as Workflow;
const steps = (w: Workflow) => Object.values(w.jobs).flatMap((job) => job.steps);

/** The commands of a `run:` block, one per logical line (backslash continuations joined). */
function commands(run: string): string[] {
  return run
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
}

describe('the workflows', () => {
  const files = readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f)).sort();

  test('are test.yml and release.yml, and each parses into jobs with steps', () => {
    expect(files).toEqual(['release.yml', 'test.yml']);
    for (const file of files) {
      const w = load(file);
      expect({ file, name: typeof w.name, jobs: Object.keys(w.jobs ?? {}).length > 0 }).toEqual({ file, name: 'string', jobs: true });
      for (const [id, job] of Object.entries(w.jobs)) {
        expect({ file, id, runsOn: typeof job['runs-on'], steps: Array.isArray(job.steps) && job.steps.length > 0 }).toEqual({ file, id, runsOn: 'string', steps: true });
        for (const step of job.steps) expect({ file, id, step: step.name ?? step.run ?? step.uses, kind: Boolean(step.run) !== Boolean(step.uses) }).toMatchObject({ kind: true });
      }
    }
  });

  test('every `npm run X` names a script in package.json, every `node FILE` a file in the repository', () => {
    const missing: string[] = [];
    let npmRuns = 0;
    for (const file of files) {
      for (const step of steps(load(file))) {
        for (const command of commands(step.run ?? '')) {
          for (const m of command.matchAll(/\bnpm run(?:-script)?\s+(?:--?\S+\s+)*([\w:.-]+)/g)) {
            npmRuns++;
            if (!scripts.includes(m[1])) missing.push(`${file}: npm run ${m[1]}`);
          }
          if (/\bnpm (test|t)\b/.test(command) && !scripts.includes('test')) missing.push(`${file}: npm test`);
          for (const m of command.matchAll(/\bnode\s+((?:scripts|lib)\/\S+)/g)) if (!existsSync(join(REPO_ROOT, m[1]))) missing.push(`${file}: node ${m[1]}`);
        }
      }
    }
    expect(missing).toEqual([]);
    expect(npmRuns).toBeGreaterThan(0);
  });

  test('test.yml runs npm test on Node.js 20, 22 and 24 with Terraform 1.11 and the newest, without the output-rewriting wrapper', () => {
    const w = load('test.yml');
    expect(Object.keys(w.on).sort()).toEqual(['pull_request', 'push']);
    const job = w.jobs.test;
    expect(job.strategy?.matrix.node).toEqual(['20', '22', '24']);
    expect(job.strategy?.matrix.terraform).toEqual(['1.11.4', 'latest']);
    const uses = (action: string) => job.steps.find((s) => s.uses?.startsWith(`${action}@`));
    expect(uses('actions/setup-node')?.with?.['node-version']).toBe('${{ matrix.node }}');
    expect(uses('hashicorp/setup-terraform')?.with).toMatchObject({ terraform_version: '${{ matrix.terraform }}', terraform_wrapper: false });
    const runs = job.steps.flatMap((s) => commands(s.run ?? ''));
    expect(runs).toEqual(['npm ci', 'npm test']);
  });

  test('release.yml runs on v* tags, signs with the imported key, publishes the three tarballs with provenance', () => {
    const w = load('release.yml');
    expect(w.on).toEqual({ push: { tags: ['v*'] } });
    const job = w.jobs.release;
    expect(job.permissions).toEqual({ contents: 'write', 'id-token': 'write' });
    const release = job.steps.find((s) => s.run?.trim() === 'npm run release');
    expect(release?.env?.RELEASE_GPG_KEY).toBe('${{ steps.gpg.outputs.fingerprint }}');
    const gpg = job.steps.find((s) => s.uses?.startsWith('crazy-max/ghaction-import-gpg@'));
    expect(gpg).toMatchObject({ id: 'gpg', with: { gpg_private_key: '${{ secrets.RELEASE_GPG_PRIVATE_KEY }}' } });
    const order = job.steps.map((s) => s.run?.trim() ?? s.uses ?? '');
    expect(order.indexOf('npm run release')).toBeLessThan(order.findIndex((r) => r.startsWith('V=') && r.includes('gh release create')));
    const publish = job.steps.find((s) => s.run?.includes('npm publish'));
    expect(publish?.run).toContain('--provenance');
    expect(publish?.run).toMatch(/for package in terraform-provider-workato cdktf-provider-workato cdktn-provider-workato; do/);
    expect(publish?.run).toContain('"dist/packages/$package-$V.tgz"');
    expect(order.indexOf('npm run pack')).toBeLessThan(order.indexOf(publish!.run!.trim()));
  });

  test("the GitHub release's assets are exactly what npm run release writes, less the public key", async () => {
    const job = load('release.yml').jobs.release;
    const create = job.steps.find((s) => s.run?.includes('gh release create'));
    const command = commands(create!.run!).find((c) => c.startsWith('gh release create'))!;
    const assets = [...command.matchAll(/"(terraform-provider-workato_\$\{V\}_[^"]+)"/g)].map((m) => m[1].replace('${V}', VERSION));
    expect(commands(create!.run!)).toEqual(['V="${GITHUB_REF_NAME#v}"', 'cd "release/$V"', command]);
    const written = readdirSync(await release()).filter((f) => f !== 'signing-key.asc');
    expect(assets.sort()).toEqual(written.sort());
    expect(assets).toContain(`terraform-provider-workato_${VERSION}_manifest.json`);
  }, 900_000);
});
