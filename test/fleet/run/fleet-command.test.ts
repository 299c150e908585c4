// `netreq fleet` refuses what it must refuse before any ssh runs; `netreq fleet agent` never
// deletes a folder that is not a fleet copy.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../../../src/cli/index.js';

const dir = mkdtempSync(join(tmpdir(), 'netreq-fleet-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function netreq(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  const stdin = new PassThrough();
  stdin.end();
  const io: CliIo = { stdout, stderr, stdin, env: {}, cwd: dir, signal: new AbortController().signal };
  const code = await runCli(argv, io);
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

describe('netreq fleet: refused before any ssh', () => {
  it.each([
    [['fleet'], /needs the nodes/],
    [['fleet', '--nodes=-oProxyCommand=touch_x'], /never starts with '-'/],
    [['fleet', '--nodes', 'gpu01;reboot'], /expected a letter, digit.*not ";"/],
    [['fleet', '--nodes', 'gpu01', '--ssh-jump=-oProxyCommand=x'], /--ssh-jump.*starts with "-"/],
    [['fleet', '--nodes', 'gpu01', '--format', 'junit'], /not a fleet report format/],
    [['fleet', '--nodes', 'gpu01', '--single-file', 'missing.mjs'], /cannot read it \(ENOENT\)/],
    [['fleet', '--nodes', 'gpu01', '--single-file', 'missing.mjs', '--watch', '0'], /--watch expects a whole number of at least 1/],
    [['fleet', '--nodes', 'gpu01', '--from', 'earlier.json'], /--from takes the nodes from the report; --nodes cannot be given with it/],
    [['fleet', '--from', 'missing.json'], /missing\.json: cannot read the file \(ENOENT\)/],
    [['fleet', '--nodes', 'gpu01', 'extra'], /takes no arguments/],
  ])('fleet 5: %j is a usage error', async (argv, message) => {
    const run = await netreq(...argv);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });

  it('fleet 1: the help names the safety choices', async () => {
    const run = await netreq('fleet', '--help');
    expect(run.stdout).toContain('--ssh-accept-new');
    expect(run.stdout).toContain('--fanout N');
  });
});

describe('netreq fleet agent', () => {
  it('fleet 1: deletes its own copy folder, and nothing that is not one', async () => {
    const copy = join(dir, 'netreq-fleet.Ab12Cd34');
    mkdirSync(copy);
    writeFileSync(join(copy, 'netreq'), 'x');
    const other = join(dir, 'precious');
    mkdirSync(other);
    writeFileSync(join(other, 'netreq'), 'x');
    const first = await netreq('fleet', 'agent', copy);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^\{"t":"started"/);
    expect(existsSync(copy)).toBe(false);
    await netreq('fleet', 'agent', other);
    expect(existsSync(join(other, 'netreq'))).toBe(true);
  });
});
