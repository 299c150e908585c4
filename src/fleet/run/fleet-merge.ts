// A fleet run as one report: each node's findings named after it, a finding for every node that
// could not be checked (never an absence), the ports a listener without root could not open
// taken out of the peers' failures, and root causes across nodes first.
import { explain } from '../../knowledge/index.js';
import { oneLine, summarize, type Finding, type Report } from '../../report/index.js';
import type { FleetNode } from '../types.js';
import { fleetRootCauses } from './fleet-root-causes.js';
import type { FleetFinding, FleetNodeEntry, FleetReport } from './fleet-report.js';
import { FLEET_REPORT_VERSION } from './fleet-report.js';
import type { NodeFailure } from './node-cause.js';
import type { FleetRun, NodeResult } from './run-fleet.js';

/** The finding that stands for a node that could not be checked. */
export function nodeFinding(node: FleetNode, failure: NodeFailure): FleetFinding {
  const detail = oneLine(failure.detail, 300);
  const texts = explain(failure.cause, { host: node.name, detail });
  return {
    node: node.name,
    ruleIds: ['fleet.node'],
    target: { host: node.name, port: 22, transport: 'tcp', scheme: 'ssh', via: 'direct' },
    // Interrupted is not a verdict on the node: skip, as an interrupted target is.
    status: failure.cause === 'node.interrupted' ? 'skip' : 'fail',
    cause: failure.cause,
    notes: [],
    steps: [],
    explanation: texts.explanation,
    remediation: texts.remediation,
    verify: texts.verify,
  };
}

function hostOf(node: FleetNode): string {
  return (node.address ?? node.name.slice(node.name.lastIndexOf('@') + 1)).toLowerCase();
}

/** A peer's port its listener could not open without root: the check of it says nothing, so it is a skip. */
function privilegedSkips(results: readonly NodeResult[]): (finding: Finding) => Finding {
  const closed = new Map<string, FleetNode>();
  for (const r of results) {
    if (r.root === true) continue;
    for (const p of r.listening?.failed ?? []) {
      if (p.code === 'EACCES' || p.code === 'EPERM') closed.set(`${hostOf(r.node)} ${p.port}/${p.transport}`, r.node);
    }
  }
  return (finding) => {
    const node = closed.get(`${finding.target.host.toLowerCase()} ${finding.target.port}/${finding.target.transport}`);
    if (node === undefined || finding.status === 'pass') return finding;
    const texts = explain('node.privileged-port', { host: node.name, port: String(finding.target.port), detail: 'Run with --sudo to check it.' });
    return { ...finding, status: 'skip', cause: 'node.privileged-port', explanation: texts.explanation, remediation: texts.remediation, verify: texts.verify };
  };
}

function entryOf(result: NodeResult, report: Report | undefined): FleetNodeEntry {
  const { node } = result;
  return {
    name: node.name,
    roles: [...node.roles],
    ...(node.address !== undefined ? { address: node.address } : {}),
    origin: node.origin,
    state: report !== undefined ? 'checked' : 'not-checked',
    ...(result.failure !== undefined ? { cause: result.failure.cause } : {}),
    ...(report !== undefined ? { summary: report.summary } : {}),
    notOpened: (result.listening?.failed ?? []).map((p) => ({ port: p.port, transport: p.transport, code: p.code })),
    rootCauses: report?.rootCauses ?? [],
  };
}

export interface FleetReportMeta {
  readonly version: string;
  readonly peers: string;
  /** The site flags the nodes were checked with, credentials masked. */
  readonly site?: readonly string[];
}

export function fleetReport(run: FleetRun, meta: FleetReportMeta): FleetReport {
  const skip = privilegedSkips(run.results);
  const findings: FleetFinding[] = [];
  const nodes: FleetNodeEntry[] = [];
  for (const result of run.results) {
    const report = result.report;
    nodes.push(entryOf(result, report));
    if (report !== undefined) for (const f of report.findings) findings.push({ ...skip(f), node: result.node.name });
    else findings.push(nodeFinding(result.node, result.failure ?? { cause: 'node.failed', detail: 'no report came back' }));
  }
  const failing = run.results.filter((r) => findings.some((f) => f.node === r.node.name && f.status === 'fail')).length;
  const checked = nodes.filter((n) => n.state === 'checked').length;
  return {
    kind: 'fleet',
    fleetVersion: FLEET_REPORT_VERSION,
    tool: { name: 'netreq', version: meta.version },
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    interrupted: run.interrupted,
    timedOut: run.timedOut,
    peers: meta.peers,
    ...(meta.site !== undefined ? { site: [...meta.site] } : {}),
    nodes,
    rootCauses: fleetRootCauses(run.results.map((r) => r.node), findings, nodes),
    findings,
    summary: { nodes: nodes.length, checked, notChecked: nodes.length - checked, failing, findings: summarize(findings) },
  };
}
