// Fleet reports for the report, diff and re-check tests, made by the fleet's own merge from
// node Reports as the nodes send them.
import { fleetReport, type FleetNode, type FleetReport, type NodeResult } from '../../../src/fleet/index.js';
import { Report, summarize, type FindingInput } from '../../../src/report/index.js';

export const node = (name: string, address?: string): FleetNode => ({ name, roles: ['k8s-node'], origin: '--nodes', ...(address !== undefined ? { address } : {}) });

export function finding(host: string, port: number, status: 'pass' | 'fail' | 'warn' | 'skip', cause?: string, explanation?: string): FindingInput {
  return {
    ruleIds: [`rule.${host}.${port}`], target: { host, port, transport: 'tcp', scheme: 'https', via: 'direct' }, status,
    ...(cause !== undefined ? { cause } : {}), steps: [], ...(explanation !== undefined ? { explanation } : {}),
  };
}

export function nodeReport(findings: FindingInput[]): Report {
  const parsed = Report.parse({
    schemaVersion: 2, tool: { name: 'netreq', version: '0.1.0' }, startedAt: '2026-12-07T21:00:00.000Z', finishedAt: '2026-12-07T21:00:04.000Z',
    topology: {}, environment: {}, findings, elsewhere: [], summary: { pass: 0, warn: 0, fail: 0, skip: 0 },
  });
  return { ...parsed, summary: summarize(parsed.findings) };
}

export function fleetOf(results: NodeResult[], startedAt = '2026-12-07T21:00:00.000Z'): FleetReport {
  return fleetReport({ startedAt, finishedAt: startedAt.replace('21:00:00', '21:01:00'), results, interrupted: false, timedOut: false }, { version: '0.1.0', peers: 'peers: every node checks every other node' });
}

export const REGISTRY_OK = finding('nvcr.io', 443, 'pass');
export const REGISTRY_DROPPED = finding('nvcr.io', 443, 'fail', 'tcp.timeout');

/** gpu017-gpu019 cannot reach the registry (10.1.7.0/24), gpu020 can, gpu021 refuses the key. */
export function rackFleet(): FleetReport {
  return fleetOf([
    ...[17, 18, 19].map((i) => ({ node: node(`gpu0${i}`, `10.1.7.${i}`), report: nodeReport([REGISTRY_DROPPED, finding('ghcr.io', 443, 'pass')]) })),
    { node: node('gpu020', '10.2.0.20'), report: nodeReport([REGISTRY_OK, finding('ghcr.io', 443, 'pass')]) },
    { node: node('gpu021', '10.2.0.21'), failure: { cause: 'node.ssh-auth', detail: 'root@gpu021: Permission denied (publickey).' } },
  ]);
}
