import type { Selection } from '../catalog/index.js';
import { peerRunTargets, planPeers, isPeerTarget, type Target } from '../diagnose/index.js';
import type { Peer } from '../topology/index.js';

/**
 * `check --peer`: the inbound and internal rules towards the peers, each against its `netreq
 * listen`, in addition to everything else this machine's roles select (its outbound rules
 * included). With `peersOnly` (`--peers-only`), the peer checks and nothing else.
 */
export function peerTargetsAdjuster(peers: readonly Peer[], peersOnly = false): ((planned: readonly Target[], selection: Selection) => Target[]) | undefined {
  if (peers.length === 0) return undefined;
  if (peersOnly) return (planned, selection) => peerRunTargets(planned, selection, peers);
  return (planned, selection) => {
    const peerChecks = planPeers(selection, peers);
    const keys = new Set(peerChecks.map((t) => t.key));
    // A peer rule the peers fill is checked against the listener; one still waiting says which --peer fills it.
    const rest = planned.filter((t) => (!isPeerTarget(t) || t.skip !== undefined) && !keys.has(t.key));
    return [...rest, ...peerChecks];
  };
}
