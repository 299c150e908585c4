// Markdown that stays text: what a report or a catalog carries may hold markup (a hostile report
// file, a vendor's wording), and a ticket must show it as written, never render it.

/** Text for a Markdown line or table cell: HTML and Markdown specials escaped, pipes kept in the cell. */
export function markdownEscape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]#~])/g, '\\$1')
    .replace(/\|/g, '\\|');
}

/** The longest run of backticks in a text (0 for none). */
export function longestBackticks(text: string): number {
  return Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
}

/**
 * A code span that survives any content, a pipe included: its fence is longer than any run of
 * backticks inside, so nothing in the text can close it early (and let markup out).
 */
export function markdownCode(text: string): string {
  const clean = text.replace(/\|/g, '\\|');
  const longest = longestBackticks(clean);
  const fence = '`'.repeat(longest + 1);
  const space = longest > 0 ? ' ' : '';
  return `${fence}${space}${clean}${space}${fence}`;
}
