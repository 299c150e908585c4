// `--mirror REGISTRY=URL[,ca=FILE]` end to end: `node bin/netreq.js check` as a user runs it.
// A bad value is exit 2 with one clear line naming the value and what was expected, before any
// check runs; a password in the mirror's URL is never printed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { execTracked } from '../harness/proc.js';
import { commandProblem } from './command-accepted.js';

const BIN = fileURLToPath(new URL('../../bin/netreq.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'netreq-mirror-flag-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const check = (...mirrors: string[]) =>
  execTracked(process.execPath, [BIN, 'check', '--product', 'runai', '--role', 'k8s-node', ...mirrors.flatMap((m) => ['--mirror', m])], { cwd: dir, timeoutMs: 30_000, env: { NO_COLOR: '1' } });

describe('mirrors 3: the --mirror flag', () => {
  it.each([
    ['bad', "--mirror 'bad': expected REGISTRY=URL[,ca=FILE], e.g. docker.io=https://harbor.corp/v2/dockerhub,ca=/etc/pki/harbor-ca.pem"],
    ['docker.io=', "--mirror 'docker.io=': no mirror URL after '='"],
    ['https://docker.io=https://m.corp.example', "'https://docker.io' is not a registry name"],
    ['docker.io=https://m.corp.example,cert=/tmp/c.pem', "'cert=/tmp/c.pem' is not an option of --mirror; expected ca=FILE"],
  ])('mirrors 3: --mirror %s is exit 2 with one clear message, nothing checked', async (value, message) => {
    const run = await check(value);
    expect({ code: run.code, stderr: run.stderr }).toMatchObject({ code: 2 });
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).toBe('');
  });

  it('mirrors 3: a bad mirror URL with a password is refused without showing the password', async () => {
    const run = await check('docker.io=https://puller:s3cret-4711@m.corp.example:99999');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--mirror');
    expect(`${run.stderr}${run.stdout}`).not.toContain('s3cret-4711');
  });

  it('mirrors 3: the one bad value among good ones is the one named', async () => {
    const run = await check('docker.io=https://harbor.corp.example/v2/dockerhub', 'nvcr.io');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--mirror 'nvcr.io'");
    expect(run.stderr).not.toContain('harbor.corp.example');
  });

  it('mirrors 3: good values are accepted (repeat), and check --help teaches the flag', async () => {
    expect(commandProblem('netreq check --product runai --role k8s-node --mirror docker.io=https://harbor.corp/v2/dockerhub,ca=/etc/pki/harbor-ca.pem --mirror nvcr.io=https://nexus.corp:8443')).toBeUndefined();
    const help = await execTracked(process.execPath, [BIN, 'check', '--help'], { cwd: dir, timeoutMs: 30_000 });
    expect(help.stdout).toContain('--mirror REGISTRY=URL[,ca=FILE]');
  });
});
