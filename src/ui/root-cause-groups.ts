// A report's findings as its root causes group them, for the results list: the matching is the
// report's own (`rootCauseView`, src/report), ordered here as the wizard lists findings.
import { rootCauseView } from '../report/index.js';
import type { Finding, Report, RootCause } from '../schema/index.js';
import { orderFindings } from './finding-order.js';

/** The report's root causes in its order (most findings first); none when the report predates them. */
export function reportRootCauses(report: Pick<Report, 'rootCauses'>): readonly RootCause[] {
  return report.rootCauses ?? [];
}

/** The findings a root cause explains, failures first as the results list orders them. */
export function explainedBy(findings: readonly Finding[], cause: RootCause): Finding[] {
  const group = rootCauseView({ findings: [...findings], rootCauses: [cause] })?.groups[0];
  return orderFindings(group?.findings ?? []);
}

/** The findings no root cause explains, in report order. */
export function standingAlone(report: Pick<Report, 'findings' | 'rootCauses'>): Finding[] {
  return [...(rootCauseView(report)?.standingAlone ?? report.findings)];
}
