// The merge of a fleet run into one report: pure, over Reports as nodes send them.
import { describe, expect, it } from 'vitest';
import { commonSubnet, FleetReport, fleetReport, renderFleetText, type FleetNode, type FleetRun, type NodeResult } from '../../../src/fleet/index.js';
import { Report, summarize, type FindingInput } from '../../../src/report/index.js';

const node = (name: string, roles: FleetNode['roles'] = ['k8s-node']): FleetNode => ({ name, roles, origin: '--nodes' });

function finding(host: string, port: number, status: 'pass' | 'fail' | 'warn', cause?: string, explanation?: string): FindingInput {
  return {
    ruleIds: [`rule.${host}.${port}`], target: { host, port, transport: 'tcp', scheme: 'https', via: 'direct' }, status,
    ...(cause !== undefined ? { cause } : {}), steps: [], ...(explanation !== undefined ? { explanation } : {}),
  };
}

function report(findings: FindingInput[]): Report {
  const parsed = Report.parse({
    schemaVersion: 2, tool: { name: 'netreq', version: '0.1.0' }, startedAt: '2026-12-07T21:00:00.000Z', finishedAt: '2026-12-07T21:00:04.000Z',
    topology: {}, environment: {}, findings, elsewhere: [], summary: { pass: 0, warn: 0, fail: 0, skip: 0 },
  });
  return { ...parsed, summary: summarize(parsed.findings) };
}

function run(results: NodeResult[], interrupted = false): FleetRun {
  return { startedAt: '2026-12-07T21:00:00.000Z', finishedAt: '2026-12-07T21:01:00.000Z', results, interrupted, timedOut: false };
}

const META = { version: '0.1.0', peers: 'peers: every node checks every other node' };
const REGISTRY_OK = finding('nvcr.io', 443, 'pass');
const REGISTRY_DROPPED = finding('nvcr.io', 443, 'fail', 'tcp.timeout');

describe('fleet report', () => {
  it('fleet 4: a node that could not be checked is a finding of its own, with its cause and remediation', () => {
    const merged = fleetReport(run([
      { node: node('10.1.7.1'), report: report([REGISTRY_OK]) },
      { node: node('10.1.7.2'), failure: { cause: 'node.ssh-auth', detail: 'root@10.1.7.2: Permission denied (publickey).' } },
    ]), META);
    expect(FleetReport.safeParse(merged).success).toBe(true);
    const own = merged.findings.find((f) => f.node === '10.1.7.2');
    expect(own).toMatchObject({ status: 'fail', cause: 'node.ssh-auth', ruleIds: ['fleet.node'] });
    expect(own?.explanation).toContain('Permission denied (publickey)');
    expect(own?.remediation).toContain('authorized_keys');
    expect(merged.summary).toMatchObject({ nodes: 2, checked: 1, notChecked: 1, failing: 1 });
  });

  it('fleet 4: the same failure on several nodes is one root cause naming them, with the subnet they share', () => {
    const merged = fleetReport(run([
      { node: node('gpu017'), report: report([REGISTRY_DROPPED]) },
      { node: node('gpu018'), report: report([REGISTRY_DROPPED]) },
      { node: node('gpu019'), report: report([REGISTRY_DROPPED]) },
      { node: node('gpu020'), report: report([REGISTRY_OK]) },
    ].map((r, i) => ({ ...r, node: { ...r.node, address: i < 3 ? `10.1.7.${17 + i}` : '10.2.0.20' } }))), META);
    const cause = merged.rootCauses[0];
    expect(cause).toMatchObject({ code: 'tcp.timeout', nodes: ['gpu017', 'gpu018', 'gpu019'], targets: ['nvcr.io:443'], subnet: '10.1.7.0/24' });
    expect(cause?.summary).toMatch(/^3 of 4 nodes: .*nvcr\.io:443.*: gpu\[017-019\], all in 10\.1\.7\.0\/24$/);
    expect(merged.summary.failing).toBe(3);
  });

  it('fleet 1: a peer port below 1024 that a listener without root could not open is skip node.privileged-port', () => {
    const peer = { node: node('10.0.0.2', ['system-node']), report: report([]), root: false,
      listening: { t: 'listening' as const, token: 'abcdef12', opened: [], failed: [{ port: 443, transport: 'tcp' as const, code: 'EACCES' }] } };
    const merged = fleetReport(run([{ node: node('10.0.0.1'), report: report([finding('10.0.0.2', 443, 'fail', 'peer.refused')]) }, peer]), META);
    expect(merged.findings.find((f) => f.target.host === '10.0.0.2')).toMatchObject({ status: 'skip', cause: 'node.privileged-port' });
    expect(merged.summary.failing).toBe(0);
  });

  it('fleet 5: nothing a node sent reaches the terminal with its control characters', () => {
    const evil = finding('nvcr.io', 443, 'fail', 'tcp.timeout', 'boom \u001b]0;owned\u0007 \u001b[2J cleared');
    const merged = fleetReport(run([
      { node: node('n1'), report: report([evil]) },
      { node: node('n2'), failure: { cause: 'node.failed', detail: 'agent said \u001b[31mred\u001b[0m' } },
    ]), META);
    const text = renderFleetText(merged);
    expect([...text].filter((c) => c !== '\n' && (c < ' ' || c === '\u007f' || c === '\u009b'))).toEqual([]);
    expect(text).toContain('n2  not checked: node.failed');
  });

  it('fleet 3: an interrupted node is a skip, not a failure, and the run says it was interrupted', () => {
    const merged = fleetReport(run([{ node: node('n1'), failure: { cause: 'node.interrupted', detail: 'interrupted while checking' } }], true), META);
    expect(merged.findings[0]).toMatchObject({ status: 'skip', cause: 'node.interrupted' });
    expect(merged.interrupted).toBe(true);
    expect(renderFleetText(merged)).toMatch(/^netreq fleet: 1 nodes, 0 checked, 1 not checked, 0 failing \(interrupted\)/);
  });

  it.each([
    [['10.1.7.17', '10.1.7.19'], '10.1.7.0/24'],
    [['10.1.7.17', '10.1.9.19'], '10.1.0.0/16'],
    [['10.1.7.17', '10.2.7.17'], undefined],
    [['gpu01', '10.1.7.17'], undefined],
    [['10.1.7.17'], undefined],
  ])('fleet 4: the subnet %j share is %s', (addresses, subnet) => {
    expect(commonSubnet(addresses)).toBe(subnet);
  });
});

describe('fleet root causes of nodes', () => {
  it('fleet 4: nodes not checked for the same cause are one root cause whose remediation names them all', () => {
    const merged = fleetReport(run(['a', 'b', 'c'].map((name) => ({ node: node(name), failure: { cause: 'node.ssh-auth' as const, detail: 'Permission denied (publickey).' } }))), META);
    expect(merged.rootCauses).toHaveLength(1);
    expect(merged.rootCauses[0]).toMatchObject({ code: 'node.ssh-auth', nodes: ['a', 'b', 'c'] });
    expect(merged.rootCauses[0]?.summary).toMatch(/^all 3 nodes: .*: a,b,c$/);
    expect(merged.rootCauses[0]?.remediation).toContain('a,b,c');
  });
});
