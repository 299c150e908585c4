import type { Catalog } from '../catalog/index.js';
import { discoveredHosts, inPlanOrder, routeFor, run, runtimeDecision, runtimeFindingsOf, withBasisExpanded, withRootCauses, withSharedBasis, withSiteFindings, type RunOptions } from '../diagnose/index.js';
import type { Network, ProxySettings } from '../net/index.js';
import { countsAsFailure } from '../report/index.js';
import { findingKey, type Environment, type Finding, type Report, type SiteEvent } from '../schema/index.js';
import { siteFlagsOf, type Topology } from '../topology/index.js';
import { hostsOfInterest, runtimeBasis } from './host-findings.js';
import { recheckRounds, type RoundsEnd, type RoundsOptions } from './rounds.js';
import { isHostFinding, planSite, recheckTargets } from './site-plan.js';
import { siteReport, updatedReport } from './site-report.js';
import { runtimeRouteOf, type RuntimeRoute } from './runtime-route.js';
import { mirrorConfigFindings, mirrorsFrom } from './mirrors.js';
import { listedImages, plannedMirrors } from './site-registry-inputs.js';
import { imageListFindings, imageListPhaseOf } from './image-list-phase.js';
import type { RegistryConfig, RuntimeRegistries } from '../host/index.js';
import type { PullCredentials } from '../probes/index.js';
import type { RuntimeProxy } from '../schema/index.js';

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
  /** Mirrors given with --mirror (or the answers), read by the front end; absent: the topology's `mirrors`, read here. Tried before the machine's own configuration. */
  readonly mirrors?: RuntimeRegistries;
  /** Follow each registry's pull past `/v2/` (default); false: `/v2/` only (`--no-pull`). */
  readonly pulls?: boolean;
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
  /**
   * The container runtimes' service settings on this machine (containerd's, Docker's drop-ins), read
   * before the plan: image pulls take the runtime's route. Absent: the shell's settings stand in.
   */
  readonly runtimeProxies?: () => readonly RuntimeProxy[];
  /** Credentials for a registry's pulls (`--registry-auth`, NGC_API_KEY, this machine's runtime configuration); never recorded. */
  readonly registryAuth?: (registry: string) => PullCredentials | undefined;
  /** This machine's container runtimes' registry configuration (mirrors, their CAs); absent: none read. */
  readonly registryConfig?: () => RegistryConfig;
  /** CA files a mirror's configuration names, as PEM texts; unreadable ones are left out (the configuration's findings say so). */
  readonly caPems?: (files: readonly string[]) => readonly string[];
}

function runOptions(input: SiteInput, services: SiteServices, runtime: RuntimeRoute): RunOptions {
  const proxyUrl = input.proxy.httpsProxy ?? input.proxy.httpProxy;
  const pullProxyUrl = runtime.settings.httpsProxy ?? runtime.settings.httpProxy;
  return {
    ...(input.pulls === false ? {} : { pulls: {
      ...(pullProxyUrl ? { proxyUrl: pullProxyUrl } : {}),
      viaProxy: (host, port) => routeFor('https', host, port, runtime.settings).via === 'proxy',
      credentialsFor: services.registryAuth ?? (() => undefined),
      ...(services.caPems ? { caPems: services.caPems } : {}),
    } }),
    network: services.network,
    ...(proxyUrl ? { proxyUrl } : {}),
    signal: services.signal,
    ...input.limits,
    proxyConcurrency: Math.min(PROXY_CONCURRENCY, input.limits.concurrency),
    siteFlags: siteFlagsOf(input.topology),
  };
}

/** The runtime whose route the pulls took: its proxy is judged by the pulls, not compared with the shell's. */
const ROUTE_COMPARISONS = new Set(['runtime.proxy-missing', 'runtime.proxy-differs']);

function withoutJudgedRoutes(findings: readonly Finding[], runtime: RuntimeRoute | undefined): Finding[] {
  if (runtime === undefined || runtime.source !== 'runtime' || runtime.runtime === undefined) return [...findings];
  const judged = `runtime.${runtime.runtime}`;
  return findings.filter((f) => !(f.ruleIds.includes(judged) && ROUTE_COMPARISONS.has(f.cause ?? '')));
}

/**
 * One check of a site, the engine every front end reads: select, plan, run (or re-check an
 * earlier report's failures, round after round), this machine's own findings from its host
 * facts, the causes, then the Report. Never throws for a network failure; ends soon after the
 * signal aborts, with a `done` carrying what finished.
 */
export async function* checkSite(input: SiteInput, services: SiteServices): AsyncGenerator<SiteEvent> {
  // Without this machine's facts (a simulated site that names no runtime settings), the site's proxy is every client's.
  const runtime = services.runtimeProxies ? runtimeRouteOf(input.proxy, services.runtimeProxies()) : ({ settings: input.proxy, source: 'flag' } as const);
  const machineRegistries = services.registryConfig?.();
  const planned = input.mirrors ?? plannedMirrors(input.topology);
  const registries: RegistryConfig = { runtimes: [...(planned ? [planned] : []), ...(machineRegistries?.runtimes ?? [])], issues: machineRegistries?.issues ?? [] };
  const mirrors = registries.runtimes.length > 0 ? mirrorsFrom(registries) : undefined;
  const { selection, targets } = planSite(input.catalog, input.topology, input.proxy, {
    peersOnly: input.peersOnly === true,
    pulls: input.pulls !== false,
    ...(services.runtimeProxies ? { runtime } : {}),
    ...(mirrors ? { mirrors } : {}),
  });
  // The run's time is the checks' (as `npm run bench` reads it): from the plan to the last finding.
  const startedAt = new Date();
  const options = runOptions(input, services, runtime);
  let interrupted = false;
  let reason: RoundsEnd | undefined;
  let checked: Finding[];
  const latest = new Map<string, Finding>();
  if (input.recheck === undefined) {
    // The hosts the pulls are sent to that no rule lists: each checked as soon as a pull heads there.
    const route = (scheme: 'https' | 'http', host: string, port: number) => (services.runtimeProxies ? runtimeDecision(scheme, host, port, input.proxy, runtime) : routeFor(scheme, host, port, runtime.settings));
    const discovered = discoveredHosts(targets, route);
    for await (const event of run(targets, { ...options, discovered })) {
      if (event.type === 'done') interrupted = event.interrupted;
      else yield event;
      if (event.type === 'finding') latest.set(event.key, event.finding);
    }
    checked = [...inPlanOrder(targets, latest), ...inPlanOrder(discovered.targets(), latest)];
    // The image list's images where the runtime pulls each: one finding per registry, within what is left of the run's time.
    const listed = interrupted ? [] : listedImages(input.topology);
    if (listed.length > 0) checked = [...checked, ...(await imageListFindings(listed, imageListPhaseOf(input, services, runtime.settings, mirrors, startedAt)))];
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
  const hostFindings = judgesHost
    ? [...(basis !== undefined ? withoutJudgedRoutes(runtimeFindingsOf(basis), targets.some((t) => t.client === 'runtime') ? runtime : undefined) : []), ...mirrorConfigFindings(registries.issues)]
    : undefined;
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
