import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const built = join(import.meta.dirname, '..', '..', 'dist', 'netreq.mjs');

// `npm test` builds dist/netreq.mjs first; this proves it needs nothing beside it.
describe('the single-file build', () => {
  let dir = '';
  beforeAll(() => {
    if (!existsSync(built)) execFileSync(process.execPath, [join(import.meta.dirname, '..', '..', 'scripts', 'build.mjs')]);
    dir = mkdtempSync(join(tmpdir(), 'netreq-single-'));
    copyFileSync(built, join(dir, 'netreq.mjs'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = (...args: string[]): string =>
    execFileSync(process.execPath, [join(dir, 'netreq.mjs'), ...args], { cwd: dir, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' } });

  it('prints its version from an empty folder', () => {
    expect(run('--version')).toMatch(/^netreq \d+\.\d+\.\d+\n$/);
  });

  it('lists the whole embedded catalog with rules --all', () => {
    const rows: unknown = JSON.parse(run('rules', '--all', '--format', 'json'));
    expect(Array.isArray(rows)).toBe(true);
    expect((rows as unknown[]).length).toBeGreaterThan(50);
  });
});
