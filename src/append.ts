/**
 * Appends every item to `target`, one by one: `push(...items)` passes each item as an argument
 * and throws a RangeError past about 100,000 of them (200,000 wildcard names did).
 */
export function append<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}
