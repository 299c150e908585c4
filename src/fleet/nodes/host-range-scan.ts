// A host range's terms, as ClusterShell's ParsingEngine._scan_string reads them
// (lib/ClusterShell/NodeSet.py, 1.9.1): each comma-separated term becomes a name pattern
// (`gpu%s`, `r%sn%s`) and one index set per number in it. Every number counts, not only the
// bracketed ones: `gpu7` is `gpu%s` with index 7, which is why `gpu[001-003],gpu7` prints gpu7
// first. Digits written against a bracket join its range (`n0[1-3]` is `n[01-03]`, `n[1-2]0` is
// `n[10-20/10]`), as nodeset does. Set operators (`!`, `&`, `^`), `@groups`, wildcards and
// spaces inside a name are nodeset's, not pdsh's, and are refused rather than half-supported.
import { HostRangeError, HOST_RANGE_LIMITS } from './host-range-error.js';
import { foldIndexSet, parseIndexSet, type Fail, type IndexSet } from './index-set.js';

/** One term: its pattern with a `%s` per number, and each number's index set. */
export interface Term {
  readonly pattern: string;
  readonly dims: readonly IndexSet[];
}

interface Bracket {
  readonly inner: string;
  /** Offset of its `[` in the expression. */
  readonly at: number;
}

interface RawTerm {
  readonly literals: string[];
  readonly brackets: Bracket[];
  readonly at: number;
}

const NAME_CHAR = /[A-Za-z0-9._:-]/;
const SPACE = /[ \t]/;

function refusal(c: string): string {
  if ('!&^'.includes(c)) return `a node name, not the set operator '${c}' (netreq takes plain lists and ranges, as pdsh does)`;
  if (c === '@') return "a node name without '@': no @group (list the nodes) and no user@ (set the user in ~/.ssh/config)";
  if (c === '*' || c === '?') return `a node name, not the wildcard '${c}'`;
  if (SPACE.test(c)) return "',' between names (no space inside a name or a range)";
  return `a letter, digit, '.', '-', '_', ':', a range in [...] or ',' (not ${JSON.stringify(c)})`;
}

/** Splits an expression into terms at top-level commas, checking brackets and characters. */
function splitTerms(expression: string): RawTerm[] {
  const fail = (at: number, expected: string): never => {
    throw new HostRangeError(expression, at, expected);
  };
  const terms: RawTerm[] = [];
  let term: RawTerm | undefined;
  let open: number | undefined;
  let inner = '';
  let afterComma = -1;
  const endTerm = (at: number): void => {
    if (term === undefined) fail(at, afterComma >= 0 ? "a node name after ','" : "a node name before ','");
    else terms.push(term);
    term = undefined;
  };
  for (let i = 0; i < expression.length; i += 1) {
    const c = expression[i] ?? '';
    if (open !== undefined) {
      if (c === ']') {
        term?.brackets.push({ inner, at: open });
        term?.literals.push('');
        open = undefined;
      } else if (c === '[') fail(i, "a number, ',', '-', '/' or ']' (ranges do not nest)");
      else if (/[0-9,/-]/.test(c)) inner += c;
      else fail(i, `a number, ',', '-', '/' or ']' inside [...], not ${JSON.stringify(c)}`);
      continue;
    }
    if (c === ',') {
      endTerm(i);
      afterComma = i;
      continue;
    }
    if (SPACE.test(c)) {
      // Spaces around a name are ignored, as nodeset ignores them; inside a name they are refused.
      let next = i;
      while (next < expression.length && SPACE.test(expression[next] ?? '')) next += 1;
      if (term === undefined || next === expression.length || expression[next] === ',') continue;
      fail(i, refusal(c));
    }
    if (c === ']') fail(i, "a node name ('[' opens a range; this ']' closes none)");
    if (term === undefined && c === '-') fail(i, "a node name, which never starts with '-' (ssh would take it for an option)");
    term ??= { literals: [''], brackets: [], at: i };
    if (c === '[') {
      if (term.brackets.length > 0 && term.literals[term.literals.length - 1] === '') {
        fail(i, "a name part between ']' and '[' (write r[1-2]n[1-4], not [1-2][1-4])");
      }
      open = i;
      inner = '';
      continue;
    }
    if (c === '/') fail(i, "a node name ('/' is only a range's step, as in [1-9/2])");
    if (!NAME_CHAR.test(c)) fail(i, refusal(c));
    term.literals[term.literals.length - 1] += c;
  }
  if (open !== undefined) fail(open, `a ']' closing the '[' at character ${open + 1}`);
  endTerm(expression.length);
  return terms;
}

