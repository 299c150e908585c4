import { execFileSync } from 'node:child_process';
import { lstatSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { netreq } from '../scenarios/run-scenario.js';

const dir = mkdtempSync(join(tmpdir(), 'netreq-bundle-target-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CHECK = ['check', '--scenario', 'healthy-direct', '--format', 'json'];

describe('--bundle never replaces what is not a regular file', () => {
  it('field-ready 12: a FIFO or /dev/null is refused with exit 2 before anything runs or is written; a symlink to a file is replaced', async () => {
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const onFifo = await netreq(dir, [...CHECK, '--bundle', 'pipe']);
    expect(onFifo.code).toBe(2);
    expect(onFifo.stderr).toContain(`--bundle: cannot write ${fifo}: it exists and is a FIFO (named pipe)`);
    expect(onFifo.stdout).toBe('');
    expect(statSync(fifo).isFIFO()).toBe(true);

    const devNull = statSync('/dev/null');
    const onNull = await netreq(dir, [...CHECK, '--bundle', '/dev/null']);
    expect(onNull.code).toBe(2);
    expect(onNull.stderr).toContain('--bundle: cannot write /dev/null: it exists and is a character device');
    expect(onNull.stdout).toBe('');
    const after = statSync('/dev/null');
    expect([after.isCharacterDevice(), after.rdev, after.mode]).toEqual([true, devNull.rdev, devNull.mode]);

    const fifoLink = join(dir, 'to-pipe');
    symlinkSync(fifo, fifoLink);
    expect((await netreq(dir, [...CHECK, '--bundle', 'to-pipe'])).code).toBe(2);
    expect(lstatSync(fifoLink).isSymbolicLink()).toBe(true);

    const target = join(dir, 'old.tar.gz');
    writeFileSync(target, 'old');
    const link = join(dir, 'link.tar.gz');
    symlinkSync(target, link);
    const onLink = await netreq(dir, [...CHECK, '--bundle', 'link.tar.gz']);
    expect(onLink.code, onLink.stderr).toBe(0);
    expect(lstatSync(link).isFile()).toBe(true);
    expect(readFileSync(link).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(readFileSync(target, 'utf8')).toBe('old');
  });
});
