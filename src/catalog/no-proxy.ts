import type { Topology } from '../topology/index.js';

/**
 * What belongs in NO_PROXY, decided once: `rules --format no-proxy` prints it and the container
 * runtime findings compare a service's NO_PROXY against it, so the two never disagree.
 */

/** Names and ranges that never go through the proxy: the node itself, cluster services, the private networks. */
export const CLUSTER_INTERNAL: readonly string[] = ['localhost', '127.0.0.1', '::1', '.svc', '.cluster.local', '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];

/**
 * The site's own hosts, which must be reached directly: the control plane when it runs on this
 * cluster (`--co-located`) and the BCM headnodes. A remote control plane (a SaaS tenant, one
 * elsewhere) is reached through the proxy like any other service and is never listed.
 */
export function siteDirectHosts(topology: Pick<Topology, 'controlPlane' | 'bcm'>): string[] {
  const { fqdn, coLocated } = topology.controlPlane;
  return [...new Set([...(coLocated && fqdn !== undefined ? [fqdn] : []), ...topology.bcm.headnodes])];
}

/** Whether the control plane is named but remote, so a reader learns why it is not listed. */
export function remoteControlPlane(topology: Pick<Topology, 'controlPlane'>): string | undefined {
  return !topology.controlPlane.coLocated ? topology.controlPlane.fqdn : undefined;
}

/** The NO_PROXY entries a site needs: the cluster-internal ones, then its own hosts, then `extra` (a node's addresses), once each. */
export function noProxyEntries(directHosts: readonly string[], extra: readonly string[] = []): string[] {
  return [...new Set([...CLUSTER_INTERNAL, ...directHosts, ...extra])];
}
