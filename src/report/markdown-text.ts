import type { Finding } from '../schema/index.js';
import { oneLine, redactCredentials } from './sanitize.js';
import { patternText } from '../catalog/index.js';

/** Text for a table cell: one clean line, HTML and Markdown specials escaped, pipes kept in the cell. */
export function mdText(text: string, max = 600): string {
  return redactCredentials(oneLine(text, max))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]#~])/g, '\\$1')
    .replace(/\|/g, '\\|');
}

/** The longest run of backticks in a text (0 for none). */
function longestBackticks(text: string): number {
  return Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
}

/**
 * A code span that survives any content, a pipe included: its fence is longer than any run of
 * backticks inside, so nothing in the text can close it early (and let markup out).
 */
export function mdCode(text: string, max = 400): string {
  const clean = redactCredentials(oneLine(text, max)).replace(/\|/g, '\\|');
  const longest = longestBackticks(clean);
  const fence = '`'.repeat(longest + 1);
  const space = longest > 0 ? ' ' : '';
  return `${fence}${space}${clean}${space}${fence}`;
}

/**
 * A fenced code block of one command: one clean line, fenced with more backticks than any run in
 * it, so nothing in the command can close the block (inside it, markup is text).
 */
export function mdCommandBlock(command: string, max = 2000): string[] {
  const clean = redactCredentials(oneLine(command, max));
  const fence = '`'.repeat(Math.max(3, longestBackticks(clean) + 1));
  return [`${fence}sh`, clean, fence];
}

/** A finding's host as a code span, with the pattern it came from when that differs. */
export function mdWhere(finding: Finding): string {
  const pattern = finding.target.pattern !== undefined && finding.target.pattern !== finding.target.host ? ` (${mdText(patternText(finding.target.pattern), 120)})` : '';
  return `${mdCode(finding.target.host, 200)}${pattern}`;
}
