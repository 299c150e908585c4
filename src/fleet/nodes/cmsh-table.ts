// cmsh's `list` tables, read by column position. The layout is the one NVIDIA documents for
// `list -f|--format` (Base Command Manager Administrator Manual, cmsh "list, format, and sort";
// the same text in the NVIDIA DGX SuperPOD Administration Guide DU-10263-001 v5, 2.4.3.6):
//
//   [headnode->device]% list -f hostname:14,switchports:15,ip
//   hostname (key) switchports     ip
//   -------------- --------------- --------------------
//   apc01                          10.142.254.1
//
// a header (the key column marked ` (key)`), a line of dashes per column separated by one space,
// then one row per object, each value padded to its column's width. A column may be empty (a
// switch has no category), so rows are cut where the dashes say, never split on spaces.

export interface CmshTable {
  /** Lower-case column names, ` (key)` removed: `type`, `hostname`, ... */
  readonly columns: readonly string[];
  /** Each row's cells by column name, trimmed; `line` is its 1-based line in the output. */
  readonly rows: readonly { readonly cells: Readonly<Record<string, string>>; readonly line: number }[];
}

const DASHES = /^-+( -+)*\s*$/;

/** The table in cmsh's output, or undefined when there is no header followed by a dashes line. */
export function parseCmshTable(output: string): CmshTable | undefined {
  const lines = output.split('\n').map((l) => l.replace(/\r$/, ''));
  const at = lines.findIndex((line, i) => i > 0 && DASHES.test(line) && (lines[i - 1] ?? '').trim() !== '');
  if (at < 0) return undefined;
  const header = lines[at - 1] ?? '';
  const starts: number[] = [];
  for (const match of (lines[at] ?? '').matchAll(/-+/g)) starts.push(match.index);
  const cut = (line: string, i: number): string => line.slice(starts[i], i + 1 < starts.length ? starts[i + 1] : undefined).trim();
  const columns = starts.map((_, i) => cut(header, i).toLowerCase().replace(/\s*\(key\)$/, ''));
  const rows: { cells: Record<string, string>; line: number }[] = [];
  lines.slice(at + 1).forEach((line, i) => {
    if (line.trim() === '') return;
    const cells: Record<string, string> = {};
    columns.forEach((column, c) => {
      cells[column] = cut(line, c);
    });
    rows.push({ cells, line: at + 2 + i });
  });
  return { columns, rows };
}
