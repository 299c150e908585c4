import { describe, expect, it } from 'vitest';
import { importsBetween } from './import-graph.js';

describe('command files', () => {
  it('one-engine 4: check.ts and report.ts do not import each other (useColor, outputReport live in src/cli)', () => {
    expect(importsBetween('cli/commands/check.ts', (i) => i === 'cli/commands/report.ts')).toEqual([]);
    expect(importsBetween('cli/commands/report.ts', (i) => i === 'cli/commands/check.ts')).toEqual([]);
  });
});
