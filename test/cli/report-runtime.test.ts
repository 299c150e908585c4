import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { outputReport } from '../../src/cli/output-report.js';
import { hostReader } from '../../src/cli/execute-run.js';
import { hostsOfInterest, runtimeFindings } from '../../src/engine/index.js';
import { netreqIn } from './diff-helpers.js';
import type { CliIo } from '../../src/cli/index.js';
import { resolveProxySettings } from '../../src/net/index.js';
import { Report, summarize } from '../../src/report/index.js';
import { Topology } from '../../src/topology/index.js';
import { fakeRoot, PROC_ROUTE } from '../report/environment-fixtures.js';
import { sampleReport } from '../report/sample-report.js';

const root = fakeRoot({
  '/proc/net/route': PROC_ROUTE,
  '/usr/lib/systemd/system/containerd.service': '[Service]\nExecStart=/usr/bin/containerd\n',
  '/etc/systemd/system/kubelet.service.d/http-proxy.conf': '[Service]\nEnvironment="HTTPS_PROXY=http://proxy.corp.example:3128" "NO_PROXY=localhost"\n',
});
afterAll(() => root.remove());

async function output(roles: string[], proxyUrl: string | undefined, controlPlane: { fqdn: string; coLocated: boolean } = { fqdn: 'runai.corp.example', coLocated: true }): Promise<{ code: number; report: Report; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  const io: CliIo = { stdout, stderr, stdin: new PassThrough(), env: { NETREQ_SYSTEM_ROOT: root.root }, cwd: root.root, signal: new AbortController().signal };
  const topology = Topology.parse({ products: ['runai'], roles, controlPlane });
  const proxy = resolveProxySettings({}, proxyUrl !== undefined ? { proxy: proxyUrl, noProxy: '.corp.example' } : {});
  const base = { ...sampleReport(), findings: sampleReport().findings.filter((f) => f.status === 'pass') };
  // What the engine does at the end of a real node's run: its host facts, then its own services judged against the run's proxy.
  const environment = hostReader(io)(hostsOfInterest(base.findings, base.elsewhere));
  const findings = [...base.findings, ...runtimeFindings(topology, proxy, environment)];
  const code = await outputReport(Report.parse({ ...base, findings, summary: summarize(findings) }), { format: 'json', color: false, flags: {}, proxy, environment }, io);
  return { code, report: Report.parse(JSON.parse(Buffer.concat(out).toString('utf8'))), stderr: Buffer.concat(err).toString('utf8') };
}

describe('check on a node: the container runtime\'s proxy settings against the run\'s', () => {
  it('a run through a proxy, containerd without one, kubelet\'s NO_PROXY without the control plane: findings, exit 1', async () => {
    const { code, report } = await output(['k8s-node'], 'http://svc:S3cret@proxy.corp.example:3128');
    const runtime = report.findings.filter((f) => f.ruleIds.some((id) => id.startsWith('runtime.')));
    expect(runtime.map((f) => [f.ruleIds[0], f.status, f.cause, f.target.host])).toEqual([
      ['runtime.containerd', 'fail', 'runtime.proxy-missing', 'proxy.corp.example'],
      ['runtime.kubelet', 'warn', 'runtime.no-proxy-incomplete', 'runai.corp.example'],
    ]);
    // The control plane, this node's own addresses (those of its default route's interface), the run's NO_PROXY.
    expect(runtime[1]?.explanation).toMatch(/kubelet would send runai\.corp\.example, .*\.corp\.example through its proxy/);
    expect(report.summary).toMatchObject({ fail: 1, warn: 1 });
    expect(code).toBe(1);
    expect(JSON.stringify(report)).not.toContain('S3cret');
  });

  it('field-ready 20: a remote control plane is in neither NO_PROXY: not the runtime\'s suggestion, not rules --format no-proxy', async () => {
    const remote = { fqdn: 'runai.saas.example', coLocated: false };
    const { report } = await output(['k8s-node'], 'http://proxy.corp.example:3128', remote);
    const runtime = report.findings.filter((f) => f.ruleIds.some((id) => id.startsWith('runtime.')));
    expect(runtime.map((f) => f.cause)).toContain('runtime.proxy-missing');
    for (const f of runtime) {
      expect(f.target.host).not.toBe('runai.saas.example');
      expect(`${f.explanation} ${f.remediation}`).not.toContain('runai.saas.example');
    }
    const rules = await netreqIn(root.root, 'rules', '--product', 'runai', '--role', 'k8s-node', '--control-plane', 'runai.saas.example', '--format', 'no-proxy');
    expect(rules.stdout).not.toContain('runai.saas.example');
    expect(rules.stderr).toMatch(/runai\.saas\.example is not co-located: it is reached through the proxy and must not be in NO_PROXY/);
    // Co-located, it is the cluster's own name: both list it, from the same decision.
    const local = await output(['k8s-node'], 'http://proxy.corp.example:3128', { fqdn: 'runai.corp.example', coLocated: true });
    const missing = local.report.findings.find((f) => f.cause === 'runtime.proxy-missing');
    expect(missing?.remediation).toContain('runai.corp.example');
    const listed = await netreqIn(root.root, 'rules', '--product', 'runai', '--role', 'k8s-node', '--control-plane', 'runai.corp.example', '--co-located', '--format', 'no-proxy');
    const suggested = /NO_PROXY=([^"]+)"/.exec(missing?.remediation ?? '')?.[1]?.split(',') ?? [];
    for (const entry of listed.stdout.trim().split(',')) expect(suggested, entry).toContain(entry);
  });

  it('not on a node (installer, workstation): the runtimes are none of this run\'s business', async () => {
    const { code, report } = await output(['workstation'], 'http://proxy.corp.example:3128');
    expect(report.findings.some((f) => f.ruleIds.some((id) => id.startsWith('runtime.')))).toBe(false);
    expect(code).toBe(0);
  });

  it('a direct run while kubelet goes through a proxy: a warning that this run did not check that route', async () => {
    const { code, report } = await output(['system-node'], undefined);
    const runtime = report.findings.filter((f) => f.ruleIds.some((id) => id.startsWith('runtime.')));
    expect(runtime.map((f) => [f.ruleIds[0], f.status, f.cause])).toEqual([['runtime.kubelet', 'warn', 'runtime.proxy-differs']]);
    expect(runtime[0]?.explanation).toMatch(/^This run went direct/);
    expect(code).toBe(0);
  });
});
