// Stand-ins until src/fleet/nodes lands (host ranges, @FILE, cmsh, kubectl, planFleetPeers): the
// integrator replaces these two functions with the real ones.
import { Role } from '../../vocabulary/index.js';
import type { FleetNode } from '../types.js';
import { sshDestinationProblem } from './host-name.js';

/** `--nodes NAME[:ROLE],...` (repeat): plain names, the role default k8s-node. Throws naming the bad entry. */
export function parseNodeList(values: readonly string[]): FleetNode[] {
  const nodes = new Map<string, FleetNode>();
  for (const value of values) {
    for (const entry of value.split(',').map((e) => e.trim()).filter((e) => e !== '')) {
      const colon = entry.lastIndexOf(':');
      const maybeRole = colon > 0 ? entry.slice(colon + 1) : '';
      const role = Role.safeParse(maybeRole);
      const name = role.success ? entry.slice(0, colon) : entry;
      const problem = sshDestinationProblem(name);
      if (problem !== undefined) throw new Error(`--nodes '${entry}': ${problem}`);
      const previous = nodes.get(name);
      const roles = [...new Set([...(previous?.roles ?? []), role.success ? role.data : 'k8s-node'])];
      nodes.set(name, { name, roles, origin: '--nodes' });
    }
  }
  return [...nodes.values()];
}

/** Every node checks every other node. */
export function everyOtherNode(nodes: readonly FleetNode[]): (node: FleetNode) => readonly string[] {
  return (node) => nodes.filter((n) => n.name !== node.name).map((n) => n.name);
}
