import type { Status } from '../diagnose/schema.js';

export interface SymbolOptions {
  /** Plain ASCII for terminals and logs that cannot show the symbols. */
  readonly ascii?: boolean;
}

const SYMBOLS: Readonly<Record<Status, { readonly unicode: string; readonly ascii: string }>> = {
  fail: { unicode: '✗', ascii: 'X' },
  warn: { unicode: '!', ascii: '!' },
  pass: { unicode: '✓', ascii: '+' },
  skip: { unicode: '-', ascii: '-' },
};

export function statusSymbol(status: Status, options: SymbolOptions = {}): string {
  return options.ascii ? SYMBOLS[status].ascii : SYMBOLS[status].unicode;
}

export function statusLabel(status: Status): string {
  return status.toUpperCase();
}

/** ANSI SGR colours by status; the only escape sequences netreq itself writes. */
const COLOURS: Readonly<Record<Status, string>> = { fail: '31', warn: '33', pass: '32', skip: '90' };

export function paint(status: Status, text: string, color: boolean): string {
  return color ? `\u001b[${COLOURS[status]}m${text}\u001b[0m` : text;
}

export function dim(text: string, color: boolean): string {
  return color ? `\u001b[2m${text}\u001b[0m` : text;
}
