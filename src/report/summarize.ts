import type { Finding, Status } from '../schema/index.js';
import type { Summary } from '../schema/index.js';

/**
 * The causes of a target the run did not finish: Ctrl-C, the whole-run limit, this machine's
 * own limits (file descriptors, socket buffers). A run with any of them is incomplete.
 */
export const CUT_SHORT_CAUSES: readonly string[] = ['check.interrupted', 'check.time-limit', 'check.local-limit'];

/**
 * Skips that fail the run: a target the run did not finish for a reason of its own (the
 * whole-run limit, this machine's limits) is never taken for a pass (DESIGN.md, exit codes).
 */
export const FAILING_SKIPS: readonly string[] = ['check.time-limit', 'check.local-limit'];

/** A finding the exit code counts as a failure: a fail, or a target the run did not finish in its limits. */
export function countsAsFailure(finding: Pick<Finding, 'status' | 'cause'>): boolean {
  return finding.status === 'fail' || (finding.status === 'skip' && finding.cause !== undefined && FAILING_SKIPS.includes(finding.cause));
}

/** Counts of findings by status; `incomplete` when any target was not finished. */
export function summarize(findings: readonly Pick<Finding, 'status' | 'cause'>[]): Summary {
  const summary: Summary = { pass: 0, warn: 0, fail: 0, skip: 0 };
  let cutShort = 0;
  for (const finding of findings) {
    summary[finding.status] += 1;
    if (finding.cause !== undefined && CUT_SHORT_CAUSES.includes(finding.cause)) cutShort += 1;
  }
  return cutShort > 0 ? { ...summary, incomplete: cutShort } : summary;
}

/** Failures first, then warnings, skips, passes: the order a person reads a report in. */
export const STATUS_ORDER: readonly Status[] = ['fail', 'warn', 'skip', 'pass'];

/** `2 fail, 1 warn, 8 pass, 1 skip`, leaving out nothing: zeros say as much as counts. */
export function summaryLine(summary: Summary): string {
  return `${summary.fail} fail, ${summary.warn} warn, ${summary.pass} pass, ${summary.skip} skip`;
}

/** `INCOMPLETE: 3 targets not finished`, or undefined for a run that finished every target. */
export function incompleteLine(summary: Summary): string | undefined {
  const count = summary.incomplete ?? 0;
  if (count === 0) return undefined;
  return `INCOMPLETE: ${count} target${count === 1 ? '' : 's'} not finished (listed as skip); not a pass`;
}
