// `--helm-repo URL` and the answers' `helmRepo` end to end: `node bin/netreq.js check` as a user
// runs it. A bad value is exit 2 with a clear message naming the flag or the file's line and what
// was expected, before any check runs; a password in the URL is never printed.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { execTracked } from '../harness/proc.js';
import { commandProblem } from './command-accepted.js';
import { siteFlagsOf, topologyFromFlags } from '../../src/topology/index.js';

const BIN = fileURLToPath(new URL('../../bin/netreq.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'netreq-helm-flag-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const check = (...args: string[]) =>
  execTracked(process.execPath, [BIN, 'check', '--product', 'runai', '--role', 'installer', ...args], { cwd: dir, timeoutMs: 30_000, env: { NO_COLOR: '1' } });

describe('mirrors 3: the --helm-repo flag', () => {
  it.each([
    ['ftp://charts.corp.example/runai', "--helm-repo 'ftp://charts.corp.example/runai': expected an https:// chart repository URL"],
    ['oci://harbor.corp.example', 'names no repository path after the registry'],
    ['https://charts.corp.example:99999/runai', '--helm-repo'],
  ])('mirrors 3: --helm-repo %s is exit 2 with a clear message, nothing checked', async (value, message) => {
    const run = await check('--helm-repo', value);
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: '' });
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('mirrors 3: a password in a refused repository URL is never shown', async () => {
    const run = await check('--helm-repo', 'https://deployer:s3cret-4711@charts.corp.example:99999/runai');
    expect(run.code).toBe(2);
    expect(`${run.stderr}${run.stdout}`).not.toContain('s3cret-4711');
  });

  it('mirrors 3: an answers file\'s bad helmRepo is exit 2 naming FILE:LINE and the field', async () => {
    const file = join(dir, 'site.yaml');
    writeFileSync(file, 'products: [runai]\nroles: [installer]\n# the chart repository\nhelmRepo: oci://harbor.corp.example\n');
    const run = await check('--answers', file);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${file}:4: field 'helmRepo'`);
    expect(run.stderr).toContain('names no repository path');
  });

  it('mirrors 3: good values are accepted, kept in the topology and in the printed site flags; check --help teaches the flag', async () => {
    expect(commandProblem('netreq check --product runai --role installer --helm-repo https://artifactory.corp.example/artifactory/api/helm/runai')).toBeUndefined();
    expect(commandProblem('netreq check --product runai --role installer --helm-repo oci://harbor.corp.example/charts')).toBeUndefined();
    const topology = topologyFromFlags({ product: ['runai'], role: ['installer'], 'helm-repo': 'https://charts.corp.example/runai' });
    expect(topology.helmRepo).toBe('https://charts.corp.example/runai');
    expect(siteFlagsOf(topology)).toContain('--helm-repo https://charts.corp.example/runai');
    const help = await execTracked(process.execPath, [BIN, 'check', '--help'], { cwd: dir, timeoutMs: 30_000 });
    expect(help.stdout).toContain('--helm-repo URL');
  });
});
