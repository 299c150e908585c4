// Two fleet reports compared node by node and, on each node, target by target (the Report diff's
// own rules: fixed, broke, changed, added, removed, unchanged). Whether a node could be checked at
// all is one more "target" of it, `node`: a node that was unreachable and is checked now is fixed.
import type { FleetFinding, FleetReport } from '../schema/index.js';
import type { Report } from '../schema/index.js';
import { compareText } from '../compare-text.js';
import { DIFF_ORDER, diffReports, type DiffEntry, type DiffKind } from './diff.js';

/** The pseudo-target that stands for the node's own state (checked, or not and why). */
export const NODE_TARGET = 'node';

export interface FleetDiffEntry extends DiffEntry {
  readonly node: string;
}

export interface FleetDiffNode {
  readonly name: string;
  readonly state: 'checked' | 'not-checked';
  readonly cause?: string;
}

export interface FleetDiff {
  readonly old: { readonly startedAt: string; readonly version: string; readonly nodes: number };
  readonly new: { readonly startedAt: string; readonly version: string; readonly nodes: number };
  readonly nodesAdded: readonly FleetDiffNode[];
  readonly nodesRemoved: readonly FleetDiffNode[];
  readonly entries: readonly FleetDiffEntry[];
  readonly counts: Readonly<Record<DiffKind, number>>;
}

const isNodeFinding = (f: FleetFinding): boolean => f.ruleIds.includes('fleet.node');

/** One node's findings as the Report diff reads them; its own state as the finding `node`. */
function nodeView(report: FleetReport, name: string): Report {
  const entry = report.nodes.find((n) => n.name === name);
  const own = report.findings.filter((f) => f.node === name);
  const stateFinding = own.find(isNodeFinding);
  const state = {
    ruleIds: ['fleet.node'], target: { host: NODE_TARGET, port: 0, transport: 'tcp' as const, scheme: 'ssh' as const, via: 'direct' as const },
    status: entry?.state === 'checked' ? ('pass' as const) : (stateFinding?.status ?? 'fail'),
    ...(entry?.state !== 'checked' ? { cause: stateFinding?.cause ?? entry?.cause ?? 'node.failed' } : {}),
    notes: [], steps: [],
    ...(entry?.state !== 'checked' && stateFinding?.remediation !== undefined ? { remediation: stateFinding.remediation } : {}),
  };
  // diffReports reads only startedAt, tool and findings.
  return { startedAt: report.startedAt, tool: report.tool, findings: [state, ...own.filter((f) => !isNodeFinding(f))] } as unknown as Report;
}

function diffNode(n: FleetReport['nodes'][number]): FleetDiffNode {
  return { name: n.name, state: n.state, ...(n.cause !== undefined ? { cause: n.cause } : {}) };
}

export function diffFleetReports(oldReport: FleetReport, newReport: FleetReport): FleetDiff {
  const oldNames = new Set(oldReport.nodes.map((n) => n.name));
  const newNames = new Set(newReport.nodes.map((n) => n.name));
  const entries: FleetDiffEntry[] = [];
  for (const node of newReport.nodes) {
    if (!oldNames.has(node.name)) continue;
    for (const e of diffReports(nodeView(oldReport, node.name), nodeView(newReport, node.name)).entries) {
      entries.push({ ...e, node: node.name, target: e.target.startsWith(`${NODE_TARGET}:0/`) ? NODE_TARGET : e.target });
    }
  }
  entries.sort((a, b) => DIFF_ORDER.indexOf(a.kind) - DIFF_ORDER.indexOf(b.kind) || compareText(a.node, b.node) || compareText(a.target, b.target));
  const counts = Object.fromEntries(DIFF_ORDER.map((k) => [k, entries.filter((e) => e.kind === k).length])) as Record<DiffKind, number>;
  const meta = (r: FleetReport): FleetDiff['old'] => ({ startedAt: r.startedAt, version: r.tool.version, nodes: r.nodes.length });
  return {
    old: meta(oldReport),
    new: meta(newReport),
    nodesAdded: newReport.nodes.filter((n) => !oldNames.has(n.name)).map(diffNode),
    nodesRemoved: oldReport.nodes.filter((n) => !newNames.has(n.name)).map(diffNode),
    entries,
    counts,
  };
}
