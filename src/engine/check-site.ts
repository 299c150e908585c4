import type { Catalog } from '../catalog/index.js';
import { inPlanOrder, run, runtimeFindingsOf, withBasisExpanded, withRootCauses, withSharedBasis, withSiteFindings, type RunOptions } from '../diagnose/index.js';
import type { Network, ProxySettings } from '../net/index.js';
import { countsAsFailure } from '../report/index.js';
import { findingKey, type Environment, type Finding, type Report, type SiteEvent } from '../schema/index.js';
import { siteFlagsOf, type Topology } from '../topology/index.js';
import { hostsOfInterest, runtimeBasis } from './host-findings.js';
import { recheckRounds, type RoundsEnd, type RoundsOptions } from './rounds.js';
import { isHostFinding, planSite, recheckTargets } from './site-plan.js';
import { siteReport, updatedReport } from './site-report.js';

/** Through a proxy at most this many targets at once: a proxy is shared by the whole site. */
export const PROXY_CONCURRENCY = 16;

export interface RunLimits {
  readonly stepTimeoutMs: number;
  /** The whole run (each round of a re-check). */
  readonly maxTimeMs: number;
  readonly concurrency: number;
}

/** An earlier report's targets checked again (`--from`, `--watch`, the wizard's re-check). */
export interface RecheckInput {
  readonly report: Report;
  /** Which of its findings go again; default: those the exit code counts as failures. */
  readonly again?: (finding: Finding) => boolean;
  readonly rounds: RoundsOptions;
}

/** What one check of a site is about. */
export interface SiteInput {
  readonly topology: Topology;
  readonly catalog: Catalog;
  /** The shell's proxy settings (or --proxy): the route of each target. */
  readonly proxy: ProxySettings;
  readonly limits: RunLimits;
  /** With the topology's peers: check only the rules towards them. */
  readonly peersOnly?: boolean;
  /** The simulated site's scenario name; this machine's own services say nothing about it. */
  readonly scenario?: string | undefined;
  readonly recheck?: RecheckInput;
}

/** What the engine reaches the world through. */
export interface SiteServices {
  readonly network: Network;
  /** Ctrl-C, or the wizard leaving its screen: the run stops and reports what finished. */
  readonly signal: AbortSignal;
  /**
   * This machine's facts (OS, resolvers, routes, the container runtimes' proxy drop-ins), for the
   * hosts given. Absent: no host findings and no environment (a simulated site without a bundle).
   */
  readonly host?: (hosts: readonly string[]) => Environment;
}

function runOptions(input: SiteInput, services: SiteServices): RunOptions {
  const proxyUrl = input.proxy.httpsProxy ?? input.proxy.httpProxy;
  return {
    network: services.network,
    ...(proxyUrl ? { proxyUrl } : {}),
    signal: services.signal,
    ...input.limits,
    proxyConcurrency: Math.min(PROXY_CONCURRENCY, input.limits.concurrency),
    siteFlags: siteFlagsOf(input.topology),
  };
}

/**
 * One check of a site, the engine every front end reads: select, plan, run (or re-check an
 * earlier report's failures, round after round), this machine's own findings from its host
 * facts, the causes, then the Report. Never throws for a network failure; ends soon after the
 * signal aborts, with a `done` carrying what finished.
 */
export async function* checkSite(input: SiteInput, services: SiteServices): AsyncGenerator<SiteEvent> {
  const { selection, targets } = planSite(input.catalog, input.topology, input.proxy, input.peersOnly);
  // The run's time is the checks' (as `npm run bench` reads it): from the plan to the last finding.
  const startedAt = new Date();
  const options = runOptions(input, services);
  let interrupted = false;
  let reason: RoundsEnd | undefined;
  let checked: Finding[];
  const latest = new Map<string, Finding>();
  if (input.recheck === undefined) {
    for await (const event of run(targets, options)) {
      if (event.type === 'done') interrupted = event.interrupted;
      else yield event;
      if (event.type === 'finding') latest.set(event.key, event.finding);
    }
    checked = inPlanOrder(targets, latest);
  } else {
    const again = recheckTargets(input.recheck.report, targets, input.recheck.again ?? countsAsFailure);
    yield { type: 'recheck-planned', targets: again.targets, unmatched: again.unmatched };
    const earlier = new Map(input.recheck.report.findings.map((f) => [findingKey(f), f]));
    for (const target of again.targets) {
      const before = earlier.get(target.key);
      if (before) latest.set(target.key, before);
    }
    if (again.targets.length > 0) {
      const rounds = recheckRounds(again.targets, options, input.recheck.rounds, latest);
      for (;;) {
        const next = await rounds.next();
        if (next.done === true) {
          reason = next.value;
          break;
        }
        yield next.value;
      }
    }
    interrupted = services.signal.aborted;
    checked = [];
  }
  const finishedAt = new Date();
  const environment = services.host?.(hostsOfInterest([...latest.values(), ...(input.recheck?.report.findings ?? [])], input.recheck?.report.elsewhere ?? selection.elsewhere));
  // A simulated site is not this machine: its own services' settings say nothing about it.
  const judgesHost = environment !== undefined && input.scenario === undefined;
  const basis = judgesHost ? runtimeBasis(input.topology, input.proxy, environment) : undefined;
  const hostFindings = judgesHost ? (basis !== undefined ? runtimeFindingsOf(basis) : []) : undefined;
  if (hostFindings !== undefined && hostFindings.length > 0) yield { type: 'host-findings', findings: hostFindings };
  const judged = input.recheck !== undefined
    ? updatedReport(withBasisExpanded(input.recheck.report), latest, hostFindings, interrupted, isHostFinding, finishedAt)
    : siteReport({
      catalog: input.catalog, topology: input.topology, network: services.network, proxy: input.proxy, scenario: input.scenario,
      startedAt, finishedAt, interrupted, findings: [...checked, ...(hostFindings ?? [])], elsewhere: selection.elsewhere,
    });
  // This machine's clock, judged from every target's observations together.
  const report = withRootCauses(withSiteFindings(basis !== undefined ? { ...judged, runtime: basis } : judged, { siteFlags: siteFlagsOf(input.topology) }));
  yield { type: 'root-causes', rootCauses: report.rootCauses ?? [] };
  // The site's flags once for the report rather than in every finding's basis.
  yield { type: 'done', report: withSharedBasis(withBasisExpanded(report)), ...(environment !== undefined ? { environment } : {}), interrupted, ...(reason !== undefined ? { reason } : {}) };
}
