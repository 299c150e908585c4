// A run cut short (Ctrl-C, --max-time) as a person meets it: the real process (bin/netreq.js), a
// resolver on loopback that never answers, the report read back. Nothing leaves 127.0.0.1.
import { spawn } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Report } from '../../src/report/index.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'netreq.js');
const dir = mkdtempSync(join(tmpdir(), 'netreq-cut-short-'));
let silent: Socket;
let port = 0;
let queries = 0;

beforeAll(async () => {
  // A resolver that takes every question and answers none: each DNS step waits on its deadline.
  silent = createSocket('udp4');
  silent.on('message', () => {
    queries += 1;
  });
  await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
  port = silent.address().port;
});
afterAll(() => {
  silent.close();
  rmSync(dir, { recursive: true, force: true });
});

const SITE = ['--product', 'runai', '--role', 'k8s-node', '--control-plane', 'cp.example.com'];

interface Child {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs netreq with stdout and stderr in files; `whenQueried` runs once the resolver has seen a question. */
async function netreq(name: string, args: readonly string[], whenQueried?: (pid: number) => void): Promise<Child> {
  const outFile = join(dir, `${name}.out`);
  const errFile = join(dir, `${name}.err`);
  const out = openSync(outFile, 'w');
  const err = openSync(errFile, 'w');
  const seen = queries;
  const code = await new Promise<number | null>((resolve) => {
    const proc = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1' }, stdio: ['ignore', out, err] });
    // The process is ended whatever happens: a hang fails the test, it never outlives it.
    const guard = setTimeout(() => proc.kill('SIGKILL'), 60_000);
    let poll: NodeJS.Timeout | undefined;
    if (whenQueried) {
      poll = setInterval(() => {
        if (queries > seen && proc.pid !== undefined) {
          clearInterval(poll);
          whenQueried(proc.pid);
        }
      }, 20);
    }
    proc.once('exit', (exitCode) => {
      clearTimeout(guard);
      if (poll) clearInterval(poll);
      resolve(exitCode);
    });
  });
  closeSync(out);
  closeSync(err);
  return { code, stdout: readFileSync(outFile, 'utf8'), stderr: readFileSync(errFile, 'utf8') };
}

describe('a run cut short is never taken for a pass', () => {
  it('field-ready 4: Ctrl-C lists every unfinished target as skip check.interrupted with what it had observed, exit 130', async () => {
    const run = await netreq('sigint', ['check', ...SITE, '--dns-server', `127.0.0.1:${port}`, '--timeout', '60000', '--format', 'json'], (pid) => process.kill(pid, 'SIGINT'));
    expect(run.code, run.stderr).toBe(130);
    const report = Report.parse(JSON.parse(run.stdout));
    expect(report.interrupted).toBe(true);
    // The registry was in flight when Ctrl-C came: it is listed, not dropped.
    const registry = report.findings.find((f) => f.ruleIds.includes('runai.registry'));
    expect(registry, report.findings.map((f) => f.ruleIds.join(',')).join(' ')).toMatchObject({ status: 'skip', cause: 'check.interrupted' });
    expect(registry?.steps.map((s) => s.step)).toContain('dns');
    expect(report.summary.incomplete ?? 0).toBeGreaterThan(0);
    expect(report.findings.some((f) => f.status === 'pass')).toBe(false);
  }, 90_000);

  it('field-ready 4: reaching --max-time says the run is incomplete and exits 1, every unfinished target skip check.time-limit', async () => {
    const json = await netreq('max-time-json', ['check', ...SITE, '--dns-server', `127.0.0.1:${port}`, '--timeout', '60000', '--max-time', '1', '--format', 'json']);
    expect(json.code, json.stderr).toBe(1);
    const report = Report.parse(JSON.parse(json.stdout));
    expect(report.interrupted).toBe(false);
    const live = report.findings.filter((f) => f.cause !== 'input.missing' && f.cause !== 'input.wildcard-unresolved' && f.cause !== 'check.manual');
    expect(live.length).toBeGreaterThan(0);
    expect(live.map((f) => `${f.status} ${f.cause ?? ''}`)).toEqual(live.map(() => 'skip check.time-limit'));
    expect(report.summary.incomplete).toBe(live.length);
    const registry = report.findings.find((f) => f.ruleIds.includes('runai.registry'));
    expect(registry?.steps.map((s) => s.step)).toContain('dns');
    expect(registry?.explanation).toMatch(/time limit/);

    const text = await netreq('max-time-text', ['check', ...SITE, '--dns-server', `127.0.0.1:${port}`, '--timeout', '60000', '--max-time', '1']);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/INCOMPLETE: \d+ targets? not finished/);
  }, 90_000);
});
