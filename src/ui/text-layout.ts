// Pure text layout for fixed-width terminals: lines are counted here so windows fit the screen.
// Word wrap is src/text's, shared with the text report.

/** Cuts to `width` columns with an ellipsis; ASCII-safe. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  if (text.length <= width) return text;
  return width <= 3 ? text.slice(0, width) : `${text.slice(0, width - 3)}...`;
}

export function padEnd(text: string, width: number): string {
  return truncate(text, width).padEnd(width);
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
