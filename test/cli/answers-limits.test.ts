// Hostile answers files, each through the real process: exit 2 naming the file and the limit,
// never a stack trace, never unbounded memory or a read that does not end.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/netreq.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'netreq-answers-limits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SITE = 'products: [runai]\nroles: [installer]\n';

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** `netreq rules --answers PATH` (the loader `check` and the wizard use; no network) as a process, killed after 60 s at most (a bound, not an assertion). */
function answersRun(path: string, command = 'rules'): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, command, '--answers', path], { cwd: dir, env: { PATH: process.env['PATH'] ?? '' }, timeout: 60_000, maxBuffer: 1024 * 1024 }, (_error, _stdout, stderr) =>
      resolve({ code: _error ? (typeof _error.code === 'number' ? _error.code : null) : 0, stderr }),
    );
  });
}

function billionLaughs(): string {
  const lines = [SITE.trimEnd(), 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 10; i += 1) {
    const name = String.fromCharCode(97 + i);
    lines.push(`${name}: &${name} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
  }
  return `${lines.join('\n')}\n`;
}

describe('answers files are read within bounds', () => {
  it('field-ready 13: over 1 MiB, /dev/zero, over 100 aliases, an alias bomb, nesting past 64: each exit 2 with the file and the limit', async () => {
    // Each case: the file, what the error must say. The size cases first: before the fix the first one fails, and /dev/zero is never read unbounded.
    const cases: [string, RegExp][] = [
      [file('large.yaml', `${SITE}# ${'x'.repeat(2 * 1024 * 1024)}\n`), /large\.yaml: the answers file is larger than 1 MiB/],
      ['/dev/zero', /\/dev\/zero: the answers file is larger than 1 MiB/],
      [file('aliases.yaml', `${SITE}x: &x 1\ny: [${Array(101).fill('*x').join(', ')}]\n`), /aliases\.yaml:4: more than 100 YAML aliases/],
      [file('laughs.yaml', billionLaughs()), /laughs\.yaml:\d+: not valid YAML or JSON: its aliases expand too far/],
      [file('brackets.yaml', `${'['.repeat(100_000)}\n`), /brackets\.yaml:1: the answers nest deeper than 64 levels/],
      [file('brackets.json', `{"products": ${'['.repeat(100_000)}${']'.repeat(100_000)}}\n`), /brackets\.json:1: the answers nest deeper than 64 levels/],
      [file('dashes.yaml', `${SITE}x:\n  ${'- '.repeat(100_000)}y\n`), /dashes\.yaml:4: the answers nest deeper than 64 levels/],
      [file('indent.yaml', `${SITE}x:\n${Array.from({ length: 100 }, (_, i) => `${' '.repeat(i + 1)}k${i}:`).join('\n')} v\n`), /indent\.yaml:\d+: the answers nest deeper than 64 levels/],
    ];
    for (const [path, message] of cases) {
      const run = await answersRun(path);
      expect(run.stderr, path).toMatch(message);
      expect(run.code, path).toBe(2);
      expect(run.stderr, path).not.toMatch(/internal error|\n\s+at /);
    }
    // Within the limits, an honest file is read as before.
    const fine = await answersRun(file('fine.yaml', `${SITE}controlPlane: { fqdn: cp.corp.example }\nproxy: &p { url: http://proxy.corp.example:3128 }\n`));
    expect(fine.stderr).toBe('');
    expect(fine.code).toBe(0);
  }, 180_000);
});
