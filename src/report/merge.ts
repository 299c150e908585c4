import type { Status } from '../schema/index.js';
import { targetIdentity, type FindingState } from './diff.js';
import type { Report } from '../schema/index.js';
import { compareText } from '../compare-text.js';

export interface MachineReport {
  /** The machine's name in the matrix (the file name, or LABEL= given for it). */
  readonly machine: string;
  readonly report: Report;
}

export interface MergeRow {
  readonly target: string;
  readonly ruleIds: readonly string[];
  /** Per machine; a machine that did not check the target has no cell. */
  readonly cells: Readonly<Record<string, FindingState>>;
  readonly counts: Readonly<Record<Status, number>>;
  /** Machines whose status is the rarer one on a row where most agree: the ones to look at. */
  readonly outliers: readonly string[];
}

export interface MergedReports {
  readonly machines: readonly string[];
  readonly rows: readonly MergeRow[];
}

const ORDER: readonly Status[] = ['fail', 'warn', 'skip', 'pass'];

function outliersOf(cells: Readonly<Record<string, FindingState>>, counts: Readonly<Record<Status, number>>): string[] {
  const present = ORDER.filter((s) => counts[s] > 0);
  if (present.length < 2) return [];
  const majority = present.reduce((a, b) => (counts[b] > counts[a] ? b : a));
  return Object.entries(cells)
    .filter(([, cell]) => cell.status !== majority)
    .map(([machine]) => machine);
}

/** Mixed rows first (a rule failing on 2 nodes of 40 stands out), then failures, then the rest. */
function rowRank(row: MergeRow): number {
  if (row.outliers.length > 0) return 0;
  if (row.counts.fail > 0) return 1;
  if (row.counts.warn > 0) return 2;
  if (row.counts.skip > 0) return 3;
  return 4;
}

/** One matrix of targets by machine from the reports of several machines. */
export function mergeReports(inputs: readonly MachineReport[]): MergedReports {
  const machines = inputs.map((i) => i.machine);
  const rows = new Map<string, { ruleIds: Set<string>; cells: Record<string, FindingState> }>();
  for (const { machine, report } of inputs) {
    for (const finding of report.findings) {
      const id = targetIdentity(finding);
      const row = rows.get(id) ?? { ruleIds: new Set<string>(), cells: {} };
      for (const ruleId of finding.ruleIds) row.ruleIds.add(ruleId);
      const previous = row.cells[machine];
      // One machine with the target twice (direct and through the proxy): the worse counts.
      if (!previous || ORDER.indexOf(finding.status) < ORDER.indexOf(previous.status)) {
        row.cells[machine] = finding.cause !== undefined ? { status: finding.status, cause: finding.cause } : { status: finding.status };
      }
      rows.set(id, row);
    }
  }
  const merged: MergeRow[] = [...rows.entries()].map(([target, row]) => {
    const counts: Record<Status, number> = { pass: 0, warn: 0, fail: 0, skip: 0 };
    for (const cell of Object.values(row.cells)) counts[cell.status] += 1;
    return { target, ruleIds: [...row.ruleIds], cells: row.cells, counts, outliers: outliersOf(row.cells, counts) };
  });
  merged.sort((a, b) => rowRank(a) - rowRank(b) || b.counts.fail - a.counts.fail || compareText(a.target, b.target));
  return { machines, rows: merged };
}
