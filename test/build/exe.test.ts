// The standalone executable (npm run build:exe): it must run where Node.js is not installed. Built
// once for the whole test run by test/global-setup.ts.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executableSupported } from '../global-setup.js';
import { builtExecutable } from '../harness/built.js';
import { createNamespace, isRoot, startHoldingResolver, which } from '../harness/index.js';

const supported = executableSupported();

/** This machine's PATH without any folder that holds a `node`. */
function pathWithoutNode(): string {
  return (process.env['PATH'] ?? '')
    .split(delimiter)
    .filter((d) => d !== '' && d !== dirname(process.execPath) && !existsSync(join(d, 'node')))
    .join(delimiter);
}

describe.runIf(supported)('the standalone executable', () => {
  let dir = '';
  let exe = '';
  const env = { PATH: pathWithoutNode(), HOME: tmpdir() };

  beforeAll(() => {
    exe = builtExecutable();
    dir = mkdtempSync(join(tmpdir(), 'netreq-exe-'));
  }, 300_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds no node on the PATH it is given', () => {
    expect(spawnSync('sh', ['-c', 'command -v node'], { env }).status).not.toBe(0);
  });

  it('prints its version from an empty folder', () => {
    const empty = mkdtempSync(join(dir, 'empty-'));
    expect(readdirSync(empty)).toEqual([]);
    expect(execFileSync(exe, ['--version'], { cwd: empty, env, encoding: 'utf8' })).toMatch(/^netreq \d+\.\d+\.\d+\n$/);
  });

  it('lists the embedded catalog, internal rules included', () => {
    const empty = mkdtempSync(join(dir, 'empty-'));
    const rows = JSON.parse(execFileSync(exe, ['rules', '--all', '--format', 'json'], { cwd: empty, env, encoding: 'utf8' })) as { id: string }[];
    expect(rows.map((r) => r.id)).toContain('runai.internal.vxlan-8472');
  });

  it('runs listen for a second inside a namespace and stops by itself', async (ctx) => {
    if (!isRoot() || !(await which('ip'))) ctx.skip();
    const ns = await createNamespace();
    try {
      const empty = mkdtempSync(join(dir, 'empty-'));
      const run = await ns.exec(exe, ['listen', '--role', 'k8s-node', '--cni', 'flannel', '--duration', '1'], { cwd: empty, env, timeoutMs: 30_000 });
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/token [0-9a-f]{12}/);
      expect(run.stdout).toMatch(/6443\/tcp/);
      expect(run.stdout).toMatch(/8472\/udp/);
      expect(run.stdout).toContain('netreq listen: stopped');
    } finally {
      await ns.destroy();
    }
  }, 60_000);

  it('field-ready 8: exits once its report is written, though a system lookup still waits (its lookup helper)', async (ctx) => {
    if (!isRoot() || !(await which('ip'))) ctx.skip();
    const ns = await createNamespace({ nameservers: ['127.0.0.1'], resolvOptions: ['timeout:1', 'attempts:1'] });
    try {
      await startHoldingResolver(ns);
      const empty = mkdtempSync(join(dir, 'empty-'));
      const run = await ns.exec(exe, ['check', '--product', 'runai', '--role', 'installer', '--timeout', '2000', '--format', 'json'], { cwd: empty, env, timeoutMs: 60_000 });
      expect(run.timedOut).toBe(false);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('"dns.timeout"');
    } finally {
      await ns.destroy();
    }
  }, 90_000);
});
