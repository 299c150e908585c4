import type { ProxyExport } from './squid.js';
import type { RuleListing } from './rows.js';

/** Names and ranges that never go through the proxy: the node itself, cluster services, the private networks. */
const CLUSTER_INTERNAL = ['localhost', '127.0.0.1', '::1', '.svc', '.cluster.local', '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];

/** The NO_PROXY value the cluster's components need, and what that value cannot say. */
export function renderNoProxy(listing: RuleListing): ProxyExport {
  const entries = [...CLUSTER_INTERNAL];
  for (const host of listing.siteOwnedHosts) if (!entries.includes(host)) entries.push(host);
  const notes = [
    "Add the cluster's pod and service CIDRs and the nodes' subnet if they lie outside 10.0.0.0/8, 172.16.0.0/12 and 192.168.0.0/16; drop a private range that the proxy must serve.",
    'CIDR entries are honoured by Go programs (kubelet, containerd, Helm, the Arc agents) and recent curl, but not by every client: list node names or addresses too where a tool ignores them.',
    'NO_PROXY matches names and addresses only: it cannot limit a bypass to a port, and it has no mid-name wildcards.',
  ];
  const remote = [...listing.here, ...listing.elsewhere].some((row) => row.pattern === '{controlPlane}') && listing.siteOwnedHosts.length === 0;
  if (remote) notes.push('The control plane is not co-located, so it is reached through the proxy and is not listed; add its name if it runs on the site network.');
  return { text: `${entries.join(',')}\n`, notes };
}
