// `--image-list FILE` and the answers' `imageList` end to end: a bad list is exit 2 naming the
// list's FILE:LINE and what was expected, before any check runs.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { execTracked } from '../harness/proc.js';
import { commandProblem } from './command-accepted.js';

const BIN = fileURLToPath(new URL('../../bin/netreq.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'netreq-image-list-flag-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const check = (...args: string[]) =>
  execTracked(process.execPath, [BIN, 'check', '--product', 'runai', '--role', 'k8s-node', ...args], { cwd: dir, timeoutMs: 30_000, env: { NO_COLOR: '1' } });

describe('mirrors 4: the --image-list flag', () => {
  it('mirrors 4: a list with a bad line is exit 2 naming FILE:LINE and the expected form, nothing checked', async () => {
    writeFileSync(join(dir, 'images.txt'), '# Run:ai 2.22\nnvcr.io/nvidia/runai/operator:2.22.0\n\nnvcr.io/nvidia/runai/Bad Name:1\n');
    const run = await check('--image-list', 'images.txt');
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: '' });
    expect(run.stderr).toContain('images.txt:4:');
    expect(run.stderr).toContain("'nvcr.io/nvidia/runai/Bad Name:1' has white space; expected");
    expect(run.stderr).toContain('e.g. registry.k8s.io/pause:3.10');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('mirrors 4: a missing list file is exit 2 naming it; an answers file\'s imageList is read the same way, naming the answers line', async () => {
    const missing = await check('--image-list', 'nowhere.txt');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nowhere.txt: no such file');
    writeFileSync(join(dir, 'site.yaml'), 'products: [runai]\nroles: [k8s-node]\nimageList: nowhere.txt\n');
    const answers = await check('--answers', 'site.yaml');
    expect(answers.code).toBe(2);
    expect(answers.stderr).toContain("site.yaml:3: field 'imageList'");
  });

  it('mirrors 4: a good list is accepted, and check --help teaches the flag', async () => {
    writeFileSync(join(dir, 'good.txt'), 'nvcr.io/nvidia/runai/operator:2.22.0\n');
    expect(commandProblem('netreq check --product runai --role k8s-node --image-list good.txt', dir)).toBeUndefined();
    const help = await execTracked(process.execPath, [BIN, 'check', '--help'], { cwd: dir, timeoutMs: 30_000 });
    expect(help.stdout).toContain('--image-list FILE');
  });
});
