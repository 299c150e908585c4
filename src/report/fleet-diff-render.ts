// A fleet diff as text, Markdown and JSON: what broke and what got fixed first, each line naming
// the node; the unchanged only counted (a fleet has nodes times targets of them), in JSON listed.
import { DIFF_ORDER, type DiffKind, type FindingState } from './diff.js';
import type { FleetDiff, FleetDiffEntry, FleetDiffNode } from './fleet-diff.js';
import { mdCode, mdText } from './render-markdown.js';
import { oneLine } from './sanitize.js';

const TITLES: Readonly<Record<DiffKind, string>> = {
  broke: 'Broke',
  fixed: 'Fixed',
  changed: 'Changed (same verdict class, other cause, or checked only once)',
  added: 'New on a node',
  removed: 'No longer checked on a node',
  unchanged: 'Unchanged',
};

function stateText(s: FindingState | undefined): string {
  if (!s) return '-';
  return s.cause !== undefined ? `${s.status} ${s.cause}` : s.status;
}

function nodeText(n: FleetDiffNode): string {
  return n.state === 'checked' ? n.name : `${n.name} (not checked: ${n.cause ?? 'unknown'})`;
}

function countsLine(diff: FleetDiff): string {
  const nodes = `nodes: ${diff.nodesAdded.length} added, ${diff.nodesRemoved.length} removed`;
  return `${DIFF_ORDER.map((k) => `${diff.counts[k]} ${k}`).join(', ')}; ${nodes}`;
}

const listed = (kind: DiffKind): boolean => kind !== 'unchanged';

export function renderFleetDiffText(diff: FleetDiff): string {
  const lines = [`netreq diff (fleet): ${oneLine(diff.old.startedAt, 40)} -> ${oneLine(diff.new.startedAt, 40)}`, countsLine(diff), ''];
  for (const kind of DIFF_ORDER) {
    const entries = diff.entries.filter((e) => e.kind === kind);
    if (entries.length === 0 || !listed(kind)) continue;
    lines.push(`${TITLES[kind]} (${entries.length})`);
    for (const e of entries) {
      lines.push(`  ${oneLine(e.node, 80)}  ${oneLine(e.target, 200)}  ${oneLine(stateText(e.before), 80)} -> ${oneLine(stateText(e.after), 80)}`);
      if (e.remediation !== undefined && kind === 'broke') lines.push(`      ${oneLine(e.remediation, 400)}`);
    }
    lines.push('');
  }
  if (diff.nodesAdded.length > 0) lines.push(`Nodes added (${diff.nodesAdded.length}): ${oneLine(diff.nodesAdded.map(nodeText).join(', '), 2000)}`);
  if (diff.nodesRemoved.length > 0) lines.push(`Nodes removed (${diff.nodesRemoved.length}): ${oneLine(diff.nodesRemoved.map(nodeText).join(', '), 2000)}`);
  if (diff.counts.unchanged > 0) lines.push(`Unchanged: ${diff.counts.unchanged} node and target pairs`);
  return `${lines.join('\n')}\n`;
}

function mdRow(e: FleetDiffEntry): string {
  return `| ${mdCode(e.node, 80)} | ${mdCode(e.target, 200)} | ${mdText(stateText(e.before), 80)} | ${mdText(stateText(e.after), 80)} |`;
}

export function renderFleetDiffMarkdown(diff: FleetDiff): string {
  const lines = ['# netreq: what changed across the fleet', '', `${mdText(diff.old.startedAt, 40)} → ${mdText(diff.new.startedAt, 40)} · **${mdText(countsLine(diff), 200)}**`, ''];
  for (const kind of DIFF_ORDER) {
    const entries = diff.entries.filter((e) => e.kind === kind);
    if (entries.length === 0 || !listed(kind)) continue;
    lines.push(`## ${TITLES[kind]} (${entries.length})`, '', '| Node | Target | Before | After |', '| --- | --- | --- | --- |', ...entries.map(mdRow), '');
  }
  for (const [title, nodes] of [['Nodes added', diff.nodesAdded], ['Nodes removed', diff.nodesRemoved]] as const) {
    if (nodes.length > 0) lines.push(`## ${title} (${nodes.length})`, '', ...nodes.map((n) => `- ${mdText(nodeText(n), 200)}`), '');
  }
  return `${lines.join('\n')}`;
}

export function renderFleetDiffJson(diff: FleetDiff): string {
  return `${JSON.stringify({ diffVersion: 1, kind: 'fleet', ...diff }, null, 2)}\n`;
}
