// The results list as lines: root causes first (under a heading), then the findings standing alone.
// Without root causes it is the findings alone, ordered and filtered as before issue 19.
import type { Finding, Report, RootCause } from '../schema/index.js';
import { orderFindings, type StatusFilter } from './finding-order.js';
import { explainedBy, reportRootCauses, standingAlone } from './root-cause-groups.js';
import { windowStart } from './text-layout.js';

export type ResultRowItem =
  | { readonly kind: 'cause'; readonly cause: RootCause; readonly findings: readonly Finding[] }
  | { readonly kind: 'finding'; readonly finding: Finding };
export type ResultItem = ResultRowItem | { readonly kind: 'heading'; readonly text: string };

export interface ResultList {
  /** Every line of the list, headings included. */
  readonly items: readonly ResultItem[];
  /** The rows a cursor can stand on, in list order. */
  readonly rows: readonly ResultRowItem[];
  /** `at[i]`: the line of `rows[i]` in `items`. */
  readonly at: readonly number[];
  readonly hasRootCauses: boolean;
}

export function resultList(report: Pick<Report, 'findings' | 'rootCauses'>, filter: StatusFilter): ResultList {
  const causes = reportRootCauses(report);
  if (causes.length === 0) return findingList(orderFindings(report.findings, filter));
  const shownCauses = causes.filter((cause) => filter === 'all' || cause.status === filter);
  const alone = orderFindings(standingAlone(report), filter);
  const items: ResultItem[] = [];
  if (shownCauses.length > 0) {
    items.push({ kind: 'heading', text: `Root causes (${shownCauses.length})` });
    items.push(...shownCauses.map((cause) => ({ kind: 'cause' as const, cause, findings: explainedBy(report.findings, cause) })));
  }
  if (alone.length > 0) {
    items.push({ kind: 'heading', text: `Findings no root cause explains (${alone.length})` });
    items.push(...alone.map((finding) => ({ kind: 'finding' as const, finding })));
  }
  const rows = items.filter((item): item is ResultRowItem => item.kind !== 'heading');
  const at = items.flatMap((item, i) => (item.kind === 'heading' ? [] : [i]));
  return { items, rows, at, hasRootCauses: true };
}

/** The first line of a window of `size` lines that shows `line`, and the heading just above it when there is one. */
export function itemWindow(previous: number, line: number, size: number, items: readonly ResultItem[]): number {
  const start = windowStart(previous, line, size, items.length);
  return line > 0 && line === start && items[line - 1]?.kind === 'heading' && size > 1 ? line - 1 : start;
}

/** A plain list of findings (the ones a root cause explains), as a list the cursor moves over. */
export function findingList(findings: readonly Finding[]): ResultList {
  const rows = findings.map((finding) => ({ kind: 'finding' as const, finding }));
  return { items: rows, rows, at: rows.map((_, i) => i), hasRootCauses: false };
}
