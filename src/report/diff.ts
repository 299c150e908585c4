import type { Finding, Status } from '../schema/index.js';
import type { Report } from '../schema/index.js';
import { compareText } from '../compare-text.js';

/** How a target moved between two runs. */
export type DiffKind = 'fixed' | 'broke' | 'changed' | 'unchanged' | 'added' | 'removed';
export const DIFF_ORDER: readonly DiffKind[] = ['broke', 'fixed', 'changed', 'added', 'removed', 'unchanged'];

export interface FindingState {
  readonly status: Status;
  readonly cause?: string;
}

export interface DiffEntry {
  readonly kind: DiffKind;
  /** `host:port/transport scheme`: the same target whatever the route. */
  readonly target: string;
  readonly ruleIds: readonly string[];
  readonly before?: FindingState;
  readonly after?: FindingState;
  /** The new run's remediation for what broke or still fails. */
  readonly remediation?: string;
}

export interface ReportDiff {
  readonly old: { readonly startedAt: string; readonly version: string; readonly catalogVersion?: string };
  readonly new: { readonly startedAt: string; readonly version: string; readonly catalogVersion?: string };
  readonly entries: readonly DiffEntry[];
  readonly counts: Readonly<Record<DiffKind, number>>;
}

/** A finding's identity across runs: where it goes, not how (direct or through a proxy). */
export function targetIdentity(finding: Finding): string {
  const host = finding.target.host.includes(':') ? `[${finding.target.host}]` : finding.target.host;
  return `${host}:${finding.target.port}/${finding.target.transport} ${finding.target.scheme}`;
}

/** Working (pass, warn) beats failing; a skip was not checked, so moves to or from it are only changes. */
function kindOf(before: Finding, after: Finding): DiffKind {
  if (before.status === after.status) return before.cause === after.cause ? 'unchanged' : 'changed';
  if (before.status === 'skip' || after.status === 'skip') return 'changed';
  const rank: Readonly<Record<Status, number>> = { pass: 0, warn: 1, fail: 2, skip: 3 };
  return rank[after.status] < rank[before.status] ? 'fixed' : 'broke';
}

function state(finding: Finding): FindingState {
  return finding.cause !== undefined ? { status: finding.status, cause: finding.cause } : { status: finding.status };
}

function meta(report: Report): ReportDiff['old'] {
  return { startedAt: report.startedAt, version: report.tool.version, ...(report.tool.catalogVersion !== undefined ? { catalogVersion: report.tool.catalogVersion } : {}) };
}

/** What got fixed, what broke and what stayed, target by target, between two reports. */
export function diffReports(oldReport: Report, newReport: Report): ReportDiff {
  const before = new Map(oldReport.findings.map((f) => [targetIdentity(f), f]));
  const after = new Map(newReport.findings.map((f) => [targetIdentity(f), f]));
  const entries: DiffEntry[] = [];
  for (const [id, now] of after) {
    const then = before.get(id);
    const ruleIds = [...new Set([...(then?.ruleIds ?? []), ...now.ruleIds])];
    const kind = then ? kindOf(then, now) : 'added';
    const remediation = now.status === 'fail' && now.remediation !== undefined ? { remediation: now.remediation } : {};
    entries.push({ kind, target: id, ruleIds, ...(then ? { before: state(then) } : {}), after: state(now), ...remediation });
  }
  for (const [id, then] of before) {
    if (!after.has(id)) entries.push({ kind: 'removed', target: id, ruleIds: [...then.ruleIds], before: state(then) });
  }
  entries.sort((a, b) => DIFF_ORDER.indexOf(a.kind) - DIFF_ORDER.indexOf(b.kind) || compareText(a.target, b.target));
  const counts = Object.fromEntries(DIFF_ORDER.map((k) => [k, entries.filter((e) => e.kind === k).length])) as Record<DiffKind, number>;
  return { old: meta(oldReport), new: meta(newReport), entries, counts };
}
