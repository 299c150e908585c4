// `fleet --from REPORT` and `fleet --watch`: an earlier fleet report's failures checked again.
// A node that could not be checked is tried again in full (its planned peers listen for it, and
// the nodes that plan it as a peer check it); a checked node re-checks its failing peers only
// (with --peers-only when nothing else failed on it), and its failing outbound targets with its
// own check; every other node is left alone, or only opens its listener for a peer. The answer
// is merged back: a re-checked target's finding replaces the earlier one, a pair never checked
// before is added, a check that could not run keeps the earlier finding.
import { countsAsFailure, findingKey, summarize } from '../../report/index.js';
import type { FleetNode } from '../types.js';
import { fleetRootCauses } from './fleet-root-causes.js';
import type { FleetFinding, FleetNodeEntry, FleetReport } from './fleet-report.js';

export type NodeRecheck =
  /** Not checked before: the whole check again, with its planned peers. */
  | { readonly kind: 'retry'; readonly peers: readonly string[] }
  /** Checked with failures: those again (`keys`), and its checks towards `peers`. */
  | { readonly kind: 'failures'; readonly peers: readonly string[]; readonly peersOnly: boolean; readonly keys: ReadonlySet<string> };

export interface FleetRecheckPlan {
  /** The nodes to start, in the report's order: those that check and those that only listen. */
  readonly nodes: readonly FleetNode[];
  readonly checks: ReadonlyMap<string, NodeRecheck>;
  readonly listenOnly: ReadonlySet<string>;
  /** How many failing findings and unchecked nodes the plan takes up again. */
  readonly failures: number;
}

const isNodeFinding = (f: FleetFinding): boolean => f.ruleIds.includes('fleet.node');
const failing = (f: FleetFinding): boolean => !isNodeFinding(f) && countsAsFailure(f);

/** A check towards another node's listener (`--peer`): its basis says so, or a saved report's peer.* cause does. */
function isPeerCheck(f: FleetFinding): boolean {
  return f.basis?.target.peer !== undefined || f.cause?.startsWith('peer.') === true;
}

export function fleetNodeOf(entry: FleetNodeEntry): FleetNode {
  return { name: entry.name, roles: entry.roles, origin: entry.origin, ...(entry.address !== undefined ? { address: entry.address } : {}) };
}

function hostOf(entry: FleetNodeEntry): string {
  return (entry.address ?? entry.name.slice(entry.name.lastIndexOf('@') + 1)).toLowerCase();
}

/** What to check again; `plannedPeers` gives a node's peers as the first run planned them. */
export function fleetRecheckPlan(report: FleetReport, plannedPeers: (name: string) => readonly string[]): FleetRecheckPlan {
  const byHost = new Map(report.nodes.map((n) => [hostOf(n), n.name]));
  const checks = new Map<string, { kind: 'retry'; peers: string[] } | { kind: 'failures'; peers: Set<string>; outbound: number; keys: Set<string> }>();
  let failures = 0;
  for (const entry of report.nodes) {
    if (entry.state !== 'checked') {
      checks.set(entry.name, { kind: 'retry', peers: [...plannedPeers(entry.name)] });
      failures += 1;
      continue;
    }
    const fails = report.findings.filter((f) => f.node === entry.name && failing(f));
    if (fails.length === 0) continue;
    failures += fails.length;
    const peers = new Set<string>();
    let outbound = 0;
    for (const f of fails) {
      const peer = isPeerCheck(f) ? byHost.get(f.target.host.toLowerCase()) : undefined;
      if (peer !== undefined) peers.add(peer);
      else outbound += 1;
    }
    checks.set(entry.name, { kind: 'failures', peers, outbound, keys: new Set(fails.map(findingKey)) });
  }
  // A node tried again is checked by the nodes that plan it as a peer: pairs never checked before.
  for (const [retried, check] of [...checks]) {
    if (check.kind !== 'retry') continue;
    for (const other of report.nodes) {
      if (other.state !== 'checked' || !plannedPeers(other.name).includes(retried)) continue;
      const own = checks.get(other.name);
      if (own?.kind === 'failures') own.peers.add(retried);
      else if (own === undefined) checks.set(other.name, { kind: 'failures', peers: new Set([retried]), outbound: 0, keys: new Set() });
    }
  }
  const done = new Map<string, NodeRecheck>([...checks].map(([name, c]) => [name, c.kind === 'retry'
    ? c
    : { kind: 'failures', peers: [...c.peers], peersOnly: c.outbound === 0, keys: c.keys }]));
  const listenOnly = new Set([...done.values()].flatMap((c) => c.peers).filter((name) => !done.has(name)));
  return {
    nodes: report.nodes.filter((n) => done.has(n.name) || listenOnly.has(n.name)).map(fleetNodeOf),
    checks: done,
    listenOnly,
    failures,
  };
}

