import type { Role } from '../vocabulary/index.js';

/** One node of a fleet: how ssh reaches it, what it is, where the name came from. */
export interface FleetNode {
  /** The name ssh is given (a host name, an address or a `~/.ssh/config` alias); validated, never starts with `-`. */
  readonly name: string;
  /** Its roles on the site (`k8s-node`, `system-node`, ...), at least one. */
  readonly roles: readonly Role[];
  /** The address the other nodes use to reach it (its InternalIP), when known; else its name resolves. */
  readonly address?: string;
  /** Where it was named: `--nodes`, `FILE:LINE`, `cmsh`, `kubectl`, an answers file. */
  readonly origin: string;
}

/** The peers one node checks, and whether the list is every node or a sample. */
export interface FleetPeerPlan {
  readonly peersOf: ReadonlyMap<string, readonly string[]>;
  /** `mesh`: every node checks every other; `sampled`: system nodes plus K peers each. */
  readonly mode: 'mesh' | 'sampled';
  /** What was sampled, for the report (e.g. "64 nodes: each checks the 3 system nodes and 8 sampled peers; every pair of 4 subnets covered"). */
  readonly summary: string;
}
