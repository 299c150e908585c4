// The fleet report's matrix of nodes by targets: for each checked node, the status of each
// target it checked (the worse when it checked one twice, direct and through the proxy). Targets
// that fail somewhere come first, the most failing first; the node findings (fleet.node) are no
// target and stay out.
import type { FleetReport } from '../schema/index.js';
import type { Status } from '../schema/index.js';
import { compareText } from '../compare-text.js';
import { targetIdentity, type FindingState } from './diff.js';

export interface FleetMatrixColumn {
  /** `host:port/transport scheme`, as the diff names a target. */
  readonly id: string;
  readonly host: string;
  readonly port: number;
  readonly failing: number;
}

export interface FleetMatrixRow {
  readonly node: string;
  readonly checked: boolean;
  /** For a node not checked: its node.* cause. */
  readonly cause?: string;
  readonly cells: ReadonlyMap<string, FindingState>;
}

export interface FleetMatrix {
  readonly columns: readonly FleetMatrixColumn[];
  readonly rows: readonly FleetMatrixRow[];
}

const WORSE: readonly Status[] = ['fail', 'warn', 'skip', 'pass'];

export function fleetMatrix(report: FleetReport): FleetMatrix {
  const columns = new Map<string, { host: string; port: number; failing: Set<string> }>();
  const cells = new Map<string, Map<string, FindingState>>();
  for (const f of report.findings) {
    if (f.ruleIds.includes('fleet.node')) continue;
    const id = targetIdentity(f);
    const column = columns.get(id) ?? { host: f.target.host, port: f.target.port, failing: new Set<string>() };
    if (f.status === 'fail') column.failing.add(f.node);
    columns.set(id, column);
    const row = cells.get(f.node) ?? new Map<string, FindingState>();
    const before = row.get(id);
    if (before === undefined || WORSE.indexOf(f.status) < WORSE.indexOf(before.status)) row.set(id, f.cause !== undefined ? { status: f.status, cause: f.cause } : { status: f.status });
    cells.set(f.node, row);
  }
  return {
    columns: [...columns.entries()]
      .map(([id, c]) => ({ id, host: c.host, port: c.port, failing: c.failing.size }))
      .sort((a, b) => b.failing - a.failing || compareText(a.id, b.id)),
    rows: report.nodes.map((n) => ({
      node: n.name, checked: n.state === 'checked', ...(n.cause !== undefined ? { cause: n.cause } : {}), cells: cells.get(n.name) ?? new Map<string, FindingState>(),
    })),
  };
}
