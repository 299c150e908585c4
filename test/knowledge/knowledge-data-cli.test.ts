import { execFile } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** A copy of the checkout (sources, data, launcher) whose knowledge data a test may break. */
function checkoutCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'netreq-knowledge-'));
  for (const part of ['bin', 'src', 'catalog', 'scenarios', 'package.json', 'tsconfig.json']) cpSync(join(REPO, part), join(dir, part), { recursive: true });
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

function netreq(dir: string, args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(dir, 'bin/netreq.js'), ...args], { cwd: dir, timeout: 60_000, env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1' } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}

const copies: string[] = [];
afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

describe('netreq with a bad catalog/knowledge/ file', () => {
  it('one-engine 6: a check refuses a bad squid-errors.yaml with exit 2, the file, the key and what was expected', async () => {
    const dir = checkoutCopy();
    copies.push(dir);
    appendFileSync(join(dir, 'catalog/knowledge/squid-errors.yaml'), 'ERR_SOMETHING: proxy.maybe\n');
    const result = await netreq(dir, ['check', '--scenario', 'healthy-direct']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/catalog\/knowledge\/squid-errors\.yaml:\d+: ERR_SOMETHING: expected one of proxy\.denied/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout).toBe('');
  }, 90_000);
});
