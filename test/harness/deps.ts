// What the integration tests need from the machine. Without CI a missing piece skips the suite
// (a developer's laptop); with CI set it fails it, since `.ci/run` installed everything first.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe, it, type TestContext } from 'vitest';

const SEARCH = ['/usr/sbin', '/sbin', '/usr/bin', '/bin', ...(process.env['PATH'] ?? '').split(delimiter)];

/** The absolute path of an executable, or undefined. Looks in the sbin folders too. */
export function which(bin: string): string | undefined {
  if (bin.startsWith('/')) return isExecutable(bin) ? bin : undefined;
  for (const dir of SEARCH) {
    if (dir === '') continue;
    const p = join(dir, bin);
    if (isExecutable(p)) return p;
  }
  return undefined;
}

function isExecutable(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export const isCI = (): boolean => (process.env['CI'] ?? '') !== '';

export const isRoot = (): boolean => process.getuid?.() === 0;

/** What is missing: 'root' when not root, then each binary not found. */
export function missingDeps(bins: readonly string[], needRoot = true): string[] {
  const missing: string[] = [];
  if (needRoot && !isRoot()) missing.push('root');
  for (const b of bins) if (which(b) === undefined) missing.push(b);
  return missing;
}

function failOrSkip(ctx: TestContext, missing: readonly string[]): void {
  const msg = `integration dependencies missing: ${missing.join(', ')} (scripts/install-test-deps.sh installs them; run as root)`;
  if (isCI()) throw new Error(msg);
  ctx.skip(msg);
}

/** Inside a test: skips it (fails it under CI) unless running as root. */
export function requireRoot(ctx: TestContext): void {
  if (!isRoot()) failOrSkip(ctx, ['root']);
}

/** Inside a test: the binary's path; skips the test (fails it under CI) when it is missing. */
export function whichOrSkip(ctx: TestContext, bin: string): string {
  const p = which(bin);
  if (p === undefined) failOrSkip(ctx, [bin]);
  return p ?? bin;
}

/**
 * A describe block that needs root and these binaries. When something is missing its body is
 * replaced by one test that is skipped, or failed under CI, naming what is missing; so its
 * beforeAll hooks never try to start servers that are not there.
 */
export function describeWithDeps(name: string, bins: readonly string[], body: () => void): void {
  const missing = missingDeps(bins);
  if (missing.length === 0) {
    describe(name, body);
    return;
  }
  describe(name, () => {
    it('has its dependencies', (ctx) => failOrSkip(ctx, missing));
  });
}
