// `npm run lint` can fail: ESLint rejects imports that break DESIGN.md's layers, and the type check
// covers every test file and reports a type error in one.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ESLint } from 'eslint';
import * as ts from 'typescript';
import * as tseslint from 'typescript-eslint';

const root = path.resolve(__dirname, '..');
// The config is passed in rather than found: ESLint loads config files with import(), which jest's
// module sandbox does not offer.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const repoConfig = require('../eslint.config.js') as Array<{ name?: string; rules?: object }>;
// The probes below are not files on disk, so the rules that need a type-checked program stay out.
const config = repoConfig.filter((c) => c.name !== 'workato/type-aware');
const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: config as never });

/** What the layer rule reports for `code` as if it were the file at `file` (repository-relative). */
async function lint(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  const fatal = result.messages.filter((m) => m.fatal);
  if (fatal.length > 0) throw new Error(fatal.map((m) => m.message).join('\n'));
  return result.messages.filter((m) => m.ruleId === 'architecture/layers').map((m) => m.message);
}

describe('npm run lint', () => {
  it('runs ESLint and the type check of the tests, and npm test runs it', () => {
    const scripts = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).scripts;
    expect(scripts.lint).toMatch(/\beslint\b/);
    expect(scripts.lint).toMatch(/\btsc -p tsconfig\.test\.json\b/);
    expect(scripts.test).toMatch(/npm run lint/);
  });
});

describe('the layers of the architecture', () => {
  it.each([
    ['src/plugin/probe.ts', "import { workatoProvider } from '../provider';", 'src/plugin knows nothing of Workato'],
    ['src/plugin/probe.test.ts', "import { WorkatoClient } from '../client/client';", 'src/plugin knows nothing of Workato'],
    ['src/plugin/deep/probe.ts', "export * from '../../emulator';", 'src/plugin knows nothing of Workato'],
    ['test/plugin/probe.ts', "const p = require('../../src/provider');", 'without Workato'],
    ['src/client/probe.ts', "import type { Diagnostics } from '../plugin/framework';", 'src/client knows nothing of Terraform'],
    ['src/client/probe.ts', "import { addApiError } from '../provider/api-diagnostics';", 'src/client knows nothing of Terraform'],
    ['src/client/probe.ts', "const cli = import('../cli/drift');", 'src/client knows nothing of Terraform'],
    ['src/emulator/probe.ts', "import { resolveBaseUrl } from '../client/config';", 'src/emulator imports nothing else from src/'],
    ['src/emulator/resources/probe.ts', "import { logger } from '../../plugin/log';", 'src/emulator imports nothing else from src/'],
    ['src/emulator/probe.ts', "import { workatoProvider } from '..';", 'src/emulator imports nothing else from src/'],
    ['src/provider/probe.ts', "import { decode } from '@msgpack/msgpack';", 'src/provider never sees protobuf'],
    ['src/provider/probe.ts', "import * as grpc from '@grpc/grpc-js';", 'src/provider never sees protobuf'],
    ['src/provider/probe.ts', "import { tfplugin6 } from '../plugin/wire';", 'src/provider never sees protobuf'],
    ['src/provider/probe.ts', "import { decodeMsgpack } from '../plugin/codec';", 'src/provider never sees protobuf'],
  ])('%s: %s is an error', async (file, code, rule) => {
    const messages = await lint(file, code);
    expect(messages).toEqual([expect.stringContaining(rule)]);
  });

  it.each([
    ['src/provider/probe.ts', "import { Diagnostics } from '../plugin/framework';\nimport { WorkatoError } from '../client/errors';"],
    ['src/provider/probe.ts', "import { logger } from '../plugin';"],
    ['src/client/probe.test.ts', "import { startEmulator } from '../emulator';"],
    ['src/emulator/resources/probe.ts', "import { Store } from '../store';\nimport * as http from 'node:http';"],
    ['src/cli/probe.ts', "import { serve } from '../plugin/server';\nimport { workatoProvider } from '../provider';"],
  ])('%s: what the layers allow passes', async (file, code) => {
    expect(await lint(file, code)).toEqual([]);
  });
});

describe('the rules that need types', () => {
  it('report a promise a test forgets to await', async () => {
    const typeAware = repoConfig.find((c) => c.name === 'workato/type-aware')!;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lint-probe-'));
    try {
      fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ extends: path.join(root, 'tsconfig.test.json'), compilerOptions: { rootDir: dir, typeRoots: [path.join(root, 'node_modules', '@types')] }, include: ['*.ts'] }));
      const file = path.join(dir, 'forgot.test.ts');
      const code = "it('rejects', async () => {\n  expect(Promise.reject(new Error('x'))).rejects.toThrow('x');\n});\n";
      fs.writeFileSync(file, code);
      const probe = new ESLint({
        cwd: dir,
        overrideConfigFile: true,
        overrideConfig: [
          {
            files: ['**/*.ts'],
            languageOptions: { parser: tseslint.parser, parserOptions: { project: ['./tsconfig.json'], tsconfigRootDir: dir } },
            plugins: { '@typescript-eslint': tseslint.plugin },
            rules: typeAware.rules,
          },
        ] as never,
      });
      const [result] = await probe.lintText(code, { filePath: file });
      expect(result.messages.map((m) => `${m.line}: ${m.ruleId}`)).toEqual(['2: @typescript-eslint/no-floating-promises']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the type check of the tests', () => {
  const configFile = path.join(root, 'tsconfig.test.json');
  const parsed = ts.getParsedCommandLineOfConfigFile(configFile, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(String(d.messageText)); } })!;

  it('covers every test file jest runs', () => {
    const covered = new Set(parsed.fileNames.map((f) => path.resolve(f)));
    const tests = ['src', 'test', 'examples'].flatMap((dir) =>
      (fs.readdirSync(path.join(root, dir), { recursive: true }) as string[])
        .filter((f) => f.endsWith('.test.ts') && !f.split(path.sep).some((part) => part === 'node_modules' || part === 'cdktf.out'))
        .map((f) => path.join(root, dir, f)),
    );
    expect(tests.length).toBeGreaterThan(20);
    expect(tests.filter((f) => !covered.has(f))).toEqual([]);
  });

  it('reports a type error in a test file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lint-probe-'));
    try {
      const bad = path.join(dir, 'bad.test.ts');
      fs.writeFileSync(bad, "it('adds', () => {\n  const n: number = 'one';\n  expect(n).toBe(1);\n});\n");
      const program = ts.createProgram([bad], { ...parsed.options, rootDir: undefined, typeRoots: [path.join(root, 'node_modules', '@types')] });
      const messages = ts.getPreEmitDiagnostics(program).map((d) => `${d.file ? path.basename(d.file.fileName) : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
      expect(messages).toEqual(["bad.test.ts: Type 'string' is not assignable to type 'number'."]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
