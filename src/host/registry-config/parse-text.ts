import { parse as parseTomlText, TomlError } from 'smol-toml';
import { parseYamlSource } from '../../yaml-source.js';

/** A parsed configuration file: its value, or the syntax error with its 1-based line. */
export type Parsed = { readonly value: Record<string, unknown> } | { readonly error: string; readonly line?: number };

export type Table = Record<string, unknown>;

export function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function asDocument(value: unknown, kind: string): Parsed {
  if (value === undefined || value === null) return { value: {} };
  return isTable(value) ? { value } : { error: `the file is not a ${kind} table of settings`, line: 1 };
}

export function parseToml(text: string): Parsed {
  try {
    return asDocument(parseTomlText(text), 'TOML');
  } catch (error: unknown) {
    if (error instanceof TomlError) return { error: (error.message.split('\n')[0] ?? 'invalid TOML').replace(/^Invalid TOML document: /, ''), line: error.line };
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** JSON as Go's encoding/json reads daemon.json: the error's position turned into a line. */
export function parseJson(text: string): Parsed {
  try {
    return asDocument(JSON.parse(text), 'JSON');
  } catch (error: unknown) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /at position (\d+)/.exec(message)?.[1];
    const line = position === undefined ? /line (\d+)/.exec(message)?.[1] : undefined;
    if (position !== undefined) return { error: message.replace(/ in JSON at position \d+.*$/, ''), line: lineAt(text, Number(position)) };
    return { error: message, ...(line !== undefined ? { line: Number(line) } : {}) };
  }
}

export function parseYaml(text: string): Parsed {
  const source = parseYamlSource(text);
  const first = source.errors[0];
  if (first !== undefined) return { error: first.message.replace(/ at line \d+, column \d+:?$/, ''), ...(first.line !== undefined ? { line: first.line } : {}) };
  return asDocument(source.value, 'YAML');
}

/** The 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < Math.min(offset, text.length); i += 1) if (text.charCodeAt(i) === 10) line += 1;
  return line;
}

/** The 1-based line of the first line matching `pattern`, if any. */
export function lineMatching(text: string, pattern: RegExp): number | undefined {
  const index = text.split('\n').findIndex((l) => pattern.test(l));
  return index === -1 ? undefined : index + 1;
}

/** A TOML key as it may be written: bare, "double" or 'single' quoted; for patterns that find its line. */
export function tomlKeyPattern(key: string): string {
  const escaped = escapeRegExp(key);
  return `(?:"${escaped}"|'${escaped}'|${escaped})`;
}

export function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function stringsOf(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.every((v) => typeof v === 'string') ? (value as string[]) : undefined;
}

/** Text matched literally inside a regular expression. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