const leadingDigits = (s: string): string => /^[0-9]*/.exec(s)?.[0] ?? '';
const trailingDigits = (s: string): string => /[0-9]*$/.exec(s)?.[0] ?? '';

/** _scan_string_single: every run of digits in a plain name is an index of its own. */
function scanPlain(text: string): Term {
  let pattern = '';
  const dims: IndexSet[] = [];
  for (const [, letters = '', digits = ''] of text.matchAll(/([^0-9]*)([0-9]*)/g)) {
    pattern += digits === '' ? letters : `${letters}%s`;
    if (digits !== '') dims.push(new Set([digits]));
  }
  return { pattern, dims };
}

/** _amend_trailing_digits: `[1-2,5]0` is `[10-20/10,50]`, on the range's text as written. */
function withTrailingDigits(inner: string, digits: string): string {
  return inner
    .split(',')
    .map((part) => part.split('-').map((bound) => bound + digits).join('-') + (part.includes('-') ? `/1${'0'.repeat(digits.length)}` : ''))
    .join(',');
}

/** _amend_leading_digits: `0[1-3]` is `[01-03]`; the range is folded first, so a step is lost to single indexes. */
function withLeadingDigits(inner: string, digits: string, budget: number, fail: Fail): string {
  return foldIndexSet(parseIndexSet(inner, budget, fail))
    .split(',')
    .map((part) => part.split('-').map((bound) => digits + bound).join('-'))
    .join(',');
}

/** One term's pattern and index sets; at most `budget` names. */
function scanTerm(expression: string, raw: RawTerm, budget: number): Term {
  const failAt =
    (at: number): Fail =>
    (_offset, expected) => {
      throw new HostRangeError(expression, at, expected);
    };
  let pattern = '';
  const dims: IndexSet[] = [];
  const addPlain = (text: string): void => {
    if (text === '') return;
    const plain = scanPlain(text);
    pattern += plain.pattern;
    dims.push(...plain.dims);
  };
  let prefix = raw.literals[0] ?? '';
  raw.brackets.forEach((bracket, i) => {
    let inner = bracket.inner;
    let fail: Fail = (offset, expected) => {
      throw new HostRangeError(expression, bracket.at + 1 + offset, expected);
    };
    let suffix = raw.literals[i + 1] ?? '';
    const after = leadingDigits(suffix);
    if (after !== '') {
      if (inner.includes('/')) fail(inner.indexOf('/'), `no digits right after a range with a step (nodeset refuses "[${inner}]${after}")`);
      inner = withTrailingDigits(inner, after);
      suffix = suffix.slice(after.length);
      fail = failAt(bracket.at);
      if (suffix === '' && i + 1 < raw.brackets.length) {
        failAt(raw.brackets[i + 1]?.at ?? bracket.at)(0, "a name part between ']' and '[' (digits alone there join the range before)");
      }
    }
    const before = trailingDigits(prefix);
    if (before !== '') {
      inner = withLeadingDigits(inner, before, budget, fail);
      prefix = prefix.slice(0, prefix.length - before.length);
      fail = failAt(bracket.at);
    }
    addPlain(prefix);
    pattern += '%s';
    dims.push(parseIndexSet(inner, budget, fail));
    prefix = suffix;
  });
  addPlain(prefix);
  let names = 1;
  for (const set of dims) {
    names *= set.size;
    if (names > budget) failAt(raw.at)(0, `fewer names: this part gives more than the limit of ${HOST_RANGE_LIMITS.names} names in all`);
  }
  return { pattern, dims };
}

/** The terms of an expression, in order, each with at most the names left in the budget. */
export function scanHostRange(expression: string, budget: number = HOST_RANGE_LIMITS.names): Term[] {
  const terms: Term[] = [];
  let left = budget;
  for (const raw of splitTerms(expression)) {
    const term = scanTerm(expression, raw, left);
    left -= term.dims.reduce((n, set) => n * set.size, 1);
    terms.push(term);
  }
  return terms;
}
