// A report's findings as its root causes group them: the findings under each cause, and the ones
// no cause explains ("standing alone"). A report without root causes has every finding standing alone.
import { findingKey, type Finding, type Report, type RootCause } from '../schema/index.js';
import { orderFindings } from './finding-order.js';

/** The report's root causes in its order (most findings first); none when the report predates them. */
export function reportRootCauses(report: Pick<Report, 'rootCauses'>): readonly RootCause[] {
  return report.rootCauses ?? [];
}

/** The findings a root cause explains, failures first as the results list orders them. */
export function explainedBy(findings: readonly Finding[], cause: RootCause): Finding[] {
  const keys = new Set(cause.findings);
  return orderFindings(findings.filter((f) => keys.has(findingKey(f))));
}

/** The findings no root cause explains, in report order. */
export function standingAlone(report: Pick<Report, 'findings' | 'rootCauses'>): Finding[] {
  const explained = new Set(reportRootCauses(report).flatMap((c) => c.findings));
  return report.findings.filter((f) => !explained.has(findingKey(f)));
}
