import { mdCode, mdCommandBlock, mdText, mdWhere } from './markdown-text.js';
import { statusLabel } from './status-style.js';
import { explainsCount, namedTargets, type RootCauseGroup } from './root-cause-view.js';

function explains(group: RootCauseGroup): string {
  const { named, more } = namedTargets(group.cause);
  const list = named.length > 0 ? `: ${named.map((t) => mdCode(t, 200)).join(', ')}${more > 0 ? `, and ${more} more` : ''}` : '';
  return `${explainsCount(group.cause)}${list}.`;
}

function evidenceTable(group: RootCauseGroup): string[] {
  const entries = Object.entries(group.cause.evidence);
  if (entries.length === 0) return [];
  return ['| Evidence | Value |', '| --- | --- |', ...entries.map(([name, value]) => `| ${mdText(name, 80)} | ${mdText(value, 300)} |`), ''];
}

function findingsTable(group: RootCauseGroup): string[] {
  if (group.findings.length === 0) return [];
  const rows = group.findings.map((f) => `| ${statusLabel(f.status)} | ${mdWhere(f)} | ${f.target.port} | ${f.target.via} | ${mdCode(f.cause ?? '-', 60)} |`);
  return ['| Status | Host | Port | Route | Cause |', '| --- | --- | --- | --- | --- |', ...rows, ''];
}

/** One root cause: a heading, its summary, the evidence, what it explains, one remediation, the command that verifies it. */
function causeLines(group: RootCauseGroup): string[] {
  const { cause } = group;
  const lines = [`### ${statusLabel(cause.status)}: ${mdText(cause.title, 200)}`, '', `${mdCode(cause.code, 80)} · ${mdText(cause.summary, 1000)}`, ''];
  lines.push(...evidenceTable(group), explains(group), '', ...findingsTable(group));
  if (cause.remediation) lines.push(`**What to do:** ${mdText(cause.remediation, 1000)}`, '');
  if (cause.verify) lines.push('Verify:', '', ...mdCommandBlock(cause.verify), '');
  return lines;
}

/** `## Root causes`, leading the summary: each cause with the findings it explains, one row each. */
export function rootCauseSection(groups: readonly RootCauseGroup[]): string[] {
  const lines = [`## Root causes (${groups.length})`, ''];
  for (const group of groups) lines.push(...causeLines(group));
  return lines;
}
