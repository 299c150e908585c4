// Which peers each node checks. A full node-to-node matrix grows with the square of the nodes: up
// to `meshLimit` nodes every node checks every other; beyond it each node checks every system node
// (the platform's services run there, so every node must reach them) plus at most `peerSample`
// other peers, chosen so that every node is checked by someone and every ordered pair of subnets
// (nodes grouped by address /24, /64 for IPv6, or by name prefix without an address) has a check
// each way, where the sample leaves room for it. Deterministic: the same nodes and seed give the
// same plan, whatever order the nodes came in.
import type { FleetNode, FleetPeerPlan } from '../types.js';
import { ipv4Bytes, ipv6Bytes, isIpAddress } from './node-name.js';

export const PEER_PLAN_DEFAULTS = { meshLimit: 32, peerSample: 8 } as const;

export interface PeerPlanOptions {
  /** Up to this many nodes, every node checks every other (default 32). */
  readonly meshLimit?: number;
  /** Beyond it, the peers each node checks besides the system nodes (default 8). */
  readonly peerSample?: number;
  /** Varies the sample; default: derived from the node names, so a cluster gets the same plan each run. */
  readonly seed?: string;
}

/** The group a node's checks should cross to: `10.0.1.0/24`, `fd00:1:2:3::/64`, or `gpu*` by name. */
export function peerGroupOf(node: FleetNode): string {
  const address = node.address ?? (isIpAddress(node.name) ? node.name : undefined);
  const v4 = address === undefined ? undefined : ipv4Bytes(address);
  if (v4 !== undefined) return `${v4.slice(0, 3).join('.')}.0/24`;
  const v6 = address === undefined ? undefined : ipv6Bytes(address);
  if (v6 !== undefined) {
    const groups = [0, 2, 4, 6].map((i) => (((v6[i] ?? 0) << 8) | (v6[i + 1] ?? 0)).toString(16));
    return `${groups.join(':')}::/64`;
  }
  const label = node.name.split('.')[0] ?? node.name;
  const prefix = label.replace(/[0-9]+$/, '').replace(/[-_]+$/, '');
  return `${prefix === '' ? label : prefix}*`;
}

/** FNV-1a, for a seed from text. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** mulberry32: a small seeded generator; the plan must not depend on Math.random. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function checkOption(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${name} must be a whole number of at least ${min}, not ${value}`);
}

const count = (n: number): string => n.toLocaleString('en-US');

/** Every node checks every other. */
function mesh(names: readonly string[]): FleetPeerPlan {
  const peersOf = new Map(names.map((name) => [name, names.filter((other) => other !== name)]));
  return { peersOf, mode: 'mesh', summary: `${names.length} nodes: every node checks every other (${count(names.length * (names.length - 1))} checks)` };
}

/**
 * The peers each node checks (by node name). Throws RangeError for a bad option or a name given twice.
 */
