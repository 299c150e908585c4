import type { z } from 'zod';
import { builtInRegions, regionCodeSource, REGIONS_FILE, type Region } from '../vocabulary/index.js';
import { readProxyUrl, withProxyScheme } from '../proxy-url.js';
import { TopologyError } from './errors.js';
import { checkTopologySize } from './limits.js';
import { Topology, type TopologyInput } from './schema.js';

/** Where the input came from, for messages: a flag set or an answers file. */
export interface Origin {
  readonly describe: (path: readonly PropertyKey[]) => string;
}

export const FLAG_ORIGIN: Origin = {
  describe: (path) => `topology field '${path.map(String).join('.')}'`,
};

/**
 * A proxy URL that a client can use: [http(s)://][user[:password]@]host[:port], without a scheme
 * read as http:// (as HTTPS_PROXY is). `where` names the field for an error; it is only asked
 * for then (finding a line in a file parses it).
 */
export function checkProxyUrl(url: string, where: () => string): void {
  const read = readProxyUrl(url);
  if ('problem' in read) throw new TopologyError(`${where()}: ${read.problem}`);
}

function issueText(issue: z.core.$ZodIssue, origin: Origin): string {
  return `${origin.describe(issue.path)}: ${issue.message}`;
}

/** The region's code from the table, or the given one; a region outside the table without a code is an error. */
export function resolveRegionCode(name: string, code: string | undefined, regions: readonly Region[], where: () => string): string {
  if (code !== undefined) return code;
  const known = regions.find((region) => region.name === name);
  if (known) return known.code;
  throw new TopologyError(
    `${where()}: region '${name}' is not in the region table (${REGIONS_FILE}: ${regions.map((r) => r.name).join(', ')}); give its code with --region-code (region.code in an answers file). ${regionCodeSource(name)}`,
  );
}

/** Validates a topology input and completes it (the region code from the table). */
export function finishTopology(input: TopologyInput, origin: Origin, regions: readonly Region[] = builtInRegions()): Topology {
  checkTopologySize(input, origin);
  if (input.proxy?.url !== undefined) checkProxyUrl(input.proxy.url, () => origin.describe(['proxy', 'url']));
  // Kept with its scheme from here on, so that every reader (and the password's removal) sees one form.
  const withScheme = input.proxy?.url !== undefined ? { ...input, proxy: { ...input.proxy, url: withProxyScheme(input.proxy.url) } } : input;
  const parsed = Topology.safeParse(withScheme);
  if (!parsed.success) throw new TopologyError(parsed.error.issues.map((issue) => issueText(issue, origin)).join('\n'));
  // Headnodes imply BCM, whichever front end gave them.
  const topology = parsed.data.bcm.headnodes.length > 0 ? { ...parsed.data, bcm: { ...parsed.data.bcm, enabled: true } } : parsed.data;
  if (topology.region) {
    const code = resolveRegionCode(topology.region.name, topology.region.code, regions, () => origin.describe(['region', 'name']));
    return { ...topology, region: { name: topology.region.name, code } };
  }
  return topology;
}
