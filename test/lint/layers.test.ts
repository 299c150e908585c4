import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: root });

/** The rules that fire on `code` as if it were the file at `path` (relative to the project). */
async function rulesFiring(path: string, code: string): Promise<(string | null)[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}${path}` });
  return (result?.messages ?? []).map((message) => message.ruleId);
}

describe('one-engine 7: the layers of DESIGN.md are lint rules', () => {
  it.each([
    ['src/probes/new-probe.ts', "import { Box } from 'ink';\nexport const box = Box;\n"],
    ['src/diagnose/new-judge.ts', "import { createElement } from 'react';\nexport const make = createElement;\n"],
    ['src/net/new-socket.ts', "import { render } from 'ink-testing-library';\nexport const r = render;\n"],
    ['src/cli/new-command.ts', "import { render } from 'ink';\nexport const r = render;\n"],
  ])('%s may not import ink or react', async (path, code) => {
    expect(await rulesFiring(path, code)).toEqual(['no-restricted-imports']);
  });

  it('only src/net and src/sim touch sockets', async () => {
    expect(await rulesFiring('src/probes/raw.ts', "import { connect } from 'node:net';\nexport const c = connect;\n")).toEqual(['no-restricted-imports']);
    expect(await rulesFiring('src/diagnose/raw.ts', "import { request } from 'undici';\nexport const r = request;\n")).toEqual(['no-restricted-imports']);
    expect(await rulesFiring('src/net/raw.ts', "import { connect } from 'node:net';\nexport const c = connect;\n")).toEqual([]);
  });

  it('another folder is imported only through its index.ts', async () => {
    const deep = "import { run } from '../diagnose/runner.js';\nexport const r = run;\n";
    expect(await rulesFiring('src/ui/new-screen.ts', deep)).toEqual(['layers/folder-imports']);
    // A file with listed exceptions gets no new ones.
    expect(await rulesFiring('src/ui/run-state.ts', deep)).toEqual(['layers/folder-imports']);
    expect(await rulesFiring('src/ui/components/NewRow.tsx', "export * from '../../net/deadline.js';\n")).toEqual(['layers/folder-imports']);
    expect(await rulesFiring('src/ui/new-screen.ts', "export const load = () => import('../diagnose/plan.js');\n")).toEqual(['layers/folder-imports']);
    // Through the index, and within a folder, is fine.
    expect(await rulesFiring('src/ui/new-screen.ts', "import { run } from '../diagnose/index.js';\nimport { Box } from 'ink';\nimport { paint } from './status-style.js';\nexport const all = [run, Box, paint];\n")).toEqual([]);
  });

  it('imports point downwards: cli -> ui -> diagnose -> probes -> net; data imports only data', async () => {
    expect(await rulesFiring('src/probes/new-probe.ts', "import { run } from '../diagnose/index.js';\nexport const r = run;\n")).toEqual(['layers/folder-imports']);
    expect(await rulesFiring('src/net/new-socket.ts', "import { probeTcp } from '../probes/index.js';\nexport const p = probeTcp;\n")).toEqual(['layers/folder-imports']);
    expect(await rulesFiring('src/catalog/new-rule.ts', "import { plan } from '../diagnose/index.js';\nexport const p = plan;\n")).toEqual(['layers/folder-imports']);
    expect(await rulesFiring('src/append.ts', "import { plan } from './diagnose/index.js';\nexport const p = plan;\n")).toEqual(['layers/folder-imports']);
    expect(await rulesFiring('src/diagnose/new-judge.ts', "import { probeTcp } from '../probes/index.js';\nimport { select } from '../catalog/index.js';\nexport const all = [probeTcp, select];\n")).toEqual([]);
  });
});

describe('one-engine 7: the formatter keeps the style the code is written in', () => {
  it('reports and fixes what departs from it', async () => {
    const code = 'export const greet = (name: string) => {\n\n  return "hello " + name\n}\n\n';
    expect(await rulesFiring('src/report/new-text.ts', code)).toEqual(
      expect.arrayContaining(['@stylistic/padded-blocks', '@stylistic/quotes', '@stylistic/semi', '@stylistic/no-multiple-empty-lines']),
    );
    const fixer = new ESLint({ cwd: root, fix: true });
    const [fixed] = await fixer.lintText(code, { filePath: `${root}src/report/new-text.ts` });
    expect(fixed?.output).toBe("export const greet = (name: string) => {\n  return 'hello ' + name;\n};\n");
    expect(await rulesFiring('src/report/new-text.ts', fixed?.output ?? '')).toEqual([]);
  });
});

describe('one-engine 7: a new folder is placed in the layers before it is imported', () => {
  it('names the table to add it to', async () => {
    const [result] = await eslint.lintText("import { gadget } from '../gadgets/index.js';\nexport const g = gadget;\n", { filePath: `${root}src/cli/new-command.ts` });
    expect(result?.messages.map((message) => message.message)).toEqual([expect.stringMatching(/'src\/gadgets' has no place in the layers yet: add it to LAYERS in eslint\/folder-imports\.js/)]);
  });
});
