import type { Finding } from '../schema/index.js';
import { oneLine, redactCredentials } from './sanitize.js';
import { patternText } from '../catalog/index.js';
import { longestBackticks, markdownCode, markdownEscape } from '../text/index.js';

/** Text for a table cell: one clean line, HTML and Markdown specials escaped, pipes kept in the cell. */
export function mdText(text: string, max = 600): string {
  return markdownEscape(redactCredentials(oneLine(text, max)));
}

/** A code span of one clean line (`markdownCode`: no content can close it early). */
export function mdCode(text: string, max = 400): string {
  return markdownCode(redactCredentials(oneLine(text, max)));
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
