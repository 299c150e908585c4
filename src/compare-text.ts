/**
 * Orders strings by UTF-16 code unit, the same on every machine. `localeCompare` depends on the
 * locale and loads ICU's collation data (about 2 MB of the binary paged in) for orderings that
 * only need to be stable: file lists, hashes, host names, ports.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
