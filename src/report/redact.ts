/**
 * Redaction before anything leaves the process: a chain of redactors, each a function from text
 * to text plus a record of what it took out (its kind and how many, never the secret). Nothing
 * here is global: a run builds its chain from its own options and keeps its own records.
 */

/** What one redactor took out of one text: its kind and how many values. */
export interface RedactionRecord {
  readonly kind: string;
  readonly count: number;
}

/** One redactor's output. */
export interface Redaction {
  readonly text: string;
  readonly record: RedactionRecord;
}

export type Redactor = (text: string) => Redaction;

/** A whole chain's output: the records of the redactors that took something out. */
export interface RedactResult {
  readonly text: string;
  readonly records: readonly RedactionRecord[];
}

export type RedactChain = (text: string) => RedactResult;

/** What stands in for a secret: its shape stays (`user:***@host`, `Bearer ***`, `sig=***`). */
export const MASK = '***';

/** True when a value is already a mask (a second pass must not count it again). */
export function isMasked(value: string): boolean {
  return /^\*+$/.test(value);
}

/** Sums records by kind, dropping zero counts, in first-seen order. */
export function mergeRecords(...lists: readonly (readonly RedactionRecord[])[]): RedactionRecord[] {
  const totals = new Map<string, number>();
  for (const list of lists) for (const { kind, count } of list) if (count > 0) totals.set(kind, (totals.get(kind) ?? 0) + count);
  return [...totals].map(([kind, count]) => ({ kind, count }));
}

const NOTHING_TAKEN: readonly RedactionRecord[] = Object.freeze([]);

/** Runs the redactors in order over the text. */
export function redactChain(redactors: readonly Redactor[]): RedactChain {
  return (text) => {
    let current = text;
    let records: RedactionRecord[] | undefined;
    for (const redactor of redactors) {
      const out = redactor(current);
      current = out.text;
      if (out.record.count > 0) (records ??= []).push(out.record);
    }
    // Most texts hold no secret: no list, no merge for them (a report has tens of thousands of strings).
    return { text: current, records: records === undefined ? NOTHING_TAKEN : mergeRecords(records) };
  };
}

/** Texts longer than this are not remembered: they rarely repeat, and would hold memory. */
const MEMO_MAX_LENGTH = 256;
const MEMO_MAX_ENTRIES = 20_000;

/**
 * The same chain, remembering its result for short texts: a report repeats its keys and many of
 * its values (step names, outcomes, resolvers) in every finding. A chain is a pure function of
 * its text, so a remembered result is the result.
 */
function memoChain(chain: RedactChain): RedactChain {
  const memo = new Map<string, RedactResult>();
  return (text) => {
    if (text.length > MEMO_MAX_LENGTH) return chain(text);
    const known = memo.get(text);
    if (known !== undefined) return known;
    const result = chain(text);
    if (memo.size >= MEMO_MAX_ENTRIES) memo.clear();
    memo.set(text, result);
    return result;
  };
}

/** One memo per chain, shared by every walk with it: a report is walked a finding at a time. */
const memos = new WeakMap<RedactChain, RedactChain>();
function memoOf(chain: RedactChain): RedactChain {
  let memo = memos.get(chain);
  if (memo === undefined) {
    memo = memoChain(chain);
    memos.set(chain, memo);
  }
  return memo;
}

export interface DeepRedaction<T> {
  readonly value: T;
  readonly records: readonly RedactionRecord[];
}

/**
 * Redacts every string of a JSON-like value, object keys included, keeping its structure (so a
 * JSON file stays JSON whatever a `--redact` pattern matches). A number a pattern matches becomes
 * the masked string.
 */
export function redactDeep<T>(value: T, redact: RedactChain): DeepRedaction<T> {
  const records: RedactionRecord[][] = [];
  const chain = memoOf(redact);
  const text = (s: string): string => {
    const out = chain(s);
    if (out.records.length > 0) records.push([...out.records]);
    return out.text;
  };
  // Plain loops, no per-node closures or key arrays: a report's findings hold tens of thousands of nodes.
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return text(node);
    if (typeof node === 'number') {
      const out = chain(numberText(node));
      if (out.records.length === 0) return node;
      records.push([...out.records]);
      return out.text;
    }
    if (Array.isArray(node)) {
      let copy: unknown[] | undefined;
      for (let index = 0; index < node.length; index += 1) {
        const inner: unknown = node[index];
        const out = walk(inner);
        if (copy === undefined && out !== inner) copy = node.slice(0, index);
        copy?.push(out);
      }
      return copy ?? node;
    }
    if (node !== null && typeof node === 'object') {
      const source = node as Record<string, unknown>;
      let copy: Record<string, unknown> | undefined;
      for (const key in source) {
        if (!Object.hasOwn(source, key)) continue;
        const name = text(key);
        const inner = source[key];
        const out = walk(inner);
        if (copy === undefined && (name !== key || out !== inner)) {
          copy = {};
          for (const earlier in source) {
            if (earlier === key) break;
            if (Object.hasOwn(source, earlier)) copy[earlier] = source[earlier];
          }
        }
        if (copy !== undefined) copy[name] = out;
      }
      return copy ?? node;
    }
    return node;
  };
  // The same shape comes back; only what held something to mask is copied (the rest is shared, never mutated).
  // Not `mergeRecords(...records)`: a report with many secrets would pass more arguments than a call takes.
  return { value: walk(value) as T, records: mergeRecords(records.flat()) };
}

/** Small integers (ports, statuses, counts) repeat in every finding: their text is made once. */
const INTEGER_TEXTS: string[] = [];
function numberText(value: number): string {
  if (Number.isInteger(value) && value >= 0 && value < 65_536) return (INTEGER_TEXTS[value] ??= String(value));
  return String(value);
}

/** One line for people: `2 url-credentials, 1 authorization`. */
export function describeRecords(records: readonly RedactionRecord[]): string {
  return records.length === 0 ? 'nothing redacted' : records.map((r) => `${r.count} ${r.kind}`).join(', ');
}
