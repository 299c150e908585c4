import type { Status } from '../schema/index.js';
import { statusLabel, statusSymbol } from '../text/index.js';

export type RowStatus = Status | 'pending' | 'running';

export interface StatusStyle {
  readonly symbol: string;
  /** An Ink/chalk colour name; used only when colour is on. */
  readonly color: string;
  readonly label: string;
}

const COLORS: Readonly<Record<RowStatus, string>> = { pass: 'green', warn: 'yellow', fail: 'red', skip: 'gray', pending: 'gray', running: 'cyan' };

/** A status's symbol and label (the text report's, src/text), its colour; `ascii` for terminals without Unicode. */
export function statusStyle(status: RowStatus, ascii: boolean): StatusStyle {
  return { symbol: statusSymbol(status, { ascii }), color: COLORS[status], label: statusLabel(status) };
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
