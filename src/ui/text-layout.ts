// Pure text layout for fixed-width terminals: lines are counted here so windows fit the screen.

/** Cuts to `width` columns with an ellipsis; ASCII-safe. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  if (text.length <= width) return text;
  return width <= 3 ? text.slice(0, width) : `${text.slice(0, width - 3)}...`;
}

export function padEnd(text: string, width: number): string {
  return truncate(text, width).padEnd(width);
}

/** Word-wraps to `width`, keeping explicit line breaks; very long words are cut. */
export function wrapText(text: string, width: number, indent = ''): string[] {
  const size = Math.max(10, width - indent.length);
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter((w) => w !== '')) {
      let rest = word;
      while (rest.length > size) {
        if (line !== '') out.push(indent + line);
        out.push(indent + rest.slice(0, size));
        rest = rest.slice(size);
        line = '';
      }
      if (line === '') line = rest;
      else if (line.length + 1 + rest.length <= size) line += ` ${rest}`;
      else {
        out.push(indent + line);
        line = rest;
      }
    }
    out.push(indent + line);
  }
  return out;
}

/** 12ms, 1.4s, 2m05s. */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.floor((ms % 60_000) / 1000);
  return `${minutes}m${String(seconds).padStart(2, '0')}s`;
}

/** The first line of a window of `size` lines that keeps `cursor` visible, moving as little as possible. */
export function windowStart(previous: number, cursor: number, size: number, total: number): number {
  const maxStart = Math.max(0, total - size);
  let start = Math.min(previous, maxStart);
  if (cursor < start) start = cursor;
  if (cursor >= start + size) start = cursor - size + 1;
  return Math.max(0, Math.min(start, maxStart));
}
