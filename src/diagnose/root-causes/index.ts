import type { RemediationTable } from '../../knowledge/index.js';
import type { Report, RootCause } from '../../schema/index.js';

export interface RootCauseOptions {
  /** The remediation texts; catalog/remediations.yaml by default. */
  readonly remediations?: RemediationTable | undefined;
}

/** The fewest causes that explain the report's findings that did not pass. Pure. */
export function rootCausesOf(_report: Pick<Report, 'findings' | 'runtime'>, _options: RootCauseOptions = {}): RootCause[] {
  return [];
}

/** The report with its root causes made (again) from its findings. */
export function withRootCauses(report: Report, options: RootCauseOptions = {}): Report {
  return { ...report, rootCauses: rootCausesOf(report, options) };
}
