import { describe, expect, it } from 'vitest';
import { planFleetPeers, peerGroupOf, PEER_PLAN_DEFAULTS } from '../../../src/fleet/nodes/index.js';
import type { FleetNode } from '../../../src/fleet/types.js';

/** n nodes spread over `subnets` /24s, the first `system` of them system nodes. */
function cluster(n: number, subnets: number, system: number): FleetNode[] {
  return Array.from({ length: n }, (_, i) => ({
    name: `node${String(i).padStart(4, '0')}`,
    roles: i < system ? ['system-node'] : ['k8s-node'],
    address: `10.${20 + (i % subnets)}.7.${Math.floor(i / subnets) + 1}`,
    origin: 'test',
  }));
}

/** The /24 of an address, computed here apart from the code under test. */
const slash24 = (node: FleetNode): string => (node.address ?? '').split('.').slice(0, 3).join('.');

function properties(nodes: readonly FleetNode[], peerSample: number, group: (node: FleetNode) => string): void {
  const plan = planFleetPeers(nodes, { peerSample });
  const names = new Set(nodes.map((n) => n.name));
  const system = nodes.filter((n) => n.roles.includes('system-node')).map((n) => n.name);
  expect(plan.mode).toBe('sampled');
  expect([...plan.peersOf.keys()].sort()).toEqual([...names].sort());
  let total = 0;
  for (const [name, peers] of plan.peersOf) {
    expect(peers).not.toContain(name);
    expect(new Set(peers).size).toBe(peers.length);
    for (const peer of peers) expect(names.has(peer)).toBe(true);
    for (const s of system) if (s !== name) expect(peers).toContain(s);
    expect(peers.length).toBeLessThanOrEqual(system.filter((s) => s !== name).length + peerSample);
    total += peers.length;
  }
  expect(total).toBeLessThanOrEqual(nodes.length * (system.length + peerSample));
  // Every node is checked by someone.
  const checked = new Set([...plan.peersOf.values()].flat());
  expect([...names].filter((n) => !checked.has(n))).toEqual([]);
  // Every ordered pair of groups has a check from the one to the other.
  const groupOf = new Map(nodes.map((n) => [n.name, group(n)]));
  const groups = [...new Set(groupOf.values())];
  const seen = new Set<string>();
  for (const [name, peers] of plan.peersOf) for (const peer of peers) seen.add(`${groupOf.get(name)} -> ${groupOf.get(peer)}`);
  const missing = groups.flatMap((a) => groups.filter((b) => b !== a && !seen.has(`${a} -> ${b}`)).map((b) => `${a} -> ${b}`));
  expect(missing).toEqual([]);
  // Deterministic, whatever order the nodes come in.
  const again = planFleetPeers([...nodes].reverse(), { peerSample });
  expect([...again.peersOf]).toEqual([...plan.peersOf].sort(([a], [b]) => (a < b ? -1 : 1)));
  expect(again.summary).toBe(plan.summary);
}

