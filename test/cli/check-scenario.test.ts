import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/index.js';
import { netreq } from '../scenarios/run-scenario.js';

const dir = mkdtempSync(join(tmpdir(), 'netreq-check-scenario-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const byRule = (report: Report, id: string) => report.findings.filter((f) => f.ruleIds.includes(id));

describe('netreq check --scenario', () => {
  it('runs the scenario through the normal engine: JSON report naming the scenario, its findings, exit 1', async () => {
    const run = await netreq(dir, ['check', '--scenario', 'proxy-credentials-missing', '--format', 'json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.scenario).toBe('proxy-credentials-missing');
    expect(report.environment['network']).toBe('simulated');
    expect(byRule(report, 'runai.registry').map((f) => [f.target.via, f.status, f.cause])).toEqual([['proxy', 'fail', 'proxy.auth-required']]);
    expect(byRule(report, 'runai.control-plane').map((f) => [f.target.via, f.status])).toEqual([['direct', 'pass']]);
  });

  it('flags override the scenario topology: --no-proxy with the control plane fixes it', async () => {
    const before = JSON.parse((await netreq(dir, ['check', '--scenario', 'no-proxy-missing-control-plane', '--format', 'json'])).stdout) as Report;
    expect(byRule(before, 'runai.control-plane').map((f) => [f.target.via, f.cause])).toEqual([['proxy', 'proxy.upstream-failed']]);
    const run = await netreq(dir, ['check', '--scenario', 'no-proxy-missing-control-plane', '--no-proxy', '.corp.example', '--format', 'json']);
    expect(run.code).toBe(0);
    const after = JSON.parse(run.stdout) as Report;
    expect(byRule(after, 'runai.control-plane').map((f) => [f.target.via, f.status])).toEqual([['direct', 'pass']]);
  });

  it('--role narrows the scenario to this machine', async () => {
    const run = await netreq(dir, ['check', '--scenario', 'several-failures', '--role', 'installer', '--format', 'json']);
    const report = JSON.parse(run.stdout) as Report;
    expect(new Set(report.findings.flatMap((f) => f.ruleIds))).toEqual(new Set(['runai.helm-repo', 'runai.bcm-ssh']));
    expect(byRule(report, 'runai.bcm-ssh').map((f) => f.cause)).toEqual(['tcp.timeout']);
  });

  it('as a real process: the site closes (a silent port thread included) and the exit code is the findings', async () => {
    const bin = join(import.meta.dirname, '..', '..', 'bin', 'netreq.js');
    const outFile = join(dir, 'real-process.json');
    // Into a file, not a pipe: a pending pipe write would keep the process alive and hide an early exit.
    const out = openSync(outFile, 'w');
    const code = await new Promise<number | null>((resolve) => {
      const proc = spawn(process.execPath, [bin, 'check', '--scenario', 'bcm-ssh-blocked', '--format', 'json'], { cwd: dir, env: { PATH: process.env['PATH'] ?? '' }, stdio: ['ignore', out, 'ignore'] });
      proc.once('exit', (exitCode) => resolve(exitCode));
    });
    closeSync(out);
    const child = { code, stdout: readFileSync(outFile, 'utf8') };
    expect(child.code).toBe(1);
    expect((JSON.parse(child.stdout) as Report).scenario).toBe('bcm-ssh-blocked');
  });

  it('text output names the scenario', async () => {
    const run = await netreq(dir, ['check', '--scenario', 'healthy-direct']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/\(scenario healthy-direct\)/);
  });

  it('Ctrl-C: stops, reports what finished and lists what did not, exit 130', async () => {
    const controller = new AbortController();
    const pending = netreq(dir, ['check', '--scenario', 'bcm-ssh-blocked', '--timeout', '60000', '--format', 'json'], controller.signal);
    setTimeout(() => controller.abort(new Error('interrupted')), 300);
    const run = await pending;
    expect(run.code).toBe(130);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.interrupted).toBe(true);
    const ssh = report.findings.filter((f) => f.ruleIds.includes('runai.bcm-ssh'));
    expect(ssh.length).toBeGreaterThan(0);
    for (const f of ssh) expect([f.status, f.cause]).toEqual(['skip', 'check.interrupted']);
  });

  it.each([
    [['--scenario', 'no-such-site'], /no scenario named 'no-such-site'.*healthy-direct/],
    [['--scenario', 'healthy-direct', '--scenario-file', 'x.yaml'], /--scenario NAME or --scenario-file FILE, not both/],
    [['--scenario', 'healthy-direct', '--proxy', 'http://proxy:3128'], /--proxy cannot be used with a scenario/],
    [['--scenario', 'healthy-direct', '--dns-server', '10.0.0.2'], /--dns-server cannot be used with a scenario/],
    [['--scenario-file', 'missing.yaml'], /missing\.yaml: cannot read the scenario file \(ENOENT\)/],
    [['--scenario', 'healthy-direct', '--connect-to', ':443:127.0.0.1:8443'], /--connect-to cannot be used with a scenario/],
    [['--product', 'runai', '--role', 'installer', '--connect-to', 'registry:443:proxy.corp.example:443'], /--connect-to 'registry:443:proxy\.corp\.example:443': 'proxy\.corp\.example' is not an IP address/],
  ])('usage errors exit 2: %j', async (argv, message) => {
    const run = await netreq(dir, ['check', ...argv]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });

  it('a bad scenario file: exit 2, every error with the file, the line and the field path', async () => {
    writeFileSync(
      join(dir, 'bad.yaml'),
      'name: bad\ntitle: Bad\ndescription: Bad.\ntopology: { products: [runai], roles: [k8s-node] }\nsite:\n  hosts:\n    a.example: { dns: maybe }\nexpect:\n  runai.registry: { status: broken }\n',
    );
    const run = await netreq(dir, ['check', '--scenario-file', 'bad.yaml']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/bad\.yaml:7: site\.hosts\.a\.example\.dns: /);
    expect(run.stderr).toMatch(/bad\.yaml:9: expect\.runai\.registry\.status: /);
  });
});
