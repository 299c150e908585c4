import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fitConcurrency, openFilesLimit } from '../../src/net/index.js';

const dir = mkdtempSync(join(tmpdir(), 'netreq-limits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function limitsFile(soft: string): string {
  const path = join(dir, `limits-${soft}`);
  writeFileSync(path, `Limit                     Soft Limit           Hard Limit           Units     \nMax open files            ${soft}                 4096                 files     \n`);
  return path;
}

describe('the open-file limit', () => {
  it('field-ready 6: reads the soft limit of /proc/self/limits, and this process\'s own', () => {
    expect(openFilesLimit(limitsFile('64'))).toBe(64);
    expect(openFilesLimit(limitsFile('unlimited'))).toBeUndefined();
    expect(openFilesLimit(join(dir, 'missing'))).toBeUndefined();
    expect(openFilesLimit()).toBeGreaterThan(0);
  });

  it.each([
    [128, 1024, 128, false],
    [2000, 1024, 248, true],
    [128, 64, 8, true],
    [128, 20, 1, true],
    [2000, undefined, 2000, false],
  ] as const)('field-ready 6: --concurrency %i under ulimit -n %s runs %i at once', (requested, limit, expected, noted) => {
    const fit = fitConcurrency(requested, limit);
    expect(fit.concurrency).toBe(expected);
    expect(fit.note !== undefined).toBe(noted);
    if (noted) expect(fit.note).toContain(`ulimit -n ${limit}`);
  });
});
