import { isNode, LineCounter, parseDocument, type Document } from 'yaml';

/** A parsed YAML text that can say on which line a field path starts. */
export interface YamlSource {
  readonly value: unknown;
  /** Syntax errors, with their 1-based lines. */
  readonly errors: readonly { message: string; line?: number }[];
  lineOf(path: readonly PropertyKey[]): number | undefined;
}

/**
 * Parses `text`, or takes `preparsed` (the single-file build parses its embedded data at build
 * time) and parses the text only if a line number is asked for, which happens only on errors.
 */
export function parseYamlSource(text: string, preparsed?: unknown): YamlSource {
  if (preparsed !== undefined) {
    let full: YamlSource | undefined;
    return { value: preparsed, errors: [], lineOf: (path) => (full ??= parseYamlSource(text)).lineOf(path) };
  }
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter, prettyErrors: false });
  const errors = doc.errors.map((error) => {
    const offset = error.pos[0];
    return { message: error.message.split('\n')[0] ?? error.message, line: lineCounter.linePos(offset).line };
  });
  let value: unknown;
  if (errors.length === 0) {
    try {
      // yaml refuses an alias that expands past this many nodes (a "billion laughs" file) by throwing.
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (error: unknown) {
      errors.push({ message: `its aliases expand too far (${error instanceof Error ? error.message : String(error)})`, line: 1 });
    }
  }
  return {
    value,
    errors,
    lineOf(path) {
      // The deepest node that exists along the path: a missing field is reported where its parent starts.
      for (let depth = path.length; depth >= 0; depth -= 1) {
        const node = doc.getIn(path.slice(0, depth) as unknown[], true);
        if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
      }
      return undefined;
    },
  };
}
