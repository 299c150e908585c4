// Host ranges as pdsh and ClusterShell write them (`gpu[001-064,100]`, `r[1-2]n[01-40]`,
// `sys[1-9/2]`), expanded and folded exactly as ClusterShell 1.9's `nodeset -e` and `nodeset -f`
// do (the reference the tests run: Debian's clustershell, /usr/bin/nodeset). A NodeSet is a map
// from a name pattern (`gpu%s`) to its indexes; names come out by pattern (as strings), then by
// index (shorter first), duplicates once. Bounded: at most HOST_RANGE_LIMITS.names names and
// characters; a range such as `[1-99999999]` is an error before any name is made.
import { HostRangeError, HOST_RANGE_LIMITS } from './host-range-error.js';
import { foldIndexSet, sortedIndexes, type IndexSet } from './index-set.js';
import { combinations, IndexVectors } from './index-vectors.js';
import { scanHostRange, type Term } from './host-range-scan.js';

export { HostRangeError, HOST_RANGE_LIMITS } from './host-range-error.js';

type Indexes = { readonly kind: 'none' } | { readonly kind: 'one'; readonly set: IndexSet } | { readonly kind: 'many'; readonly vectors: IndexVectors };

const fill = (pattern: string, indexes: readonly string[]): string => {
  const parts = pattern.split('%s');
  return parts.map((part, i) => (i < indexes.length ? part + (indexes[i] ?? '') : part)).join('');
};

/** NodeSetBase: patterns and their indexes, merged term by term as `update` merges them. */
class NodeSetModel {
  private readonly patterns = new Map<string, Indexes>();

  add(term: Term): void {
    const known = this.patterns.get(term.pattern);
    const [first] = term.dims;
    if (first === undefined) {
      this.patterns.set(term.pattern, { kind: 'none' });
    } else if (term.dims.length === 1) {
      if (known?.kind === 'one') for (const index of first) known.set.add(index);
      else this.patterns.set(term.pattern, { kind: 'one', set: new Set(first) });
    } else {
      const vectors = new IndexVectors([...term.dims]);
      if (known?.kind === 'many') known.vectors.update(vectors);
      else this.patterns.set(term.pattern, { kind: 'many', vectors });
    }
  }

  /** Patterns in Python's string order (`sorted(self._patterns.items())`). */
  private sorted(): [string, Indexes][] {
    return [...this.patterns].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  *names(): Generator<string> {
    for (const [pattern, indexes] of this.sorted()) {
      if (indexes.kind === 'none') yield pattern;
      else if (indexes.kind === 'one') for (const index of sortedIndexes(indexes.set)) yield fill(pattern, [index]);
      else for (const vector of indexes.vectors.folded()) for (const point of combinations(vector)) yield fill(pattern, point);
    }
  }

  /** `str(NodeSet)`: each pattern with its indexes folded, a set of more than one in brackets. */
  folded(): string {
    const out: string[] = [];
    const bracketed = (set: IndexSet): string => (set.size > 1 ? `[${foldIndexSet(set)}]` : foldIndexSet(set));
    for (const [pattern, indexes] of this.sorted()) {
      if (indexes.kind === 'none') out.push(pattern);
      else if (indexes.kind === 'one') out.push(fill(pattern, [bracketed(indexes.set)]));
      else for (const vector of indexes.vectors.folded()) out.push(fill(pattern, vector.map(bracketed)));
    }
    return out.join(',');
  }
}

function checkLength(expression: string): void {
  if (expression.length > HOST_RANGE_LIMITS.characters) {
    throw new HostRangeError(expression, HOST_RANGE_LIMITS.characters, `at most ${HOST_RANGE_LIMITS.characters} characters in one host range`);
  }
}

/**
 * The names a host range stands for, in `nodeset -e`'s order: `gpu[001-003,7],sys[1-2]` is
 * gpu7 gpu001 gpu002 gpu003 sys1 sys2. Throws HostRangeError (expression, position, what was
 * expected) for a range that does not parse or gives more than HOST_RANGE_LIMITS.names names.
 */
export function expandHostRange(expression: string): string[] {
  checkLength(expression);
  if (expression.trim() === '') throw new HostRangeError(expression, 0, 'at least one node name');
  const model = new NodeSetModel();
  for (const term of scanHostRange(expression)) model.add(term);
  return [...model.names()];
}

/**
 * The shortest host range for these names, as `nodeset -f` folds them (for reports):
 * gpu017 gpu018 gpu019 is `gpu[017-019]`. Each name must be a plain name (no brackets or
 * commas); a name that is not is a HostRangeError naming it.
 */
export function foldHostRange(names: readonly string[]): string {
  if (names.length > HOST_RANGE_LIMITS.names) throw new HostRangeError(`${names.length} names`, 0, `at most ${HOST_RANGE_LIMITS.names} names to fold`);
  const model = new NodeSetModel();
  for (const name of names) {
    checkLength(name);
    const bad = /[[\],\s]/.exec(name);
    if (bad !== null || name === '') throw new HostRangeError(name, bad?.index ?? 0, 'one plain node name, without brackets, commas or spaces');
    const terms = scanHostRange(name);
    for (const term of terms) model.add(term);
  }
  return model.folded();
}
