// The fixture of the CustomOAuthProfile cases (custom-oauth-profile.test-helpers.ts): one library
// with its bindings (a Flavour), and the stacks, synthesis and output directories the cases share.
// Typed with cdktf's declarations: cdktn has the same API.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as cdktf from 'cdktf';
import type { App, TerraformStack } from 'cdktf';
import 'cdktf/lib/testing/adapters/jest'; // the types of Testing.setupJest()'s matchers
import type * as generated from '../generated';
import type { CustomOAuthProfile as CdktfCustomOAuthProfile } from './custom-oauth-profile';

/** One library with its generated bindings and its CustomOAuthProfile. */
export interface Flavour {
  readonly library: 'cdktf' | 'cdktn';
  readonly cdk: typeof cdktf;
  readonly generated: {
    readonly CustomOauthProfile: typeof generated.customOauthProfile.CustomOauthProfile;
    readonly DataWorkatoCustomOauthProfile: typeof generated.dataWorkatoCustomOauthProfile.DataWorkatoCustomOauthProfile;
    readonly WorkatoProvider: typeof generated.provider.WorkatoProvider;
  };
  readonly CustomOAuthProfile: typeof CdktfCustomOAuthProfile;
  /**
   * The apps' context. cdktn refuses write-only attributes unless the app targets Terraform >= 1.11
   * (`targetVersions`, which cdktn-cli takes from cdktf.json).
   */
  readonly context: Record<string, unknown>;
  /** The package's version: the WorkatoProvider pins required_providers to it. */
  readonly providerVersion: string;
}

export type Json = Record<string, any>;

/** What every group of cases uses: the flavour, and stacks and synthesis in a temp dir of its own. */
export interface Fixture {
  readonly flavour: Flavour;
  /** A new output directory below the fixture's temp dir, removed after all the cases. */
  newOutdir(): string;
  /** A stack `test` with a WorkatoProvider, in a testing app by default. */
  newStack(app?: App): TerraformStack;
  /** A sensitive string variable's value (a token). */
  sensitiveVariable(stack: TerraformStack, name: string): string;
  synthJson(stack: TerraformStack): Json;
  /** Every file under `dir`, read as text. */
  readTree(dir: string): string;
}

/** Sets up Jest's matchers and a temp dir for `flavour` (call it inside a describe or at the top). */
export function fixture(flavour: Flavour): Fixture {
  const { TerraformStack, TerraformVariable, Testing } = flavour.cdk;
  const { WorkatoProvider } = flavour.generated;
  const { context } = flavour;

  Testing.setupJest();

  // Testing.app() and fullSynth() would each leave a directory in the system's temp dir.
  const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), `workato-${flavour.library}-test-`));
  afterAll(() => fs.rmSync(tmpRoot, { recursive: true, force: true }));
  const newOutdir = () => fs.mkdtempSync(path.join(tmpRoot, 'out-'));

  return {
    flavour,
    newOutdir,
    newStack(app: App = Testing.app({ outdir: newOutdir(), context })): TerraformStack {
      const stack = new TerraformStack(app, 'test');
      new WorkatoProvider(stack, 'workato');
      return stack;
    },
    sensitiveVariable(stack, name) {
      return new TerraformVariable(stack, name, { type: 'string', sensitive: true }).stringValue;
    },
    synthJson(stack) {
      return JSON.parse(Testing.synth(stack, true)) as Json;
    },
    readTree(dir) {
      return fs
        .readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8'))
        .join('\n');
    },
  };
}
