// The test run's builds (test/global-setup.ts): made once, only when a test file of the run uses
// them, and removed at teardown.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TestProject } from 'vitest/node';
import setup, { executableSupported, wantedBuilds, type NetreqBuild } from '../global-setup.js';

const TEST = join(import.meta.dirname, '..');

describe('the global setup', () => {
  it('fleet 1: a run of unit tests builds nothing; the executable test gets both builds; the fleet tests the single file', () => {
    expect(wantedBuilds([join(TEST, 'fleet/nodes/host-range.test.ts'), join(TEST, 'cli/answers-limits.test.ts')])).toEqual({ singleFile: false, executable: false });
    expect(wantedBuilds([join(TEST, 'build/exe.test.ts')])).toEqual({ singleFile: true, executable: executableSupported() });
    expect(wantedBuilds([join(TEST, 'integration/fleet.test.ts'), join(TEST, 'fleet/run/node-session.test.ts')])).toEqual({ singleFile: true, executable: false });
    // Files vitest did not name: everything.
    expect(wantedBuilds(undefined)).toEqual({ singleFile: true, executable: executableSupported() });
  });

  it('fleet 1: builds the single file once into its own folder, provides it, and removes it at teardown', () => {
    const provided = new Map<string, unknown>();
    // The two members of vitest's TestProject that the setup reads, over the fleet integration test.
    const project = {
      vitest: { state: { getPaths: () => [join(TEST, 'integration/fleet.test.ts')] } },
      provide: (key: string, value: unknown) => provided.set(key, value),
    } as unknown as TestProject;
    const teardown = setup(project);
    const build = provided.get('netreqBuild') as NetreqBuild;
    try {
      expect(build.error).toBeNull();
      expect(build.executable).toBeNull();
      expect(build.singleFile).toBe(join(build.dir, 'netreq.mjs'));
      expect(execFileSync(process.execPath, [build.singleFile ?? '', '--version'], { encoding: 'utf8' })).toMatch(/^netreq \d+\.\d+\.\d+\n$/);
    } finally {
      teardown();
    }
    expect(existsSync(build.dir)).toBe(false);
  }, 300_000);
});
