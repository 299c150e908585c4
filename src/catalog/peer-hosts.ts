import type { Peer, Topology } from '../topology/index.js';
import { expandRoles } from '../vocabulary/index.js';
import type { PortRange, Role, Rule } from './schema.js';

/** Host templates that name a peer of this machine, and the role the peer must have. */
export const PEER_TEMPLATES = { '{systemNode}': 'system-node', '{peer}': 'k8s-node' } as const satisfies Record<string, Role>;
export type PeerTemplate = keyof typeof PEER_TEMPLATES;

/** The peer template a rule's host is, if it is one. */
export function peerTemplateOf(host: string): PeerTemplate | undefined {
  return Object.hasOwn(PEER_TEMPLATES, host) ? (host as PeerTemplate) : undefined;
}

/** The peers a template stands for: those whose roles (a system node is also a k8s node) include its role. */
export function peersFor(template: PeerTemplate, peers: readonly Peer[]): Peer[] {
  const role = PEER_TEMPLATES[template];
  return peers.filter((peer) => expandRoles(peer.roles).includes(role));
}

/** More ports than this in one rule are sampled, not all opened and checked. */
export const MAX_PORTS_PER_RULE = 16;

/**
 * The ports of a range that a listener opens and a peer check checks: all of a small range,
 * else its first, middle and last port (the NodePort range 30000-32767 is three ports).
 */
export function portSample(range: PortRange): number[] {
  const count = range.to - range.from + 1;
  if (count <= MAX_PORTS_PER_RULE) return Array.from({ length: count }, (_, i) => range.from + i);
  return [range.from, range.from + Math.floor((count - 1) / 2), range.to];
}

/** A rule whose destination is a peer role, for `netreq listen`: the machine listening is the destination. */
export function listensFor(rule: Rule, topology: Topology): boolean {
  const template = peerTemplateOf(rule.to.host);
  if (template === undefined || rule.check === 'guidance') return false;
  return expandRoles(topology.roles).includes(PEER_TEMPLATES[template]);
}

export interface ListenerPortPlan {
  readonly port: number;
  readonly transport: 'tcp' | 'udp';
  readonly ruleIds: readonly string[];
  readonly purposes: readonly string[];
  /** Set when the rule's range was sampled: the whole range, e.g. `30000-32767`. */
  readonly sampledFrom?: string;
}
