import type { Status } from '../schema/index.js';
import type { MergedReports, MergeRow } from './merge.js';
import { mdCode, mdText } from './render-markdown.js';
import { oneLine } from './sanitize.js';
import { statusSymbol } from './status-style.js';

/** Wider than this, the matrix is shown as one line per target naming the odd machines. */
const MAX_MATRIX_COLUMNS = 12;

function countsText(row: MergeRow): string {
  return (['fail', 'warn', 'skip', 'pass'] as const satisfies readonly Status[])
    .filter((s) => row.counts[s] > 0)
    .map((s) => `${row.counts[s]} ${s}`)
    .join(', ');
}

function outlierText(row: MergeRow): string {
  if (row.outliers.length === 0) return '';
  return row.outliers
    .map((m) => {
      const cell = row.cells[m];
      return `${m} ${cell ? `${cell.status}${cell.cause !== undefined ? ` ${cell.cause}` : ''}` : ''}`;
    })
    .join('; ');
}

/** Plain text: one line per target with its counts, the odd machines named. */
export function renderMergeText(merged: MergedReports): string {
  const lines = [`netreq merge: ${merged.machines.length} machines, ${merged.rows.length} targets`, ''];
  for (const row of merged.rows) {
    const worst = row.counts.fail > 0 ? 'fail' : row.counts.warn > 0 ? 'warn' : row.counts.skip > 0 ? 'skip' : 'pass';
    const odd = outlierText(row);
    lines.push(`${statusSymbol(worst)} ${oneLine(row.target, 200)}  ${countsText(row)}${odd !== '' ? `  <- ${oneLine(odd, 400)}` : ''}`);
  }
  lines.push('', `machines: ${merged.machines.map((m) => oneLine(m, 80)).join(', ')}`, '');
  return lines.join('\n');
}

/** Markdown: the full matrix for a few machines, else the per-target summary. */
export function renderMergeMarkdown(merged: MergedReports): string {
  const lines = ['# netreq: targets by machine', ''];
  if (merged.machines.length <= MAX_MATRIX_COLUMNS) {
    lines.push(`| Target | ${merged.machines.map((m) => mdText(m, 40)).join(' | ')} |`, `| --- | ${merged.machines.map(() => '---').join(' | ')} |`);
    for (const row of merged.rows) {
      const cells = merged.machines.map((m) => {
        const cell = row.cells[m];
        return cell ? mdText(`${cell.status}${cell.cause !== undefined ? ` ${cell.cause}` : ''}`, 60) : '-';
      });
      lines.push(`| ${mdCode(row.target, 200)} | ${cells.join(' | ')} |`);
    }
  } else {
    lines.push('| Target | Counts | Odd machines |', '| --- | --- | --- |');
    for (const row of merged.rows) lines.push(`| ${mdCode(row.target, 200)} | ${mdText(countsText(row), 80)} | ${mdText(outlierText(row), 600)} |`);
  }
  lines.push('');
  return lines.join('\n');
}

export function renderMergeJson(merged: MergedReports): string {
  return `${JSON.stringify({ mergeVersion: 1, ...merged }, null, 2)}\n`;
}
