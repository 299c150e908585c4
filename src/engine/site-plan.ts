import { select, type Catalog, type Selection } from '../catalog/index.js';
import { isPeerTarget, peerRunTargets, plan, planPeers, routeFor, runtimeDecision, withMirrors, withPulls, withSiteHelmRepo, type MirrorsOf, type RuntimeRouteChoice } from '../diagnose/index.js';
import { registryOfTarget } from './mirrors.js';
import { siteChartRepo } from './site-registry-inputs.js';
import type { ProxySettings } from '../net/index.js';
import { findingKey, type Finding, type Report, type Target } from '../schema/index.js';
import type { Peer, Topology } from '../topology/index.js';

export interface SitePlan {
  readonly selection: Selection;
  readonly targets: readonly Target[];
}

/**
 * With peers (`--peer`): the inbound and internal rules towards them, each against its `netreq
 * listen`, in addition to everything else this machine's roles select. With `peersOnly`, the
 * peer checks and nothing else.
 */
function withPeerChecks(planned: readonly Target[], selection: Selection, peers: readonly Peer[], peersOnly: boolean): Target[] {
  if (peers.length === 0) return [...planned];
  if (peersOnly) return peerRunTargets(planned, selection, peers);
  const peerChecks = planPeers(selection, peers);
  const keys = new Set(peerChecks.map((t) => t.key));
  // A peer rule the peers fill is checked against the listener; one still waiting says which --peer fills it.
  const rest = planned.filter((t) => (!isPeerTarget(t) || t.skip !== undefined) && !keys.has(t.key));
  return [...rest, ...peerChecks];
}

/** What a site's run checks from here: select, plan (the proxy decides each route), the peers. */
export interface PlanOptions {
  /** With the topology's peers: check only the rules towards them. */
  readonly peersOnly?: boolean;
  /** Registry targets follow their pulls (their images named); default true. */
  readonly pulls?: boolean;
  /** The container runtime's route for its clients' targets. */
  readonly runtime?: RuntimeRouteChoice;
  /** The mirrors the runtime pulls each registry through (its registry configuration, --mirror). */
  readonly mirrors?: MirrorsOf;
}

export function planSite(catalog: Catalog, topology: Topology, proxy: ProxySettings, options: PlanOptions = {}): SitePlan {
  const selection = select(catalog, topology);
  // A site image's own registry (and a mirror) is a runtime client's target like a registry rule's: its route, and the shell's beside it.
  const runtime = options.runtime;
  const route = (host: string, port: number) => (runtime !== undefined ? runtimeDecision('https', host, port, proxy, runtime) : routeFor('https', host, port, proxy));
  const planned = plan(selection, proxy, runtime);
  const withImages = options.pulls === false ? planned : withPulls(planned, selection.here, topology.images ?? [], route);
  const pulled = options.mirrors === undefined || options.pulls === false ? withImages : withMirrors(withImages, options.mirrors, registryOfTarget, route);
  // The site's chart repository in place of the vendor's: Helm runs in the installer's shell, on its route.
  const chartRepo = siteChartRepo(topology);
  const helmRules = new Set(selection.here.filter((e) => e.rule.check === 'helm-index').map((e) => e.rule.id));
  const charted = chartRepo === undefined ? pulled : withSiteHelmRepo(pulled, chartRepo, helmRules, (scheme, host, port) => routeFor(scheme, host, port, proxy));
  return { selection, targets: withPeerChecks(charted, selection, topology.peers ?? [], options.peersOnly === true) };
}

/** The planned targets of the report's findings that `again` picks, and those findings no target matches any more. */
export function recheckTargets(report: Report, targets: readonly Target[], again: (finding: Finding) => boolean): { targets: Target[]; unmatched: Finding[] } {
  const byKey = new Map(targets.map((t) => [t.key, t]));
  const matched: Target[] = [];
  const unmatched: Finding[] = [];
  for (const finding of report.findings.filter(again)) {
    if (isHostFinding(finding)) continue;
    const target = byKey.get(findingKey(finding));
    if (target && !matched.includes(target)) matched.push(target);
    else if (!target) unmatched.push(finding);
  }
  return { targets: matched, unmatched };
}

/** A finding about this machine (its services' settings, its clock), judged from host facts or from every target together, not from one target. */
export function isHostFinding(finding: Pick<Finding, 'ruleIds' | 'source'>): boolean {
  return finding.source !== undefined || (finding.ruleIds.length > 0 && finding.ruleIds.every((id) => id.startsWith('runtime.')));
}
