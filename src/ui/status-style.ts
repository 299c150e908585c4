import type { Status } from '../diagnose/schema.js';

export type RowStatus = Status | 'pending' | 'running';

export interface StatusStyle {
  readonly symbol: string;
  /** An Ink/chalk colour name; used only when colour is on. */
  readonly color: string;
  readonly label: string;
}

const UNICODE: Readonly<Record<RowStatus, string>> = { pass: '✔', warn: '▲', fail: '✘', skip: '○', pending: '·', running: '…' };
const ASCII: Readonly<Record<RowStatus, string>> = { pass: '+', warn: '!', fail: 'x', skip: '-', pending: '.', running: '*' };
const COLORS: Readonly<Record<RowStatus, string>> = { pass: 'green', warn: 'yellow', fail: 'red', skip: 'gray', pending: 'gray', running: 'cyan' };
const LABELS: Readonly<Record<RowStatus, string>> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', skip: 'SKIP', pending: 'WAIT', running: 'RUN' };

/** A status's symbol, colour and label; `ascii` for terminals without Unicode. */
export function statusStyle(status: RowStatus, ascii: boolean): StatusStyle {
  return { symbol: (ascii ? ASCII : UNICODE)[status], color: COLORS[status], label: LABELS[status] };
}

/** Unicode symbols unless the terminal is the Linux console or the locale is not UTF-8. */
export function supportsUnicode(env: Readonly<Record<string, string | undefined>>): boolean {
  if (env['TERM'] === 'linux' || env['TERM'] === 'dumb') return false;
  const locale = env['LC_ALL'] ?? env['LC_CTYPE'] ?? env['LANG'] ?? '';
  if (locale === '' || /utf-?8/i.test(locale)) return true;
  return false;
}

/** NO_COLOR (any non-empty value) and --no-color turn colour off. */
export function colorWanted(env: Readonly<Record<string, string | undefined>>, noColorFlag: boolean): boolean {
  return !noColorFlag && (env['NO_COLOR'] ?? '') === '';
}
