import type { KnowledgeData, RemediationTable } from '../knowledge/index.js';
import { REPORT_SCHEMA_VERSION, type Finding, type Report } from '../schema/index.js';
import { VERSION } from '../version.js';
import { classify } from './classify.js';
import { classifyContextOf, withBasisExpanded, withSharedBasis } from './classify-basis.js';
import { classifyThrown } from './classify-thrown.js';
import { runtimeFindingsOf } from './runtime-findings.js';
import { withRootCauses } from './root-causes/index.js';
import { withSiteFindings } from './site-findings.js';

/**
 * Judging a saved report again: its observations (each finding's steps) and what the classifier
 * read beside them (each finding's `basis`, the report's `runtime`), judged with this version's
 * classifier, knowledge and texts. Report schema 2 only: schema 1 kept no basis.
 */

export interface ReclassifyOptions {
  /** Squid's error names, the errno sentences; catalog/knowledge/ by default. */
  readonly knowledge?: KnowledgeData;
  /** The remediation texts; catalog/remediations.yaml by default. */
  readonly remediations?: RemediationTable;
  /** The catalog whose version is recorded in `reclassifiedBy`. */
  readonly catalog?: { readonly version: string };
  /** The netreq version recorded in `reclassifiedBy`; this one by default. */
  readonly version?: string;
}

/** A report that cannot be judged again: made with report schema 1, which kept no basis. */
export class ReclassifyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReclassifyError';
  }
}

export interface Reclassified {
  readonly report: Report;
  /** Findings kept as they were, having no basis to judge them again from (index in the report, key). */
  readonly kept: readonly { readonly index: number; readonly host: string; readonly port: number; readonly ruleIds: readonly string[] }[];
}

function judgedAgain(finding: Finding, options: ReclassifyOptions): Finding | undefined {
  const basis = finding.basis;
  if (basis === undefined) return undefined;
  const context = classifyContextOf(basis.context, options.knowledge);
  const classifyOptions = options.remediations !== undefined ? { remediations: options.remediations } : {};
  return basis.thrown !== undefined
    ? classifyThrown(basis.target, finding.steps, context, basis.thrown, classifyOptions)
    : classify(basis.target, finding.steps, context, classifyOptions);
}

/**
 * `reclassifyReport` with the list of findings it could not judge again (no basis: made by
 * something other than the classifier). Runtime findings (`source: 'runtime'`) are made again from
 * `report.runtime` at the place the first of them stood (or at the end); without it they are kept.
 */
export function reclassify(saved: Report, options: ReclassifyOptions = {}): Reclassified {
  const report = withBasisExpanded(saved);
  if (report.schemaVersion !== REPORT_SCHEMA_VERSION) {
    throw new ReclassifyError(
      `made by netreq ${report.tool.version} with report schema ${report.schemaVersion}: it has no observations' context to judge again; run the check again with this version (${options.version ?? VERSION}, report schema ${REPORT_SCHEMA_VERSION})`,
    );
  }
  const runtimeAgain = report.runtime !== undefined ? runtimeFindingsOf(report.runtime, options.remediations !== undefined ? { remediations: options.remediations } : {}) : undefined;
  const kept: { index: number; host: string; port: number; ruleIds: string[] }[] = [];
  const findings: Finding[] = [];
  let runtimePlaced = false;
  report.findings.forEach((finding, index) => {
    // Made again below from the targets' observations.
    if (finding.source === 'site') return;
    if (finding.source === 'runtime' && runtimeAgain !== undefined) {
      if (!runtimePlaced) findings.push(...runtimeAgain);
      runtimePlaced = true;
      return;
    }
    const again = finding.source === 'runtime' ? undefined : judgedAgain(finding, options);
    if (again === undefined) kept.push({ index, host: finding.target.host, port: finding.target.port, ruleIds: [...finding.ruleIds] });
    findings.push(again ?? finding);
  });
  if (runtimeAgain !== undefined && !runtimePlaced) findings.push(...runtimeAgain);
  const catalogVersion = options.catalog?.version;
  // This machine's clock and the root causes, made again from the targets' saved observations.
  const judgeOptions = { remediations: options.remediations, knowledge: options.knowledge };
  const reclassifiedBy = { version: options.version ?? VERSION, ...(catalogVersion !== undefined ? { catalogVersion } : {}) };
  return {
    report: withSharedBasis(withRootCauses(withSiteFindings({ ...report, findings, reclassifiedBy }, judgeOptions), judgeOptions)),
    kept,
  };
}

/**
 * A saved report judged again with this version: every finding with a basis made again by
 * `classify` from its steps, the runtime findings from `report.runtime`, the others kept as they
 * were; the summary counted again. Pure. Throws ReclassifyError for a report of schema 1.
 */
export function reclassifyReport(report: Report, options: ReclassifyOptions = {}): Report {
  return reclassify(report, options).report;
}

/** How many findings differ in status or cause between a report and the same report judged again. */
export function changedFindings(before: Report, after: Report): number {
  let changed = Math.abs(before.findings.length - after.findings.length);
  const count = Math.min(before.findings.length, after.findings.length);
  for (let i = 0; i < count; i += 1) {
    const a = before.findings[i];
    const b = after.findings[i];
    if (a?.status !== b?.status || a?.cause !== b?.cause) changed += 1;
  }
  return changed;
}
