/** A finding's status, and the two a row has before it: waiting for a slot, being checked. */
export type SymbolStatus = 'pass' | 'warn' | 'fail' | 'skip' | 'pending' | 'running';

export interface SymbolOptions {
  /** Plain ASCII for terminals and logs that cannot show the symbols. */
  readonly ascii?: boolean;
}

/**
 * The one status-symbol table, for the text report and the UI alike. Every Unicode symbol takes
 * one column in every terminal and locale: ✓ (U+2713) and ✗ (U+2717) are neither emoji nor of
 * ambiguous East Asian width, unlike the heavy ✔ (U+2714, an emoji that some terminals draw in
 * colour at two columns), ▲ ○ · … (two columns in CJK locales, which breaks the rows' alignment).
 * The rest are ASCII.
 */
const SYMBOLS: Readonly<Record<SymbolStatus, { readonly unicode: string; readonly ascii: string; readonly label: string }>> = {
  pass: { unicode: '✓', ascii: '+', label: 'PASS' },
  warn: { unicode: '!', ascii: '!', label: 'WARN' },
  fail: { unicode: '✗', ascii: 'x', label: 'FAIL' },
  skip: { unicode: '-', ascii: '-', label: 'SKIP' },
  pending: { unicode: '.', ascii: '.', label: 'WAIT' },
  running: { unicode: '*', ascii: '*', label: 'RUN' },
};

export function statusSymbol(status: SymbolStatus, options: SymbolOptions = {}): string {
  return options.ascii === true ? SYMBOLS[status].ascii : SYMBOLS[status].unicode;
}

export function statusLabel(status: SymbolStatus): string {
  return SYMBOLS[status].label;
}
