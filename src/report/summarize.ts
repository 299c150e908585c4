import type { Finding, Status } from '../diagnose/schema.js';
import type { Summary } from './schema.js';

/** Counts of findings by status. */
export function summarize(findings: readonly Pick<Finding, 'status'>[]): Summary {
  const summary: Summary = { pass: 0, warn: 0, fail: 0, skip: 0 };
  for (const finding of findings) summary[finding.status] += 1;
  return summary;
}

/** Failures first, then warnings, skips, passes: the order a person reads a report in. */
export const STATUS_ORDER: readonly Status[] = ['fail', 'warn', 'skip', 'pass'];

/** `2 fail, 1 warn, 8 pass, 1 skip`, leaving out nothing: zeros say as much as counts. */
export function summaryLine(summary: Summary): string {
  return `${summary.fail} fail, ${summary.warn} warn, ${summary.pass} pass, ${summary.skip} skip`;
}
