import type { ProxyExport } from './squid.js';
import type { RuleListing } from './rows.js';
import { noProxyEntries } from '../no-proxy.js';

/** The NO_PROXY value the cluster's components need, and what that value cannot say. */
export function renderNoProxy(listing: RuleListing): ProxyExport {
  const entries = noProxyEntries(listing.siteOwnedHosts);
  const notes = [
    "Add the cluster's pod and service CIDRs and the nodes' subnet if they lie outside 10.0.0.0/8, 172.16.0.0/12 and 192.168.0.0/16; drop a private range that the proxy must serve.",
    'CIDR entries are honoured by Go programs (kubelet, containerd, Helm, the Arc agents) and recent curl, but not by every client: list node names or addresses too where a tool ignores them.',
    'NO_PROXY matches names and addresses only: it cannot limit a bypass to a port, and it has no mid-name wildcards.',
  ];
  if (listing.remoteControlPlane !== undefined) {
    notes.push(`The control plane ${listing.remoteControlPlane} is not co-located: it is reached through the proxy and must not be in NO_PROXY (with --co-located it is this cluster's own name, and listed).`);
  }
  return { text: `${entries.join(',')}\n`, notes };
}
