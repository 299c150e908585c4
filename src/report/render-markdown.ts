import type { Finding } from '../schema/index.js';
import { mdCode, mdText, mdWhere } from './markdown-text.js';
import type { Report } from '../schema/index.js';
import { incompleteLine, summarize, summaryLine } from './summarize.js';
import { append } from '../append.js';
import { rootCauseView } from './root-cause-view.js';
import { rootCauseSection } from './render-markdown-root-causes.js';

export { mdCode, mdText } from './markdown-text.js';

const SECTION_TITLES = { fail: 'Failures', warn: 'Warnings', skip: 'Not checked' } as const;

function problemTable(findings: readonly Finding[]): string[] {
  const rows = findings.map((f) => {
    const todo = [f.remediation !== undefined ? mdText(f.remediation) : '', f.verify !== undefined ? `Verify: ${mdCode(f.verify)}` : '']
      .filter((x) => x.length > 0)
      .join('<br>');
    const notes = f.notes.length > 0 ? `<br>${f.notes.map((n) => `Note (${mdCode(n.code, 60)}): ${mdText(n.text, 300)}`).join('<br>')}` : '';
    return `| ${mdWhere(f)} | ${f.target.port} | ${f.target.via} | ${mdCode(f.cause ?? '-', 60)} | ${mdText(f.explanation ?? '', 600)} | ${todo}${notes} |`;
  });
  return ['| Host | Port | Route | Cause | What is wrong | What to do |', '| --- | --- | --- | --- | --- | --- |', ...rows];
}

function section(title: string, findings: readonly Finding[]): string[] {
  if (findings.length === 0) return [];
  return [`## ${title} (${findings.length})`, '', ...problemTable(findings), ''];
}

/**
 * A summary to paste into a ticket: the root causes first, each with the findings it explains;
 * then the failures standing alone with cause and remediation, then warnings, then the rest collapsed.
 */
export function renderMarkdown(report: Report): string {
  const view = rootCauseView(report);
  const cards = view?.standingAlone ?? report.findings;
  const by = (status: Finding['status']): Finding[] => cards.filter((f) => f.status === status);
  const meta = [`netreq ${mdText(report.tool.version, 20)}`, `${mdText(report.startedAt, 40)} to ${mdText(report.finishedAt, 40)}`];
  if (report.scenario !== undefined) meta.push(`simulated site ${mdText(report.scenario, 60)}`);
  if (report.interrupted) meta.push('**interrupted: not every check finished**');
  const incomplete = incompleteLine(summarize(report.findings));
  if (incomplete !== undefined && !report.interrupted) meta.push(`**${incomplete}**`);
  const lines = ['# netreq report', '', `**${summaryLine(summarize(report.findings))}** · ${meta.join(' · ')}`, ''];
  for (const e of report.editions ?? []) {
    const why = e.chosen === 'newest-default' ? 'the newest: no version given' : e.chosen === 'newest-for-newer' ? `the newest: ${mdText(e.asked ?? '', 20)} is newer than any listed` : `for ${mdText(e.asked ?? '', 40)}`;
    lines.push(`Requirements: ${mdCode(e.id, 60)} (${mdText(e.title, 120)}), ${why}; sources: ${e.sources.map((s) => mdText(s.doc, 200)).join(', ')}`, '');
  }
  if (view !== undefined) append(lines, rootCauseSection(view.groups));
  for (const status of ['fail', 'warn', 'skip'] as const) append(lines, section(SECTION_TITLES[status], by(status)));
  if (report.elsewhere.length > 0) {
    lines.push(`## Check from another machine (${report.elsewhere.length})`, '', '| Rule | Host | Port | From | Purpose |', '| --- | --- | --- | --- | --- |');
    for (const e of report.elsewhere) {
      lines.push(`| ${mdCode(e.ruleId, 80)} | ${mdCode(e.host, 200)} | ${mdText(e.port, 20)} | ${mdText(e.fromRoles.join(', '), 100)} | ${mdText(e.purpose, 200)} |`);
    }
    lines.push('');
  }
  const passed = report.findings.filter((f) => f.status === 'pass');
  if (passed.length > 0) {
    lines.push(`<details><summary>Passed (${passed.length})</summary>`, '', '| Host | Port | Route | Rules |', '| --- | --- | --- | --- |');
    for (const f of passed) lines.push(`| ${mdWhere(f)} | ${f.target.port} | ${f.target.via} | ${mdText(f.ruleIds.join(', '), 300)} |`);
    lines.push('', '</details>', '');
  }
  return `${lines.join('\n')}`;
}
