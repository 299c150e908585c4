// How much a topology may list, whichever front end gave it: enough for the largest site, and a
// bound on the work (and on every list built from them).
import { TopologyError } from './errors.js';
import type { Origin } from './finish.js';

export const TOPOLOGY_LIMITS = { peers: 10_000, wildcardNames: 10_000 } as const;

/** Throws a TopologyError naming the field when an input lists more peers or wildcard names than the limits. */
export function checkTopologySize(input: { readonly peers?: unknown; readonly wildcards?: unknown }, origin: Origin): void {
  if (Array.isArray(input.peers) && input.peers.length > TOPOLOGY_LIMITS.peers) {
    throw new TopologyError(`${origin.describe(['peers'])}: ${input.peers.length} peers; netreq checks at most ${TOPOLOGY_LIMITS.peers} from one machine (split the list, or use netreq fleet)`);
  }
  if (typeof input.wildcards === 'object' && input.wildcards !== null) {
    let names = 0;
    for (const hosts of Object.values(input.wildcards)) if (Array.isArray(hosts)) names += hosts.length;
    if (names > TOPOLOGY_LIMITS.wildcardNames) {
      throw new TopologyError(`${origin.describe(['wildcards'])}: ${names} names for wildcard hosts; netreq takes at most ${TOPOLOGY_LIMITS.wildcardNames}`);
    }
  }
}
