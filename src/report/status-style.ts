import type { Status } from '../schema/index.js';

// The symbols and labels are src/text's one table, shared with the UI.
export { statusLabel, statusSymbol, type SymbolOptions } from '../text/index.js';

/** ANSI SGR colours by status; the only escape sequences netreq itself writes. */
const COLOURS: Readonly<Record<Status, string>> = { fail: '31', warn: '33', pass: '32', skip: '90' };

export function paint(status: Status, text: string, color: boolean): string {
  return color ? `\u001b[${COLOURS[status]}m${text}\u001b[0m` : text;
}

export function dim(text: string, color: boolean): string {
  return color ? `\u001b[2m${text}\u001b[0m` : text;
}
