import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fleetUnavailable } from '../../bench/lib/fleet-figure.js';
import { JSON_KEYS } from '../../bench/run-bench.js';

const root = join(import.meta.dirname, '..', '..');
const built = join(root, 'dist', 'netreq.mjs');

// The benchmark is not part of the suite; this runs it once, tiny, so that it cannot rot. No figure is judged.
describe('npm run bench, tiny', () => {
  it('measures all five figures and prints the table and one JSON line with every key', () => {
    if (!existsSync(built)) execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')]);
    const stdout = execFileSync(process.execPath, ['--import', 'tsx', join(root, 'bench', 'run-bench.ts'), '--tiny', '--no-build'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      // The fleet figure makes three namespace nodes with sshd where it can (root, pdsh).
      timeout: 300_000,
    });
    const lines = stdout.trim().split('\n');
    const json = JSON.parse(lines[lines.length - 1] ?? '') as Record<string, unknown>;
    expect(Object.keys(json).sort()).toEqual([...JSON_KEYS].sort());
    for (const key of JSON_KEYS) {
      // vsCurlLoop is null only where curl is not installed.
      if (key === 'vsCurlLoop' && json[key] === null) continue;
      // fleetVsPdsh is null only where the fleet figure cannot run (not root, no pdsh or sshd).
      if (key === 'fleetVsPdsh' && fleetUnavailable() !== undefined) {
        expect(json[key]).toBeNull();
        continue;
      }
      expect(typeof json[key], key).toBe('number');
      expect(Number.isFinite(json[key]), key).toBe(true);
    }
    for (const figure of ['1. parallel efficiency', '2. silent hosts', '3. curl loop', '4. scale', '5. start-up', '7. fleet']) {
      expect(stdout).toContain(figure);
    }
    // The bare-Node floor ran: every target's exchanges were made and timed.
    expect(stdout).toMatch(/bare Node: the same exchanges.*\s\d+ ms\n/);
  }, 330_000);
});