export function planFleetPeers(nodes: readonly FleetNode[], options: PeerPlanOptions = {}): FleetPeerPlan {
  const meshLimit = options.meshLimit ?? PEER_PLAN_DEFAULTS.meshLimit;
  const peerSample = options.peerSample ?? PEER_PLAN_DEFAULTS.peerSample;
  checkOption('meshLimit', meshLimit, 1);
  checkOption('peerSample', peerSample, 1);
  const sorted = [...nodes].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const names = sorted.map((n) => n.name);
  const twice = names.find((name, i) => names[i + 1] === name);
  if (twice !== undefined) throw new RangeError(`node ${twice} is listed twice; merge the node lists first`);
  if (sorted.length <= meshLimit) return mesh(names);

  const seedText = options.seed ?? names.join(',');
  const random = generator(hash(seedText));
  const system = sorted.filter((n) => n.roles.includes('system-node')).map((n) => n.name);
  const isSystem = new Set(system);
  const groupOf = new Map(sorted.map((n) => [n.name, peerGroupOf(n)]));
  const members = new Map<string, string[]>();
  for (const name of names) members.set(groupOf.get(name) ?? '', [...(members.get(groupOf.get(name) ?? '') ?? []), name]);
  const groups = [...members.keys()].sort();

  const sampled = new Map(names.map((name) => [name, new Set<string>()]));
  const checkedBy = new Map(names.map((name) => [name, 0]));
  const pairKey = (from: string, to: string): string => `${from}\u0000${to}`;
  const covered = new Set<string>();
  // Every node checks every system node: those pairs are covered already.
  for (const s of system) for (const group of groups) if ((members.get(group) ?? []).some((n) => n !== s)) covered.add(pairKey(group, groupOf.get(s) ?? ''));
  const room = (source: string): boolean => (sampled.get(source)?.size ?? 0) < peerSample;
  // System nodes are never sampled: every other node checks them anyway.
  const add = (source: string, target: string): boolean => {
    const set = sampled.get(source);
    if (set === undefined || source === target || isSystem.has(target) || set.has(target) || !room(source)) return false;
    set.add(target);
    checkedBy.set(target, (checkedBy.get(target) ?? 0) + 1);
    covered.add(pairKey(groupOf.get(source) ?? '', groupOf.get(target) ?? ''));
    return true;
  };
  const shuffled = <T>(list: readonly T[]): T[] => {
    const copy = [...list];
    for (let i = copy.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
    }
    return copy;
  };

  // 1. Every ordered pair of groups, when the samples have room for them all: a source with the
  // most room in one group, the least-checked target in the other.
  const pairs = groups.length * (groups.length - 1);
  const pairsFit = pairs <= names.length * peerSample;
  if (pairsFit) {
    for (const from of groups) {
      for (const to of groups) {
        if (from === to || covered.has(pairKey(from, to))) continue;
        const sources = shuffled((members.get(from) ?? []).filter(room)).sort((a, b) => (sampled.get(a)?.size ?? 0) - (sampled.get(b)?.size ?? 0));
        const targets = shuffled((members.get(to) ?? []).filter((t) => !isSystem.has(t))).sort((a, b) => (checkedBy.get(a) ?? 0) - (checkedBy.get(b) ?? 0));
        sources.some((source) => targets.some((target) => add(source, target)));
      }
    }
  }
  // 2. Every node checked by someone: sources taken in turn, another group's first.
  const turn = shuffled(names);
  let next = 0;
  for (const target of shuffled(names.filter((name) => (checkedBy.get(name) ?? 0) === 0 && !isSystem.has(name)))) {
    let fallback: string | undefined;
    for (let tried = 0; tried < turn.length; tried += 1) {
      const source = turn[(next + tried) % turn.length] ?? '';
      if (source === target || !room(source)) continue;
      if (groupOf.get(source) !== groupOf.get(target)) {
        fallback = source;
        next = (next + tried + 1) % turn.length;
        break;
      }
      fallback ??= source;
    }
    if (fallback !== undefined) add(fallback, target);
  }
  // 3. The rest of each node's sample: other non-system nodes drawn at random.
  const candidates = names.filter((name) => !isSystem.has(name));
  for (const source of names) {
    for (let draw = 0; room(source) && draw < 8 * peerSample; draw += 1) add(source, candidates[Math.floor(random() * candidates.length)] ?? '');
    const from = Math.floor(random() * candidates.length);
    for (let i = 0; room(source) && i < candidates.length; i += 1) add(source, candidates[(from + i) % candidates.length] ?? '');
  }
  const uncovered = groups.flatMap((from) => groups.filter((to) => to !== from && !covered.has(pairKey(from, to)))).length;

  const peersOf = new Map(names.map((name) => [name, [...system.filter((s) => s !== name), ...[...(sampled.get(name) ?? [])].sort()]]));
  const checks = [...peersOf.values()].reduce((n, peers) => n + peers.length, 0);
  const unchecked = names.filter((name) => !isSystem.has(name) && (checkedBy.get(name) ?? 0) === 0).length;
  const summary =
    `${names.length} nodes, more than the mesh limit of ${meshLimit}: each checks ` +
    `${system.length === 0 ? 'no system node (none is listed)' : `the ${system.length} system node${system.length === 1 ? '' : 's'}`} and ` +
    `${peerSample} sampled peer${peerSample === 1 ? '' : 's'} (${count(checks)} checks instead of ${count(names.length * (names.length - 1))}); ` +
    `${unchecked === 0 ? 'every node is checked by another' : `${unchecked} node${unchecked === 1 ? ' is' : 's are'} checked by none`}; ` +
    `${pairs === 0 ? `one ${groups[0]?.endsWith('*') === true ? 'name group' : 'subnet'} (${groups[0] ?? ''})` : uncovered === 0 ? `all ${count(pairs)} ordered pairs of ${groups.length} groups (${groups.slice(0, 6).join(', ')}${groups.length > 6 ? ', ...' : ''}) checked both ways` : `${count(pairs - uncovered)} of ${count(pairs)} ordered pairs of ${groups.length} groups checked (${count(uncovered)} left${pairsFit ? '' : `: ${groups.length} groups need more than ${peerSample} peers a node`}; raise --peer-sample)`}; ` +
    `seed ${hash(seedText).toString(16)}`;
  return { peersOf, mode: 'sampled', summary };
}
