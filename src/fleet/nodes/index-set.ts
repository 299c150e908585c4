// One dimension of a host range: the indexes of `gpu[001-003,7]` as ClusterShell 1.9's RangeSet
// keeps them (lib/ClusterShell/RangeSet.py, Debian's python3-clustershell 1.9.1): a set of digit
// strings whose padding is in the string, so `7` and `007` are two indexes. Ported, not invented:
// the order, the folding and the errors are RangeSet's, for the non-negative ranges netreq takes
// (a node name never has a negative index: `n[-1]` and `n[1-2-3]` are refused here, not expanded).
import { HOST_RANGE_LIMITS } from './host-range-error.js';

/** An index set: the digit strings of one dimension, padding kept. */
export type IndexSet = Set<string>;

/** Reports a syntax error at `offset` within the text given to the parser; never returns. */
export type Fail = (offset: number, expected: string) => never;

/** RangeSet's order (`_sorted`): shorter strings first, then by characters; so `9 10 011`, `7 001`. */
export function compareIndexes(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortedIndexes(set: IndexSet): string[] {
  return [...set].sort(compareIndexes);
}

const DIGITS = /^[0-9]+$/;

/** `%0*d`: the number, zero-padded to `pad` characters (never cut). */
function formatIndex(value: bigint, pad: number): string {
  return value.toString().padStart(pad, '0');
}

/**
 * Parses a range list, `1-3,07,10-20/5`, as RangeSet._parse does: each comma-separated part a
 * number or `a-b` or `a-b/step`; a zero-padded bound pads the whole part and both bounds must then
 * be as long (`001-3` is a padding mismatch); `b < a`, a step below 1 or a step on one number are
 * errors. At most `budget` indexes: a part that would give more is an error before any is made.
 */
export function parseIndexSet(text: string, budget: number, fail: Fail): IndexSet {
  const out: IndexSet = new Set();
  let offset = 0;
  for (const part of text.split(',')) {
    addPart(out, part, offset, budget, fail);
    offset += part.length + 1;
  }
  return out;
}

function addPart(out: IndexSet, part: string, at: number, budget: number, fail: Fail): void {
  if (part === '') fail(at, 'a number or a range such as 1-8 (the list has an empty part)');
  const slash = part.indexOf('/');
  const base = slash < 0 ? part : part.slice(0, slash);
  const stepText = slash < 0 ? '1' : part.slice(slash + 1);
  if (!DIGITS.test(stepText)) fail(at + slash + 1, `a whole number as the step after '/' in "${part}"`);
  const dash = base.indexOf('-');
  if (dash < 0 && slash >= 0) fail(at + slash, `a range a-b before the step in "${part}" (a step needs a range)`);
  const begin = dash < 0 ? base : base.slice(0, dash);
  const end = dash < 0 ? base : base.slice(dash + 1);
  if (!DIGITS.test(begin)) fail(at, `a number${begin === '' ? ' before' : ' in'} "${part}" (indexes are whole numbers, never negative)`);
  if (!DIGITS.test(end)) fail(at + dash + 1, `a number after '-' in "${part}"`);
  // RangeSet: a bound with leading zeros sets the padding; then both bounds must be as long.
  const padded = (s: string): boolean => s.length > 1 && s.startsWith('0');
  const pad = padded(begin) ? begin.length : 0;
  if ((pad > 0 || padded(end)) && begin.length !== end.length) {
    fail(at, `bounds of the same length in "${part}" (a zero-padded range pads both ends: 001-010)`);
  }
  const start = BigInt(begin);
  const stop = BigInt(end);
  const step = BigInt(stepText);
  if (start > stop) fail(at, `a range whose start is not above its end, not "${part}"`);
  if (step < 1n) fail(at + slash + 1, `a step of at least 1 in "${part}"`);
  const count = (stop - start) / step + 1n;
  if (count + BigInt(out.size) > BigInt(budget)) fail(at, `a smaller range: "${part}" gives ${count} names, over the limit of ${HOST_RANGE_LIMITS.names} names in all`);
  for (let value = start; value <= stop; value += step) out.add(formatIndex(value, pad));
}

interface Run {
  readonly start: bigint;
  readonly last: bigint;
  readonly pad: number;
}

/**
 * The runs RangeSet._slices_padding folds a set into, with autostep disabled (nodeset's default):
 * consecutive indexes of one padding become `a-b`; a padded run keeps its width; an unpadded run
 * stops at the first padded index. Any other gap ends a run.
 */
function runsOf(set: IndexSet): Run[] {
  const runs: Run[] = [];
  let current: { start: bigint; last: bigint; padded: boolean; width: number } | undefined;
  for (const index of sortedIndexes(set)) {
    const value = BigInt(index);
    const padded = index.length > 1 && index.startsWith('0');
    if (current !== undefined) {
      const paddingMismatch = current.padded ? index.length !== current.width : padded;
      if (!paddingMismatch && value === current.last + 1n) {
        current.last = value;
        continue;
      }
      runs.push({ start: current.start, last: current.last, pad: current.padded ? current.width : 0 });
    }
    current = { start: value, last: value, padded, width: index.length };
  }
  if (current !== undefined) runs.push({ start: current.start, last: current.last, pad: current.padded ? current.width : 0 });
  return runs;
}

/** `str(RangeSet)`: `7,001-003`. */
export function foldIndexSet(set: IndexSet): string {
  return runsOf(set)
    .map((run) => (run.start === run.last ? formatIndex(run.start, run.pad) : `${formatIndex(run.start, run.pad)}-${formatIndex(run.last, run.pad)}`))
    .join(',');
}

export function sameIndexes(a: IndexSet, b: IndexSet): boolean {
  if (a === b) return true;
  if (a.size !== b.size) return false;
  for (const index of a) if (!b.has(index)) return false;
  return true;
}

export function disjointIndexes(a: IndexSet, b: IndexSet): boolean {
  for (const index of a) if (b.has(index)) return false;
  return true;
}

/** `a > b` on RangeSets: a proper superset. */
export function properSuperset(a: IndexSet, b: IndexSet): boolean {
  if (a.size <= b.size) return false;
  for (const index of b) if (!a.has(index)) return false;
  return true;
}

export function unionIndexes(a: IndexSet, b: IndexSet): IndexSet {
  return new Set([...a, ...b]);
}
