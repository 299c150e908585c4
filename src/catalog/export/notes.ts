import type { RuleRow } from './rows.js';
import { patternText } from '../templates.js';

/** The remarks a reader of a listing needs beside the purpose, in reading order. */
export function rowNotes(row: RuleRow): string[] {
  const notes: string[] = [];
  if (row.sourceRanges) notes.push(`traffic from ${row.sourceRanges.join(', ')}`);
  if (row.unresolved) notes.push(`not checkable yet (${row.unresolved.cause}): ${row.unresolved.detail}`);
  if (row.pattern !== undefined && row.pattern !== row.host) notes.push(`pattern ${patternText(row.pattern)}`);
  if (row.known && row.unresolved === undefined && row.pattern === undefined) notes.push(`known names: ${row.known.names.join(', ')}`);
  if (row.added) notes.push(`added by netreq: ${row.added.reason} (${row.added.reference})`);
  if (row.retired) notes.push(`retired: ${row.retired.reason}`);
  if (row.guidance !== undefined) notes.push(`guidance: ${row.guidance}`);
  return notes;
}
