import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commandProblem } from './command-accepted.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const PACKAGE = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { engines: { node: string } };

/** The files the README's commands name, as a site would have them. */
const cwd = mkdtempSync(join(tmpdir(), 'netreq-readme-'));
writeFileSync(join(cwd, 'site.yaml'), 'products: [runai]\nroles: [installer]\nbcm: { headnodes: [bcm01] }\n');
writeFileSync(join(cwd, 'nodes.txt'), '10.0.0.12:k8s-node\n10.0.0.13\n');
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

/** Every command line of the README's sh blocks that runs netreq, however it is launched, as `netreq ...`. */
function readmeCommands(): string[] {
  const blocks = [...README.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
  return blocks
    .flatMap((block) => block.split('\n'))
    .map((line) => line.replace(/^#\s+/, '').replace(/\s+#.*$/, '').trim())
    .flatMap((line) => line.split(/\s*&&\s*/))
    .map((line) => line.replace(/\s*[|>].*$/, ''))
    .map((line) => line.replace(/^(sudo\s+)?(\/tmp\/netreq|node bin\/netreq\.js|node dist\/netreq\.mjs)(?=\s|$)/, 'netreq'))
    .filter((line) => /^netreq(\s|$)/.test(line));
}

describe('the README', () => {
  it('field-ready 19: every netreq command it shows is one netreq accepts as printed', () => {
    const commands = readmeCommands();
    expect(commands.length).toBeGreaterThan(10);
    const refused = commands.flatMap((line) => {
      const problem = commandProblem(line, cwd);
      return problem === undefined ? [] : [`${line}\n    -> ${problem.split('\n')[0] ?? ''}`];
    });
    expect(refused).toEqual([]);
  });

  it('field-ready 23: says how a clone runs netreq, and states the Node version once, as engines does', () => {
    const site = /## Using it on a site\n([\s\S]*?)\n## /.exec(README)?.[1] ?? '';
    expect(site).toContain('node bin/netreq.js');
    expect(site).toContain('npm link');
    const minimum = /^>=(\d+\.\d+\.\d+)$/.exec(PACKAGE.engines.node)?.[1];
    expect(minimum).toBeDefined();
    const statements = [...README.matchAll(/Node(?:\.js)? v?(\d+(?:\.\d+)*)/g)].map((m) => m[1]);
    expect(statements).toEqual([minimum]);
  });
});
