// Plain text for serial consoles and screen readers: one line per finished target, then the results.
import type { Finding, Status } from '../../schema/index.js';
import type { Report } from '../../report/index.js';
import { orderFindings, targetLabel } from '../finding-order.js';
import { wrap } from '../../text/index.js';

const WORD: Readonly<Record<Status, string>> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', skip: 'SKIP' };

/** `FAIL runai.jfrog.io:443  tcp.refused  [runai.registry]` */
export function progressLine(finding: Finding, done: number, total: number): string {
  const cause = finding.cause ? `  ${finding.cause}` : '';
  return `[${done}/${total}] ${WORD[finding.status]} ${targetLabel(finding.target)}${cause}  [${finding.ruleIds.join(', ')}]`;
}

export function summaryLine(summary: Report['summary'], interrupted: boolean): string {
  const counts = `${summary.pass} pass, ${summary.warn} warn, ${summary.fail} fail, ${summary.skip} skip`;
  if (interrupted) return `Stopped early: ${counts} (the targets not finished are the skips marked check.interrupted).`;
  const incomplete = summary.incomplete ?? 0;
  return incomplete > 0 ? `Incomplete: ${counts}; ${incomplete} not finished in the time limit (check.time-limit), not a pass.` : `Done: ${counts}.`;
}

/** Failures first, each with what happened, what to do and how to check by hand; passes as a count. */
export function resultLines(report: Report, width = 80): string[] {
  const lines: string[] = ['', 'Results, failures first:'];
  const notPassed = orderFindings(report.findings).filter((f) => f.status !== 'pass');
  for (const f of notPassed) {
    lines.push('', `${WORD[f.status]} ${targetLabel(f.target)}${f.cause ? `  ${f.cause}` : ''}`, `  rules: ${f.ruleIds.join(', ')}`);
    if (f.explanation) lines.push(...wrap(`What happened: ${f.explanation}`, width, '  '));
    if (f.remediation) lines.push(...wrap(`What to do: ${f.remediation}`, width, '  '));
    if (f.verify) lines.push(`  Check by hand: ${f.verify}`);
  }
  const passed = report.findings.length - notPassed.length;
  lines.push('', notPassed.length === 0 ? `All ${passed} targets passed.` : `${passed} other targets passed.`);
  const elsewhere = new Set(report.elsewhere.map((e) => e.ruleId)).size;
  if (elsewhere > 0) {
    lines.push(`${elsewhere} more rule${elsewhere === 1 ? '' : 's'} must be checked from another machine: ${[...new Set(report.elsewhere.flatMap((e) => e.fromRoles))].join(', ')}.`);
  }
  lines.push(summaryLine(report.summary, report.interrupted));
  return lines;
}