/**
 * A node's findings after its re-check: the re-checked replaced, the pairs towards `peerHosts`
 * never checked before added, the rest kept (what else its check said was not asked again).
 */
function mergedFindings(before: readonly FleetFinding[], after: readonly FleetFinding[], keys: ReadonlySet<string>, peerHosts: ReadonlySet<string>): FleetFinding[] {
  const known = new Set(before.map(findingKey));
  const fresh = new Map<string, FleetFinding[]>();
  for (const f of after) {
    const key = findingKey(f);
    if (keys.has(key) || (!known.has(key) && peerHosts.has(f.target.host.toLowerCase()))) fresh.set(key, [...(fresh.get(key) ?? []), f]);
  }
  const out: FleetFinding[] = [];
  for (const f of before) {
    const key = findingKey(f);
    const now = fresh.get(key);
    if (now === undefined) out.push(f);
    else if (now.length > 0) {
      out.push(...now);
      fresh.set(key, []);
    }
  }
  for (const now of fresh.values()) out.push(...now);
  return out;
}

/** The earlier report with the re-check's answers (`partial`: fleetReport of the re-check's run) merged in. */
export function mergeFleetRecheck(before: FleetReport, partial: FleetReport, plan: FleetRecheckPlan): FleetReport {
  const findings: FleetFinding[] = [];
  const nodes: FleetNodeEntry[] = [];
  for (const entry of before.nodes) {
    const check = plan.checks.get(entry.name);
    const now = partial.nodes.find((n) => n.name === entry.name);
    const earlier = before.findings.filter((f) => f.node === entry.name);
    const answered = partial.findings.filter((f) => f.node === entry.name);
    if (check === undefined || now === undefined || (check.kind === 'failures' && now.state !== 'checked')) {
      // Not re-checked, or its re-check could not run: what it showed before stands.
      nodes.push(entry);
      findings.push(...earlier);
    } else if (check.kind === 'retry') {
      nodes.push(now);
      findings.push(...answered);
    } else {
      const peerHosts = new Set(before.nodes.filter((n) => check.peers.includes(n.name)).map(hostOf));
      const merged = mergedFindings(earlier, answered, check.keys, peerHosts);
      const stillFailing = new Set(merged.filter((f) => countsAsFailure(f)).map(findingKey));
      const rootCauses = [...entry.rootCauses.filter((rc) => rc.findings.some((k) => stillFailing.has(k))), ...now.rootCauses];
      nodes.push({ ...entry, summary: summarize(merged), notOpened: now.notOpened, rootCauses });
      findings.push(...merged);
    }
  }
  const failingNodes = nodes.filter((n) => findings.some((f) => f.node === n.name && f.status === 'fail')).length;
  const checked = nodes.filter((n) => n.state === 'checked').length;
  return {
    ...before,
    tool: partial.tool,
    startedAt: partial.startedAt,
    finishedAt: partial.finishedAt,
    interrupted: partial.interrupted,
    timedOut: partial.timedOut,
    nodes,
    rootCauses: fleetRootCauses(nodes.map(fleetNodeOf), findings, nodes),
    findings,
    summary: { nodes: nodes.length, checked, notChecked: nodes.length - checked, failing: failingNodes, findings: summarize(findings) },
  };
}
