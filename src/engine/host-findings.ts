import { loadCatalog, siteDirectHosts } from '../catalog/index.js';
import { runtimeBasisOf, runtimeFindingsOf } from '../diagnose/index.js';
import { nodeAddresses } from '../host/index.js';
import type { ProxySettings } from '../net/index.js';
import type { Environment, Finding, Report, RuntimeBasis } from '../schema/index.js';
import { expandRoles, siteFlagsOf, type Topology } from '../topology/index.js';

/** The hosts whose facts matter (a pinned /etc/hosts line): the run's targets and every host of the catalog. */
export function hostsOfInterest(findings: readonly Finding[], elsewhere: readonly Report['elsewhere'][number][]): string[] {
  const catalogHosts = loadCatalog().rules.map((rule) => rule.to.host).filter((host) => !host.includes('{'));
  const hosts = [...findings.flatMap((f) => [f.target.host, f.target.pattern ?? '']), ...elsewhere.map((e) => e.host), ...catalogHosts];
  return [...new Set(hosts.filter((h) => h !== ''))];
}

/**
 * What the container runtime findings are judged from, saved in the Report (`runtime`) so that
 * `report --reclassify` judges them again; undefined when this machine is no node.
 */
export function runtimeBasis(topology: Topology, proxy: ProxySettings, environment: Environment): RuntimeBasis | undefined {
  const roles = expandRoles(topology.roles);
  if (!roles.includes('k8s-node') && !roles.includes('system-node')) return undefined;
  // The same site hosts `rules --format no-proxy` lists: a remote control plane is not one of them.
  const direct = [...siteDirectHosts(topology), ...nodeAddresses(environment.interfaces, environment.defaultRoutes)];
  const settings = { httpsProxy: proxy.httpsProxy?.href, httpProxy: proxy.httpProxy?.href, noProxy: proxy.noProxy };
  return runtimeBasisOf({ runtimes: environment.runtimes, proxy: settings, direct, siteFlags: siteFlagsOf(topology) });
}

/** Findings for containerd, Docker and kubelet on a node whose proxy settings differ from the run's. */
export function runtimeFindings(topology: Topology, proxy: ProxySettings, environment: Environment): Finding[] {
  const basis = runtimeBasis(topology, proxy, environment);
  return basis !== undefined ? runtimeFindingsOf(basis) : [];
}
