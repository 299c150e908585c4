// Node names folded into host ranges for reports: gpu017 gpu018 gpu019 is `gpu[017-019]`, as
// ClusterShell's `nodeset -f` writes them. Unlike foldHostRange (which refuses what is not a plain
// name), this never throws: the names come from a saved report (untrusted) or from ssh aliases, so
// a name that cannot be folded is listed as it is, after the folded ones.
import { foldHostRange } from './host-range.js';
import { HOST_RANGE_LIMITS } from './host-range-error.js';

/** What `nodeset` folds without reading it as a group, an operator or an option. */
const FOLDABLE = /^[A-Za-z0-9_.:][A-Za-z0-9_.:-]*$/;

/** The names as one comma-separated host range (zero padding kept); never throws. */
export function foldHostNames(names: readonly string[]): string {
  const unique = [...new Set(names)];
  const plain = unique.filter((name) => FOLDABLE.test(name) && name.length <= HOST_RANGE_LIMITS.characters);
  const foldable = new Set(plain);
  const other = unique.filter((name) => !foldable.has(name));
  if (plain.length > HOST_RANGE_LIMITS.names) return unique.join(',');
  let folded: string;
  try {
    folded = plain.length > 0 ? foldHostRange(plain) : '';
  } catch {
    // A name the range scanner still refuses: nothing is lost by listing every name.
    return unique.join(',');
  }
  return [folded, ...other].filter((part) => part !== '').join(',');
}
