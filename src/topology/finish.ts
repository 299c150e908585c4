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

/**
 * Readers of the fields whose grammar lives in a lower layer (src/host: the mirror, Helm
 * repository and image list readers, which the topology may not import): the front end gives them, and each says
 * what is wrong with a value (its message names `where` the value came from: a flag, a file's line), or nothing.
 */
export interface FieldReaders {
  readonly mirror: (line: string, where: string) => string | undefined;
  readonly helmRepo: (url: string, where: string) => string | undefined;
  /** An image list file: its problems (each naming FILE:LINE of the list), or nothing. */
  readonly imageList: (path: string, where: string) => string | undefined;
}

/** Throws a TopologyError naming the field (and the file's line) for a mirror, Helm repository or image list the readers refuse. */
export function checkReadFields(input: Pick<TopologyInput, 'mirrors' | 'helmRepo' | 'imageList'>, origin: Origin, readers: FieldReaders): void {
  const problems: string[] = [];
  for (const [index, line] of (Array.isArray(input.mirrors) ? input.mirrors : []).entries()) {
    const problem = typeof line === 'string' ? readers.mirror(line, origin.describe(['mirrors', index])) : undefined;
    if (problem !== undefined) problems.push(problem);
  }
  const helm = typeof input.helmRepo === 'string' ? readers.helmRepo(input.helmRepo, origin.describe(['helmRepo'])) : undefined;
  if (helm !== undefined) problems.push(helm);
  const list = typeof input.imageList === 'string' ? readers.imageList(input.imageList, origin.describe(['imageList'])) : undefined;
  if (list !== undefined) problems.push(list);
  if (problems.length > 0) throw new TopologyError(problems.join('\n'));
}

/** Validates a topology input and completes it (the region code from the table); `readers` read the mirrors and the Helm repository in full. */
export function finishTopology(input: TopologyInput, origin: Origin, regions: readonly Region[] = builtInRegions(), readers?: FieldReaders): Topology {
  checkTopologySize(input, origin);
  if (input.proxy?.url !== undefined) checkProxyUrl(input.proxy.url, () => origin.describe(['proxy', 'url']));
  // Kept with its scheme from here on, so that every reader (and the password's removal) sees one form.
  const withScheme = input.proxy?.url !== undefined ? { ...input, proxy: { ...input.proxy, url: withProxyScheme(input.proxy.url) } } : input;
  const parsed = Topology.safeParse(withScheme);
  if (!parsed.success) throw new TopologyError(parsed.error.issues.map((issue) => issueText(issue, origin)).join('\n'));
  if (readers !== undefined) checkReadFields(parsed.data, origin, readers);
  // Headnodes imply BCM, whichever front end gave them.
  const topology = parsed.data.bcm.headnodes.length > 0 ? { ...parsed.data, bcm: { ...parsed.data.bcm, enabled: true } } : parsed.data;
  if (topology.region) {
    const code = resolveRegionCode(topology.region.name, topology.region.code, regions, () => origin.describe(['region', 'name']));
    return { ...topology, region: { name: topology.region.name, code } };
  }
  return topology;
}
