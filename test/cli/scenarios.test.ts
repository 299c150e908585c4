import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCENARIO, loadScenarios } from '../../src/sim/index.js';
import { netreq } from '../scenarios/run-scenario.js';

const names = loadScenarios().scenarios.map((s) => s.name);

describe('netreq scenarios', () => {
  it('lists every scenario with its title and story, the default first, within 80 columns', async () => {
    const run = await netreq(tmpdir(), ['scenarios']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const lines = run.stdout.split('\n');
    expect(lines.filter((line) => line.length > 80)).toEqual([]);
    const listed = lines.slice(lines.indexOf('') + 1).filter((line) => /^[a-z0-9-]+(?: |$)/.test(line)).map((line) => line.split(' ')[0]);
    expect(listed.length).toBeGreaterThanOrEqual(14);
    expect(new Set(listed)).toEqual(new Set(names));
    expect(listed[0]).toBe(DEFAULT_SCENARIO);
    expect(run.stdout).toMatch(/^port-80-blocked\n {2}Port 80 blocked.*\n {4}\S/m);
  });

  it('--format json: name, title, description', async () => {
    const run = await netreq(tmpdir(), ['scenarios', '--format', 'json']);
    const rows = JSON.parse(run.stdout) as { name: string; title: string; description: string; default: boolean }[];
    expect(rows.map((r) => r.name).sort()).toEqual([...names].sort());
    expect(rows.filter((r) => r.default).map((r) => r.name)).toEqual([DEFAULT_SCENARIO]);
    expect(rows.every((r) => r.title.length > 0 && r.description.length > 0)).toBe(true);
  });

  it.each([[['--format', 'csv']], [['extra']], [['--role', 'installer']]])('usage errors exit 2: %j', async (argv) => {
    expect((await netreq(tmpdir(), ['scenarios', ...argv])).code).toBe(2);
  });
});
