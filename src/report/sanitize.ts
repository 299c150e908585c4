/**
 * Evidence is untrusted input: banners, headers, page titles and certificate names come from
 * whatever answered. Before any of it reaches a terminal, it loses escape sequences and
 * control characters, so a server cannot move the cursor, recolour or rewrite the report.
 */

// ESC-introduced sequences: CSI (ESC [ ... final), OSC/DCS/SOS/PM/APC strings up to BEL or ST,
// and two-character escapes. The 8-bit CSI (0x9b) and string introducers are C1 and go below.
// eslint-disable-next-line no-control-regex
const ESCAPES = /\u001b(?:\[[0-?]*[ -/]*[@-~]?|[\]PX^_][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[ -/]*[0-~]?)/g;
// The 8-bit CSI with its parameters, so no half-sequence ("31m") is left behind.
const C1_CSI = /\u009b[0-?]*[ -/]*[@-~]?/g;
// C0 but tab and newline, DEL, C1.
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
// Bidirectional overrides and isolates: they reorder what the reader sees ("Trojan Source").
const BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

// Anything outside space..tilde: the only text the patterns above could change.
const NOT_PRINTABLE_ASCII = /[^\u0020-\u007e]/;

export interface StripOptions {
  /** Keep `\n` (layout that needs lines); otherwise line breaks become spaces. Default true. */
  readonly newlines?: boolean;
}

/** Removes ANSI escape sequences, C0/C1 control characters and bidi overrides; tabs become spaces. */
export function stripControl(text: string, options: StripOptions = {}): string {
  // Printable ASCII holds nothing any of the patterns below removes: most evidence is, and this runs for every fact of every text.
  if (!NOT_PRINTABLE_ASCII.test(text)) return text;
  const keepNewlines = options.newlines ?? true;
  let out = text.replace(ESCAPES, '').replace(C1_CSI, '').replace(/\r\n?/g, '\n').replace(/\t/g, ' ');
  if (!keepNewlines) out = out.replace(/\n+/g, ' ');
  return out.replace(CONTROLS, '').replace(BIDI, '');
}

/** One line of untrusted text: stripped, whitespace collapsed, cut to `max` characters. */
export function oneLine(text: string, max = 300): string {
  const flat = stripControl(text, { newlines: false }).replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * `scheme://user:password@host` -> `scheme://user:***@host` wherever a URL appears in text; a
 * user part alone may be a token, so it goes entirely.
 */
export function redactCredentials(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)([^/@\s"'<>]+)@/gi, (_match, scheme: string, userinfo: string) => {
    const colon = userinfo.indexOf(':');
    return colon > 0 ? `${scheme}${userinfo.slice(0, colon)}:***@` : `${scheme}***@`;
  });
}

/** Everything a renderer prints from a report passes here. */
export function safeText(text: string, options: StripOptions = {}): string {
  return redactCredentials(stripControl(text, options));
}
