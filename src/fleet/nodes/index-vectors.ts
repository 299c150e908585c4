// The indexes of a name with several numbers (`r1n01`, `rack[1-2]node[01-40]`, `10.0.0.[1-9]`):
// ClusterShell's RangeSetND (lib/ClusterShell/RangeSet.py, 1.9.1), a list of vectors, each a
// product of one index set per dimension. Ported, because nodeset's order and folding of such
// names come from how it merges the vectors: `nodeset -e 'r3n[1-5],r[1-2]n1'` prints
// `r3n2 r3n3 r3n4 r3n5 r1n1 r2n1 r3n1`, the larger vector first.
import { disjointIndexes, properSuperset, sameIndexes, sortedIndexes, unionIndexes, type IndexSet } from './index-set.js';

export type Vector = IndexSet[];

const copyVector = (vector: Vector): Vector => vector.map((set) => new Set(set));
const sizeOf = (vector: Vector): number => vector.reduce((n, set) => n * set.size, 1);

/** Every combination of a vector's indexes, first dimension outermost (`itertools.product`). */
export function* combinations(vector: Vector): Generator<string[]> {
  const sorted = vector.map(sortedIndexes);
  const at = sorted.map(() => 0);
  if (sorted.some((s) => s.length === 0)) return;
  for (;;) {
    yield sorted.map((s, d) => s[at[d] ?? 0] ?? '');
    let d = sorted.length - 1;
    while (d >= 0 && (at[d] ?? 0) + 1 >= (sorted[d]?.length ?? 0)) {
      at[d] = 0;
      d -= 1;
    }
    if (d < 0) return;
    at[d] = (at[d] ?? 0) + 1;
  }
}

/** RangeSetND._sort's key: larger vectors first, then per dimension larger sets, lower first and last index. */
function compareVectors(a: Vector, b: Vector): number {
  const bySize = sizeOf(b) - sizeOf(a);
  if (bySize !== 0) return bySize;
  for (let d = 0; d < a.length; d += 1) {
    const x = sortedIndexes(a[d] ?? new Set());
    const y = sortedIndexes(b[d] ?? new Set());
    if (x.length !== y.length) return y.length - x.length;
    // Python compares these index strings as strings: '10' < '9'.
    for (const [p, q] of [[x[0], y[0]], [x[x.length - 1], y[y.length - 1]]]) {
      if (p !== q) return (p ?? '') < (q ?? '') ? -1 : 1;
    }
  }
  return 0;
}

/** The vectors of one name pattern, folded as RangeSetND folds them (lazily, on reading). */
export class IndexVectors {
  private vectors: Vector[];
  private dirty = false;
  private multivariateHint = false;

  constructor(vector: Vector) {
    this.vectors = [copyVector(vector)];
  }

  /** RangeSetND.update: the other's vectors appended; a union along one dimension merges at once. */
  update(other: IndexVectors): void {
    for (const vector of other.vectors) this.vectors.push(copyVector(vector));
    this.dirty = true;
    if (!this.multivariateHint) this.foldUnivariate();
  }

  /** The folded vectors, in the order nodeset prints them. */
  folded(): readonly Vector[] {
    if (this.dirty) {
      if (this.vectors.length > 1) {
        if (!this.foldUnivariate()) this.foldMultivariate();
      }
      this.dirty = false;
    }
    return this.vectors;
  }

  /** Merges every vector into the first when they differ in one dimension only. */
  private foldUnivariate(): boolean {
    const first = this.vectors[0] ?? [];
    const dim = first.length;
    let varying = 0;
    let vardim = 0;
    if (dim > 1) {
      for (let d = 0; d < dim; d += 1) {
        const head = first[d] ?? new Set<string>();
        if (!this.vectors.every((v) => sameIndexes(v[d] ?? new Set(), head))) {
          varying += 1;
          if (varying > 1) break;
          vardim = d;
        }
      }
    }
    const univariate = dim === 1 || varying === 1;
    if (univariate) {
      // In place, as RangeSet.update does: the vectors are this object's own copies.
      const merged = first[vardim] ?? new Set<string>();
      for (const vector of this.vectors.slice(1)) for (const index of vector[vardim] ?? []) merged.add(index);
      this.vectors = [first];
      this.dirty = false;
    }
    this.multivariateHint = !univariate;
    return univariate;
  }

  /** Every point as its own vector, then pairs that differ in one dimension merged, pass after pass. */
  private foldMultivariate(): void {
    const points = new Map<string, string[]>();
    for (const vector of this.vectors) for (const point of combinations(vector)) points.set(point.join('\u0000'), point);
    this.vectors = [...points.values()].map((point) => point.map((index) => new Set([index])));
    this.mergeVectors();
  }

  // RangeSetND._fold_multivariate_merge, line for line: easy passes first, then full ones.
  private mergeVectors(): void {
    const list = this.vectors;
    let full = false;
    let changed = true;
    while (changed) {
      changed = false;
      list.sort(compareVectors);
      let index1 = 0;
      while (index1 + 1 < list.length) {
        let item1 = list[index1] as Vector;
        let index2 = index1 + 1;
        index1 += 1;
        while (index2 < list.length) {
          const item2 = list[index2] as Vector;
          index2 += 1;
          const merged = mergeTwo(item1, item2);
          if (merged !== undefined) {
            changed = true;
            item1 = merged;
            list[index1 - 1] = merged;
            index2 -= 1;
            list.splice(index2, 1);
          } else if (!full) {
            break;
          }
        }
      }
      if (!changed && !full) {
        changed = true;
        full = true;
      }
    }
  }
}

/** Two vectors as one when they differ in one dimension by disjoint or nested sets; else undefined. */
function mergeTwo(item1: Vector, item2: Vector): Vector | undefined {
  const merged: Vector = [];
  let differences = 0;
  for (let d = 0; d < item1.length; d += 1) {
    const a = item1[d] ?? new Set<string>();
    const b = item2[d] ?? new Set<string>();
    if (sameIndexes(a, b)) {
      merged.push(a);
      continue;
    }
    differences += 1;
    if (differences > 1) return undefined;
    if (disjointIndexes(a, b)) merged.push(unionIndexes(a, b));
    else if (properSuperset(a, b)) merged.push(a);
    else if (properSuperset(b, a)) merged.push(b);
    else return undefined;
  }
  return merged;
}
