import type { Finding } from '../schema/index.js';
import { renderStepLine } from './render-step-line.js';
import { oneLine, safeText } from './sanitize.js';
import type { Elsewhere, Report } from '../schema/index.js';
import { dim, paint, statusLabel } from './status-style.js';
import { incompleteLine, STATUS_ORDER, summarize, summaryLine } from './summarize.js';
import { fit, hardWrap } from '../text/index.js';
import { append } from '../append.js';
import { headLine, INDENT, labelled, verifyLines } from './render-text-parts.js';
import { rootCauseSection } from './render-text-root-causes.js';
import { rootCauseView } from './root-cause-view.js';

export interface TextOptions {
  readonly color: boolean;
  /** Explanations, notes and each step's evidence too. */
  readonly verbose?: boolean;
  /** ASCII symbols instead of ✗ ✓ (a terminal without UTF-8). */
  readonly ascii?: boolean;
  /** Columns to fit; 80 by default. */
  readonly width?: number;
}

/** Continuation lines of a step's evidence sit under its details. */
const STEP_CONTINUATION = '        ';

function findingLines(finding: Finding, options: TextOptions, width: number): string[] {
  const lines = [headLine(finding, options, width)];
  const verbose = options.verbose === true;
  if (verbose && finding.explanation) lines.push(...labelled('', finding.explanation, width));
  if (finding.remediation) lines.push(...labelled(verbose ? 'What to do: ' : '', finding.remediation, width));
  if (finding.verify) lines.push(...verifyLines(finding.verify, width));
  for (const note of finding.notes) lines.push(...labelled(`note (${safeText(note.code, { newlines: false })}): `, note.text, width));
  if (verbose) {
    for (const step of finding.steps) {
      for (const line of safeText(renderStepLine(step)).split('\n')) {
        for (const part of hardWrap(`${INDENT}${line}`, width, `${INDENT}${STEP_CONTINUATION}`)) lines.push(dim(part, options.color));
      }
    }
  }
  return lines;
}

function elsewhereLines(elsewhere: readonly Elsewhere[], width: number): string[] {
  if (elsewhere.length === 0) return [];
  const lines = [`Check from another machine (${elsewhere.length}):`];
  for (const item of elsewhere) {
    const roles = item.fromRoles.join(', ');
    lines.push(fit(`  ${oneLine(item.ruleId, 60)}  ${item.host.includes(' ') ? `${oneLine(item.host, 80)}, port ${oneLine(item.port, 20)}` : `${oneLine(item.host, 80)}:${oneLine(item.port, 20)}`}  check from ${roles}`, width));
  }
  return lines;
}

function titleLine(report: Report): string {
  const extras = [report.scenario !== undefined ? `scenario ${oneLine(report.scenario, 40)}` : undefined, report.interrupted ? 'INTERRUPTED' : (summarize(report.findings).incomplete ?? 0) > 0 ? 'INCOMPLETE' : undefined]
    .filter((x): x is string => x !== undefined)
    .join(', ');
  return `netreq ${oneLine(report.tool.version, 20)}: ${report.findings.length} checks${extras ? ` (${extras})` : ''}`;
}

/** Which edition of each product's requirements was checked, and why (the newest when the site gave no version). */
export function editionLines(report: Report, width: number): string[] {
  return (report.editions ?? []).map((e) => fit(`Requirements: ${oneLine(e.id, 40)}${editionWhy(e)}`, width));
}

function editionWhy(e: NonNullable<Report['editions']>[number]): string {
  if (e.chosen === 'newest-default') return ', the newest: no version given';
  if (e.chosen === 'newest-for-newer') return `, the newest: ${oneLine(e.asked ?? '', 20)} is newer than any listed`;
  return e.asked === e.id ? ', as asked' : `, for ${oneLine(e.asked ?? '', 40)}`;
}

/**
 * The plain report: the root causes first, each with the findings it explains on one line; then
 * the findings standing alone grouped by status, failures first, one line each and what to do
 * below it; the rules to check from elsewhere; a summary line of every finding. Fits `width` columns.
 */
export function renderText(report: Report, options: TextOptions): string {
  const width = options.width ?? 80;
  const lines = [titleLine(report), ...editionLines(report, width), ''];
  const view = rootCauseView(report);
  if (view !== undefined) append(lines, rootCauseSection(view.groups, options, width));
  const cards = view?.standingAlone ?? report.findings;
  for (const status of STATUS_ORDER) {
    const group = cards.filter((f) => f.status === status);
    if (group.length === 0) continue;
    lines.push(paint(status, `${statusLabel(status)} (${group.length})`, options.color));
    for (const finding of group) append(lines, findingLines(finding, options, width));
    lines.push('');
  }
  const elsewhere = elsewhereLines(report.elsewhere, width);
  if (elsewhere.length > 0) append(lines, [...elsewhere, '']);
  const summary = summarize(report.findings);
  lines.push(`Summary: ${summaryLine(summary)}${report.interrupted ? ' (interrupted: not every check finished)' : ''}`);
  const incomplete = incompleteLine(summary);
  if (incomplete !== undefined) lines.push(incomplete);
  return `${lines.join('\n')}\n`;
}
