import { mdCode, mdText } from './render-markdown.js';
import { oneLine } from './sanitize.js';
import { DIFF_ORDER, type DiffEntry, type DiffKind, type FindingState, type ReportDiff } from './diff.js';

const TITLES: Readonly<Record<DiffKind, string>> = {
  broke: 'Broke',
  fixed: 'Fixed',
  changed: 'Changed (same verdict class, other cause, or checked only once)',
  added: 'New targets',
  removed: 'No longer checked',
  unchanged: 'Unchanged',
};

function stateText(s: FindingState | undefined): string {
  if (!s) return '-';
  return s.cause !== undefined ? `${s.status} ${s.cause}` : s.status;
}

function countsLine(diff: ReportDiff): string {
  return DIFF_ORDER.map((k) => `${diff.counts[k]} ${k}`).join(', ');
}

/** Plain text: each group with its targets, before -> after. */
export function renderDiffText(diff: ReportDiff): string {
  const lines = [`netreq diff: ${oneLine(diff.old.startedAt, 40)} -> ${oneLine(diff.new.startedAt, 40)}`, countsLine(diff), ''];
  for (const kind of DIFF_ORDER) {
    const entries = diff.entries.filter((e) => e.kind === kind);
    if (entries.length === 0) continue;
    lines.push(`${TITLES[kind]} (${entries.length})`);
    for (const e of entries) {
      lines.push(`  ${oneLine(e.target, 200)}  ${oneLine(stateText(e.before), 80)} -> ${oneLine(stateText(e.after), 80)}  (${oneLine(e.ruleIds.join(', '), 200)})`);
      if (e.remediation !== undefined && kind === 'broke') lines.push(`      ${oneLine(e.remediation, 400)}`);
    }
    lines.push('');
  }
  return `${lines.join('\n')}`;
}

function mdRow(e: DiffEntry): string {
  return `| ${mdCode(e.target, 200)} | ${mdText(stateText(e.before), 80)} | ${mdText(stateText(e.after), 80)} | ${mdText(e.ruleIds.join(', '), 200)} |`;
}

/** Markdown for the ticket with the network team: what broke and what got fixed first. */
export function renderDiffMarkdown(diff: ReportDiff): string {
  const lines = ['# netreq: what changed', '', `${mdText(diff.old.startedAt, 40)} → ${mdText(diff.new.startedAt, 40)} · **${countsLine(diff)}**`, ''];
  for (const kind of DIFF_ORDER) {
    const entries = diff.entries.filter((e) => e.kind === kind);
    if (entries.length === 0) continue;
    lines.push(`## ${TITLES[kind]} (${entries.length})`, '', '| Target | Before | After | Rules |', '| --- | --- | --- | --- |', ...entries.map(mdRow), '');
  }
  return `${lines.join('\n')}`;
}

export function renderDiffJson(diff: ReportDiff): string {
  return `${JSON.stringify({ diffVersion: 1, ...diff }, null, 2)}\n`;
}
