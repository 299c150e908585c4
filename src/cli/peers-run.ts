import type { Selection } from '../catalog/index.js';
import { peerRunTargets, type Target } from '../diagnose/index.js';
import type { Peer } from '../topology/index.js';

/**
 * `check --peer`: the run checks the inbound and internal rules towards the peers, each
 * against its `netreq listen`, and nothing else.
 */
export function peerTargetsAdjuster(peers: readonly Peer[]): ((planned: readonly Target[], selection: Selection) => Target[]) | undefined {
  if (peers.length === 0) return undefined;
  return (planned, selection) => peerRunTargets(planned, selection, peers);
}
