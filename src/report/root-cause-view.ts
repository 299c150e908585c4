import { findingKey, type Finding, type Report, type RootCause } from '../schema/index.js';

/** One root cause with the report's findings it explains, in report order. */
export interface RootCauseGroup {
  readonly cause: RootCause;
  /** 1-based, in report order: a stable name for anchors and test cases. */
  readonly number: number;
  readonly findings: readonly Finding[];
}

/** What every renderer needs to lead with the root causes. */
export interface RootCauseView {
  readonly groups: readonly RootCauseGroup[];
  /** The findings no root cause explains, in report order: they keep their full cards. */
  readonly standingAlone: readonly Finding[];
  /** The first group that explains a finding, if any. */
  readonly groupOf: (finding: Finding) => RootCauseGroup | undefined;
}

/**
 * The report's root causes matched to its findings by `findingKey`; undefined when the report has
 * none (absent or empty), so a renderer keeps today's output exactly. A key a finding does not
 * carry is ignored (a report file may be stale or hand-edited); a finding two causes name is
 * listed under both and explained by the first.
 */
export function rootCauseView(report: Pick<Report, 'findings' | 'rootCauses'>): RootCauseView | undefined {
  const causes = report.rootCauses ?? [];
  if (causes.length === 0) return undefined;
  const keys = report.findings.map((finding) => findingKey(finding));
  const first = new Map<string, RootCauseGroup>();
  const groups = causes.map((cause, index): RootCauseGroup => {
    const named = new Set(cause.findings);
    const group = { cause, number: index + 1, findings: report.findings.filter((_f, i) => named.has(keys[i] ?? '')) };
    for (const key of named) if (!first.has(key)) first.set(key, group);
    return group;
  });
  const byFinding = new Map<Finding, RootCauseGroup>();
  report.findings.forEach((finding, i) => {
    const group = first.get(keys[i] ?? '');
    if (group !== undefined) byFinding.set(finding, group);
  });
  return {
    groups,
    standingAlone: report.findings.filter((finding) => !byFinding.has(finding)),
    groupOf: (finding) => byFinding.get(finding),
  };
}

/** Targets a cause names in its "Explains N findings: ..." line; each explained finding has its own line anyway. */
const TARGETS_NAMED = 10;

/** The targets a cause names in a short listing, and how many it leaves out. */
export function namedTargets(cause: Pick<RootCause, 'targets'>): { readonly named: readonly string[]; readonly more: number } {
  return { named: cause.targets.slice(0, TARGETS_NAMED), more: Math.max(0, cause.targets.length - TARGETS_NAMED) };
}

/** `Explains 3 findings` (or `1 finding`). */
export function explainsCount(cause: Pick<RootCause, 'findings'>): string {
  return `Explains ${cause.findings.length} finding${cause.findings.length === 1 ? '' : 's'}`;
}