describe('fleet 5: the peer plan', () => {
  it('fleet 5: up to the mesh limit every node checks every other (8 nodes)', () => {
    const nodes = cluster(8, 2, 1);
    const plan = planFleetPeers(nodes);
    expect(plan.mode).toBe('mesh');
    for (const node of nodes) expect(plan.peersOf.get(node.name)).toEqual(nodes.filter((n) => n !== node).map((n) => n.name));
    expect(plan.summary).toBe('8 nodes: every node checks every other (56 checks)');
    expect(planFleetPeers(cluster(32, 2, 1)).mode).toBe('mesh');
  });

  it('fleet 5: 33 nodes, 3 subnets, 3 system nodes, 4 peers: bounded, every node and subnet pair covered, deterministic', () => {
    properties(cluster(33, 3, 3), 4, slash24);
  });

  it('fleet 5: 500 nodes, 4 subnets, 3 system nodes, 8 peers', () => {
    properties(cluster(500, 4, 3), 8, slash24);
  });

  it('fleet 5: 500 nodes in 25 subnets without system nodes, 2 peers', () => {
    properties(cluster(500, 25, 0), 2, slash24);
  });

  it('fleet 5: nodes without addresses are grouped by name prefix', () => {
    const nodes: FleetNode[] = [
      ...Array.from({ length: 30 }, (_, i) => ({ name: `gpu${String(i + 1).padStart(3, '0')}`, roles: ['k8s-node' as const], origin: 'test' })),
      ...Array.from({ length: 6 }, (_, i) => ({ name: `cpu-${i + 1}`, roles: ['k8s-node' as const], origin: 'test' })),
      { name: 'sys1', roles: ['system-node'], origin: 'test' },
      { name: 'sys2.cluster.local', roles: ['system-node'], origin: 'test' },
    ];
    expect(new Set(nodes.map(peerGroupOf))).toEqual(new Set(['gpu*', 'cpu*', 'sys*']));
    properties(nodes, 2, (n) => n.name.replace(/[-0-9].*$/, ''));
  });

  it('fleet 5: the summary says what was sampled', () => {
    const plan = planFleetPeers(cluster(500, 4, 3), { peerSample: 8 });
    expect(plan.summary).toMatch(/^500 nodes, more than the mesh limit of 32: each checks the 3 system nodes and 8 sampled peers \(5,\d{3} checks instead of 249,500\); every node is checked by another; all 12 ordered pairs of 4 groups \(10\.20\.7\.0\/24, 10\.21\.7\.0\/24, 10\.22\.7\.0\/24, 10\.23\.7\.0\/24\) checked both ways; seed [0-9a-f]+$/);
  });

  it('fleet 5: the seed changes the sample, not its properties', () => {
    const nodes = cluster(100, 4, 2);
    const a = planFleetPeers(nodes, { seed: 'a' });
    const b = planFleetPeers(nodes, { seed: 'b' });
    expect([...a.peersOf]).not.toEqual([...b.peersOf]);
    expect(planFleetPeers(nodes, { seed: 'a' }).peersOf).toEqual(a.peersOf);
  });

  it('fleet 5: when the sample cannot cover every subnet pair, the summary says how many are left', () => {
    const nodes = cluster(60, 60, 0).map((n, i) => ({ ...n, address: `10.${i}.0.1` }));
    const plan = planFleetPeers(nodes, { peerSample: 1 });
    expect(plan.summary).toMatch(/of 3,540 ordered pairs of 60 groups checked \([\d,]+ left: 60 groups need more than 1 peers a node; raise --peer-sample\)/);
    expect(Math.max(...[...plan.peersOf.values()].map((p) => p.length))).toBe(1);
  });

  it('fleet 5: groups: /24, /64, or the name prefix', () => {
    expect(peerGroupOf({ name: 'gpu1', roles: ['k8s-node'], address: '10.1.2.3', origin: 't' })).toBe('10.1.2.0/24');
    expect(peerGroupOf({ name: '10.9.8.7', roles: ['k8s-node'], origin: 't' })).toBe('10.9.8.0/24');
    expect(peerGroupOf({ name: 'gpu1', roles: ['k8s-node'], address: 'fd00:1:2:3::9', origin: 't' })).toBe('fd00:1:2:3::/64');
    expect(peerGroupOf({ name: 'dgx-a100-017.site', roles: ['k8s-node'], origin: 't' })).toBe('dgx-a100*');
  });

  it('fleet 5: bad options and a node listed twice are errors', () => {
    expect(() => planFleetPeers(cluster(3, 1, 0), { meshLimit: 0 })).toThrow(RangeError);
    expect(() => planFleetPeers(cluster(3, 1, 0), { peerSample: 1.5 })).toThrow(/peerSample must be a whole number/);
    const nodes = cluster(3, 1, 0);
    expect(() => planFleetPeers([...nodes, nodes[0] as FleetNode])).toThrow(/listed twice/);
    expect(PEER_PLAN_DEFAULTS).toEqual({ meshLimit: 32, peerSample: 8 });
  });
});
