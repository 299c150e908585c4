// Root causes across nodes: the same cause on several nodes is one line naming them as a host
// range, so "3 of 64 nodes cannot reach nvcr.io: gpu[017-019], all in 10.1.7.0/24" leads the report
// rather than three node reports. Three kinds, in this order of evidence: a node not checked (by
// its node.* cause), a node's own root cause (by code and targets), and a failing target that
// no root cause of its node explains (by target and cause).
import { explain } from '../../knowledge/index.js';
import { findingKey, oneLine, targetIdentity, type RootCause } from '../../report/index.js';
import { foldHostNames } from '../nodes/host-range-fold.js';
import type { FleetNode } from '../types.js';
import type { FleetFinding, FleetNodeEntry, FleetRootCause } from './fleet-report.js';

interface Group {
  code: string;
  status: 'fail' | 'warn' | 'skip';
  title: string;
  targets: string[];
  nodes: string[];
  remediation: string;
  verify?: string;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** The /24 (else the /16) every address shares, or undefined. */
export function commonSubnet(addresses: readonly string[]): string | undefined {
  const parts = addresses.map((a) => IPV4.exec(a)?.slice(1, 4));
  if (parts.length < 2 || parts.some((p) => p === undefined)) return undefined;
  const [first] = parts as string[][];
  if (first === undefined) return undefined;
  for (const width of [3, 2]) {
    if ((parts as string[][]).every((p) => p.slice(0, width).join('.') === first.slice(0, width).join('.'))) {
      return `${first.slice(0, width).join('.')}${'.0'.repeat(4 - width)}/${width * 8}`;
    }
  }
  return undefined;
}

function listed(items: readonly string[], max: number): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

function add(groups: Map<string, Group>, key: string, node: string, make: () => Omit<Group, 'nodes'>): void {
  const group = groups.get(key) ?? { ...make(), nodes: [] };
  if (!group.nodes.includes(node)) group.nodes.push(node);
  groups.set(key, group);
}

function rootCauseKey(rc: RootCause): string {
  return `${rc.code} ${[...rc.targets].sort().join(' ')}`;
}

export function fleetRootCauses(nodes: readonly FleetNode[], findings: readonly FleetFinding[], entries: readonly FleetNodeEntry[]): FleetRootCause[] {
  const groups = new Map<string, Group>();
  const explained = new Map<string, Set<string>>();
  for (const entry of entries) {
    explained.set(entry.name, new Set(entry.rootCauses.flatMap((rc) => rc.findings)));
    for (const rc of entry.rootCauses) {
      add(groups, `root ${rootCauseKey(rc)}`, entry.name, () => ({
        code: rc.code, status: rc.status, title: oneLine(rc.title, 120), targets: rc.targets.map((t) => oneLine(t, 300)), remediation: rc.remediation, verify: rc.verify,
      }));
    }
  }
  for (const f of findings) {
    if (f.status === 'pass' || f.cause === undefined) continue;
    if (f.ruleIds.includes('fleet.node')) {
      add(groups, `node ${f.cause}`, f.node, () => ({
        code: f.cause ?? 'node.failed', status: f.status === 'skip' ? 'skip' : 'fail', title: explain(f.cause ?? '', {}).title, targets: [], remediation: f.remediation ?? '',
        ...(f.verify !== undefined ? { verify: f.verify } : {}),
      }));
      continue;
    }
    if (f.status === 'skip' || explained.get(f.node)?.has(findingKey(f))) continue;
    add(groups, `target ${targetIdentity(f)} ${f.cause}`, f.node, () => ({
      code: f.cause ?? '', status: f.status === 'warn' ? 'warn' : 'fail', title: explain(f.cause ?? '', { host: f.target.host, port: String(f.target.port) }).title,
      targets: [`${f.target.host}:${f.target.port}`], remediation: f.remediation ?? '', ...(f.verify !== undefined ? { verify: f.verify } : {}),
    }));
  }
  const total = nodes.length;
  const addressOf = new Map(nodes.map((n) => [n.name, n.address ?? n.name.slice(n.name.lastIndexOf('@') + 1)]));
  const rank = { fail: 0, warn: 1, skip: 2 } as const;
  return [...groups.values()]
    .sort((a, b) => rank[a.status] - rank[b.status] || b.nodes.length - a.nodes.length || a.code.localeCompare(b.code))
    .map((g) => {
      const subnet = g.nodes.length >= 2 ? commonSubnet(g.nodes.map((n) => addressOf.get(n) ?? n)) : undefined;
      const count = g.nodes.length === total ? `all ${total} nodes` : `${g.nodes.length} of ${total} nodes`;
      // A node cause's texts name the node: for several, they name them all.
      const hosts = oneLine(foldHostNames(g.nodes), 400);
      const remediation = g.code.startsWith('node.') && g.nodes.length > 1 ? explain(g.code, { host: hosts }).remediation : g.remediation;
      const targets = g.targets.length > 0 ? ` (${listed(g.targets, 3)})` : '';
      const summary = `${count}: ${g.title}${targets}: ${hosts}${subnet !== undefined ? `, all in ${subnet}` : ''}`;
      return {
        code: g.code, status: g.status, title: g.title, summary, nodes: g.nodes, targets: g.targets,
        ...(subnet !== undefined ? { subnet } : {}), remediation, ...(g.verify !== undefined ? { verify: g.verify } : {}),
      };
    });
}
