import { z } from 'zod';
import { dataFile } from '../data/embedded.js';
import { parseYamlSource } from '../yaml-source.js';

export const Region = z.object({ name: z.string(), code: z.string(), display: z.string() }).strict();
export type Region = z.infer<typeof Region>;

export const REGIONS_FILE = 'catalog/regions.yaml';

// Only the table: the catalog's loader checks the whole file (its sources too) and names every issue.
const RegionTable = z.object({ regions: z.array(Region).min(1) });

let cached: readonly Region[] | undefined;

/** The built-in region table, for a topology's region code when no other table is given. */
export function builtInRegions(): readonly Region[] {
  if (cached !== undefined) return cached;
  const file = dataFile(REGIONS_FILE);
  const parsed = file !== undefined ? RegionTable.safeParse(parseYamlSource(file.text, file.value).value) : undefined;
  if (parsed?.success !== true) throw new Error(`${REGIONS_FILE}: missing, or not a list of regions (name, code, display)`);
  cached = parsed.data.regions;
  return cached;
}
