// Plain text for serial consoles and screen readers: one line per finished target, then the results.
import type { Finding, RootCause, Status } from '../../schema/index.js';
import { safeText, type Report } from '../../report/index.js';
import { orderFindings, targetLabel } from '../finding-order.js';
import { reportRootCauses, standingAlone } from '../root-cause-groups.js';
import { evidenceText, flatText } from '../root-cause-lines.js';
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

function findingBlock(f: Finding, width: number): string[] {
  const lines = ['', `${WORD[f.status]} ${targetLabel(f.target)}${f.cause ? `  ${f.cause}` : ''}`, `  rules: ${f.ruleIds.join(', ')}`];
  if (f.explanation) lines.push(...wrap(`What happened: ${f.explanation}`, width, '  '));
  if (f.remediation) lines.push(...wrap(`What to do: ${f.remediation}`, width, '  '));
  if (f.verify) lines.push(`  Check by hand: ${f.verify}`);
  return lines;
}

/** A root cause as a person reads it aloud: title, summary, evidence, what to do, the command, the targets it explains. Its texts are the report's: sanitised. */
function rootCauseBlock(cause: RootCause, width: number): string[] {
  const lines = ['', `${WORD[cause.status]} ${flatText(cause.title)}  (${flatText(cause.code, 80)})`, ...wrap(safeText(cause.summary), width, '  ')];
  const evidence = evidenceText(cause.evidence);
  if (evidence !== '') lines.push(...wrap(`Evidence: ${evidence}`, width, '  '));
  if (cause.remediation !== '') lines.push(...wrap(`What to do: ${safeText(cause.remediation)}`, width, '  '));
  if (cause.verify !== '') lines.push(`  Check by hand: ${flatText(cause.verify, 1000)}`);
  const targets = cause.targets.map((t) => flatText(t));
  lines.push(...wrap(`Explains ${targets.length} target${targets.length === 1 ? '' : 's'}: ${targets.join(', ')}`, width, '  '));
  return lines;
}

/** Root causes first, then the findings they do not explain, failures first; each with what happened, what to do and how to check by hand; passes as a count. */
export function resultLines(report: Report, width = 80): string[] {
  const causes = reportRootCauses(report);
  const notPassed = orderFindings(report.findings).filter((f) => f.status !== 'pass');
  const lines: string[] = [];
  if (causes.length === 0) lines.push('', 'Results, failures first:', ...notPassed.flatMap((f) => findingBlock(f, width)));
  else {
    lines.push('', 'Results, root causes first:', ...causes.flatMap((cause) => rootCauseBlock(cause, width)));
    const alone = orderFindings(standingAlone(report)).filter((f) => f.status !== 'pass');
    if (alone.length > 0) lines.push('', 'Findings no root cause explains, failures first:', ...alone.flatMap((f) => findingBlock(f, width)));
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
