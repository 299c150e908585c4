import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  HostRangeError, mergeFleetNodes, nodesFromBcm, nodesFromFlags, nodesFromKubernetes, NodeSourceError, NodeSpecError, planFleetPeers, PEER_PLAN_DEFAULTS,
  type FleetNode, type FleetPeerPlan,
} from '../fleet/index.js';
import { intFlag, type Flags } from './args.js';
import { UsageError, type CliIo } from './io.js';

/** `--nodes @FILE`: read whole, refused beyond `maxBytes` (the node-list module's bound). */
function readNodeFile(io: CliIo): (path: string, maxBytes: number) => string {
  return (path, maxBytes) => {
    const full = resolve(io.cwd, path);
    let size: number;
    try {
      size = statSync(full).size;
    } catch (error) {
      throw new UsageError(`--nodes @${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    if (size > maxBytes) throw new UsageError(`--nodes @${path}: ${size} bytes; expected a node list of at most ${maxBytes} bytes`);
    return readFileSync(full, 'utf8');
  };
}

/** The fleet's nodes from `--nodes` (host ranges, @FILE), `--from-bcm` (cmsh) and `--from-kubernetes` (kubectl), merged. */
export async function fleetNodes(flags: Flags, io: CliIo): Promise<FleetNode[]> {
  const lists: FleetNode[][] = [];
  try {
    if (flags.nodes !== undefined) lists.push(nodesFromFlags(flags.nodes, readNodeFile(io)));
    if (flags['from-bcm'] === true) lists.push([...(await nodesFromBcm({ signal: io.signal })).nodes]);
    if (flags['from-kubernetes'] === true) lists.push([...(await nodesFromKubernetes({ signal: io.signal })).nodes]);
  } catch (error: unknown) {
    if (error instanceof HostRangeError || error instanceof NodeSpecError || error instanceof NodeSourceError) throw new UsageError(error.message);
    throw error;
  }
  if (lists.length === 0) throw new UsageError("'netreq fleet' needs the nodes: --nodes 'gpu[001-064]:k8s-node' --nodes 'sys[1-3]:system-node', --nodes @FILE, --from-bcm or --from-kubernetes");
  const nodes = mergeFleetNodes(lists);
  if (nodes.length === 0) throw new UsageError('the node list names no node');
  return nodes;
}

/** Who checks whom: every node every other up to --mesh-limit, else system nodes plus --peer-sample peers each. */
export function fleetPeerPlan(nodes: readonly FleetNode[], flags: Flags): FleetPeerPlan {
  return planFleetPeers(nodes, {
    meshLimit: intFlag('mesh-limit', flags['mesh-limit'], PEER_PLAN_DEFAULTS.meshLimit, 1, 10_000),
    peerSample: intFlag('peer-sample', flags['peer-sample'], PEER_PLAN_DEFAULTS.peerSample, 1, 1_000),
  });
}
