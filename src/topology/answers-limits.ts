// The bounds an answers file is read within: its size, its YAML aliases, how deep it nests.
// Checked before any YAML is composed: the composer recurses per level and expands aliases.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { CST, Lexer } from 'yaml';
import { TopologyError } from './errors.js';

export const ANSWERS_LIMITS = { bytes: 1024 * 1024, aliases: 100, depth: 64 } as const;

function codeOf(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'unreadable';
}

/** A file that could not be read whole within its limit: `code` is the OS's (ENOENT...) or TOO_LARGE. */
export class BoundedReadError extends Error {
  readonly code: string;
  constructor(path: string, code: string) {
    super(`${path}: ${code}`);
    this.name = 'BoundedReadError';
    this.code = code;
  }
}

/**
 * A file's text, read up to `max` bytes and no further: `/dev/zero` or a pipe that never ends is
 * TOO_LARGE, never read whole. A regular file's size is checked before anything is read.
 */
export function readBoundedText(path: string, max: number): string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error: unknown) {
    throw new BoundedReadError(path, codeOf(error));
  }
  try {
    const stats = fstatSync(fd);
    if (stats.isFile() && stats.size > max) throw new BoundedReadError(path, 'TOO_LARGE');
    const buffer = Buffer.alloc(max + 1);
    let length = 0;
    for (;;) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
      if (length > max) throw new BoundedReadError(path, 'TOO_LARGE');
    }
    return buffer.toString('utf8', 0, length);
  } catch (error: unknown) {
    if (error instanceof BoundedReadError) throw error;
    throw new BoundedReadError(path, codeOf(error));
  } finally {
    closeSync(fd);
  }
}

/** The answers file's text within its size limit. Throws TopologyError naming the file. */
export function readAnswersText(path: string): string {
  const max = ANSWERS_LIMITS.bytes;
  try {
    return readBoundedText(path, max);
  } catch (error: unknown) {
    if (!(error instanceof BoundedReadError)) throw error;
    if (error.code === 'TOO_LARGE') throw new TopologyError(`${path}: the answers file is larger than 1 MiB; netreq reads answers files of at most ${max} bytes`);
    throw new TopologyError(`${path}: cannot read the answers file (${error.code})`);
  }
}

/** Source width of a lexer token: the lexer's own markers (document, scalar, flow end) take none. */
function width(token: string): number {
  return token === '\u0002' || token === '\u001f' || token === '\u0018' ? 0 : token.length;
}

/**
 * Refuses a text with more than 100 aliases or nested deeper than 64 levels, from the YAML lexer's
 * tokens alone (it keeps no tree, so 100,000 `[` cost nothing). Block nesting is counted by the
 * columns of its indicators (`- `, `? `, `key:`), flow nesting by its brackets; the count may be
 * above the true depth on odd layouts, never far below it.
 */
export function checkAnswersShape(path: string, text: string): void {
  let aliases = 0;
  let flow = 0;
  let line = 1;
  let column = 0;
  let keyColumn = -1;
  const blocks: number[] = [];
  const deeper = () => new TopologyError(`${path}:${line}: the answers nest deeper than ${ANSWERS_LIMITS.depth} levels; an answers file is a flat mapping of topology fields`);
  const enter = (at: number): void => {
    while (blocks.length > 0 && (blocks[blocks.length - 1] ?? 0) > at) blocks.pop();
    if (blocks.length === 0 || (blocks[blocks.length - 1] ?? 0) < at) blocks.push(at);
    if (blocks.length + flow > ANSWERS_LIMITS.depth) throw deeper();
  };
  for (const token of new Lexer().lex(text)) {
    const type = CST.tokenType(token);
    switch (type) {
      case 'alias':
        aliases += 1;
        if (aliases > ANSWERS_LIMITS.aliases) throw new TopologyError(`${path}:${line}: more than ${ANSWERS_LIMITS.aliases} YAML aliases (*name); netreq reads at most ${ANSWERS_LIMITS.aliases}`);
        break;
      case 'flow-seq-start':
      case 'flow-map-start':
        flow += 1;
        if (blocks.length + flow > ANSWERS_LIMITS.depth) throw deeper();
        break;
      case 'flow-seq-end':
      case 'flow-map-end':
        flow = Math.max(0, flow - 1);
        break;
      case 'doc-start':
        blocks.length = 0;
        break;
      case 'seq-item-ind':
      case 'explicit-key-ind':
        if (flow === 0) enter(column);
        keyColumn = -1;
        break;
      case 'map-value-ind':
        if (flow === 0) enter(keyColumn >= 0 ? keyColumn : column);
        break;
      case 'space':
      case 'newline':
      case 'comment':
      case 'comma':
      case 'doc-mode':
      case 'scalar':
        break;
      default:
        // Content (a scalar's text, a quoted scalar, an anchor, a tag): the first on a line or after `- ` may be a key.
        if (keyColumn < 0) keyColumn = column;
    }
    const newlines = token.split('\n').length - 1;
    if (newlines > 0) {
      line += newlines;
      column = token.length - token.lastIndexOf('\n') - 1;
      keyColumn = -1;
    } else {
      column += width(token);
    }
  }
}
