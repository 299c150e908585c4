// The one word wrap of netreq: the text report, the Ink and plain UI, the rules table, the demo.

export interface WrapOptions {
  /** Put at the start of every non-empty line (counted in the width). */
  readonly indent?: string;
  /**
   * A word longer than a line: `cut` into pieces (a fingerprint in a narrow window), or `keep`
   * it whole on its own line (a URL or host name in a listing stays copyable).
   */
  readonly long?: 'cut' | 'keep';
}

/**
 * Wraps text to `width` columns. Existing line breaks are kept; empty lines stay empty (no
 * trailing indent) and trailing ones are dropped.
 */
export function wrap(text: string, width: number, options: WrapOptions | string = {}): string[] {
  const { indent = '', long = 'cut' } = typeof options === 'string' ? { indent: options } : options;
  const room = Math.max(10, width - indent.length);
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter((w) => w.length > 0)) {
      let rest = word;
      while (long === 'cut' && rest.length > room) {
        if (line) {
          lines.push(line);
          line = '';
        }
        lines.push(rest.slice(0, room));
        rest = rest.slice(room);
      }
      if (!line) line = rest;
      else if (line.length + 1 + rest.length <= room) line = `${line} ${rest}`;
      else {
        lines.push(line);
        line = rest;
      }
    }
    lines.push(line);
  }
  while (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => (l ? `${indent}${l}` : l));
}

/** Pads to `width` columns; a longer text is left as it is. */
export function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/** Cuts one line to `width` characters, marking the cut. */
export function fit(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text;
}

/**
 * Breaks one pre-formatted line (aligned columns kept) into lines of at most `width`,
 * at a space where it can, continuing with `indent`.
 */
export function hardWrap(line: string, width: number, indent: string): string[] {
  const out: string[] = [];
  let rest = line;
  let prefix = '';
  while (prefix.length + rest.length > width) {
    const room = Math.max(10, width - prefix.length);
    const space = rest.lastIndexOf(' ', room);
    const cut = space > room / 2 ? space : room;
    out.push(`${prefix}${rest.slice(0, cut)}`);
    rest = rest.slice(cut).replace(/^ +/, '');
    prefix = indent;
  }
  out.push(`${prefix}${rest}`);
  return out;
}

/**
 * A shell command that stays copyable: on one line when it fits, else broken with a trailing
 * backslash, which the shell joins again (after a space between words, within a word for one
 * longer than a line).
 */
export function wrapCommand(command: string, width: number, indent: string): string[] {
  if (indent.length + command.length <= width) return [`${indent}${command}`];
  const cont = `${indent}  `;
  const room = Math.max(10, width - cont.length - 2);
  const lines: string[] = [];
  let line = '';
  for (const word of command.split(' ')) {
    let rest = word;
    if (line && line.length + 1 + rest.length > room) {
      lines.push(`${line} \\`);
      line = '';
    }
    while (rest.length > room - (line ? line.length + 1 : 0)) {
      const take = room - (line ? line.length + 1 : 0);
      lines.push(`${line ? `${line} ` : ''}${rest.slice(0, take)}\\`);
      rest = rest.slice(take);
      line = '';
    }
    line = line ? `${line} ${rest}` : rest;
  }
  lines.push(line);
  return lines.map((l, i) => `${i === 0 ? indent : cont}${l}`);
}
