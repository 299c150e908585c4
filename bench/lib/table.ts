/** A row of the printed table; detail rows have no target. */
export interface Row {
  readonly figure: string;
  readonly value: string;
  readonly target?: string;
  readonly ok?: boolean;
}

export function formatTable(rows: readonly Row[]): string {
  const header: Row = { figure: 'figure', value: 'value', target: 'target' };
  const width = (pick: (row: Row) => string): number => Math.max(...[header, ...rows].map((row) => pick(row).length));
  const fw = width((r) => r.figure);
  const vw = width((r) => r.value);
  const tw = width((r) => r.target ?? '');
  const line = (row: Row, ok: string): string =>
    `${row.figure.padEnd(fw)}  ${row.value.padStart(vw)}  ${(row.target ?? '').padEnd(tw)}  ${ok}`.trimEnd();
  return [
    line(header, 'ok?'),
    line({ figure: '-'.repeat(fw), value: '-'.repeat(vw), target: '-'.repeat(tw) }, '---'),
    ...rows.map((row) => line(row, row.ok === undefined ? '' : row.ok ? 'yes' : 'NO')),
  ].join('\n');
}
