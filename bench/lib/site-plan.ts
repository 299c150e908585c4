import { loadCatalog, type Catalog } from '../../src/catalog/index.js';
import type { Target } from '../../src/diagnose/index.js';
import { planSite } from '../../src/engine/index.js';
import { resolveProxySettings } from '../../src/net/index.js';
import type { SiteSpecInput } from '../../src/sim/index.js';
import { FLAG_ORIGIN, finishTopology, type Topology, type TopologyInput } from '../../src/topology/index.js';

/**
 * The sites the benchmark checks: the whole catalog for every platform, with a deterministic
 * latency per host, optionally with silent hosts or extra wildcard names to reach a target count.
 */

export interface LatencyRange {
  readonly minMs: number;
  readonly maxMs: number;
}

export const REGION = 'eastus';
/** The wildcard that grows for the scale figure: one target per concrete name. */
export const SCALE_WILDCARD = '*.blob.core.windows.net';

let catalog: Catalog | undefined;
function theCatalog(): Catalog {
  catalog ??= loadCatalog();
  return catalog;
}

/** One concrete name for a catalog wildcard: `*` -> `bench1`, `{region}` -> the region. */
export function concreteName(pattern: string, label = 'bench1'): string {
  return pattern.replace(/\{region\}/g, REGION).replace(/\*/g, label);
}

/** Every wildcard the catalog names, each with one concrete name. */
function everyWildcard(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const rule of theCatalog().rules) {
    if (rule.to.host.includes('*')) out[rule.to.host] = [concreteName(rule.to.host)];
  }
  return out;
}

/**
 * Both products, the installer, a system node and a workstation, BCM headnodes, a control plane,
 * a region, the prerequisites and a concrete name for every wildcard: every rule this machine can check.
 */
export function fullTopology(extraNames = 0): TopologyInput {
  const wildcards = everyWildcard();
  const extra = Array.from({ length: extraNames }, (_unused, i) => `bench-${i + 2}.${SCALE_WILDCARD.slice(2)}`);
  wildcards[SCALE_WILDCARD] = [...(wildcards[SCALE_WILDCARD] ?? []), ...extra];
  return {
    products: ['runai', 'azureml-arc'],
    roles: ['installer', 'system-node', 'workstation'],
    bcm: { enabled: true, headnodes: ['hn1.site.example', 'hn2.site.example'] },
    controlPlane: { fqdn: 'runai.site.example' },
    region: { name: REGION },
    workload: 'both',
    prereqs: true,
    wildcards,
  };
}

export function finished(input: TopologyInput): Topology {
  return finishTopology(input, FLAG_ORIGIN);
}

/** The targets netreq will probe over the network (not the skips nor the guidance rows), as `netreq check` plans them. */
/** The targets the single file checks on the site, each registry's images with them (its pulls). */
export function liveTargets(input: TopologyInput): Target[] {
  const targets = planSite(theCatalog(), finished(input), resolveProxySettings({}, {}), { pulls: true }).targets;
  return targets.filter((t) => t.skip === undefined && t.check !== 'guidance');
}

/** The full topology with as many extra wildcard names as make `count` live targets (never fewer than the catalog's own). */
export function topologyWithTargets(count: number): TopologyInput {
  const base = liveTargets(fullTopology()).length;
  return fullTopology(Math.max(0, count - base));
}

/** FNV-1a: the same host gets the same latency in every run. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export function latencyOf(host: string, range: LatencyRange): number {
  return range.minMs + (hash(host.toLowerCase()) % (range.maxMs - range.minMs + 1));
}

export interface SiteOptions {
  readonly latency: LatencyRange;
  /** These hosts never answer: every port drops the SYN. */
  readonly silentHosts?: readonly string[];
}

/** A healthy site in which each target host answers every exchange (TLS handshake, HTTP response, banner) after its own latency. */
export function siteSpecFor(targets: readonly Target[], options: SiteOptions): SiteSpecInput {
  const hosts: Record<string, { ports: Record<string, { latencyMs: number } | 'silent'> }> = {};
  for (const target of targets) {
    const entry = (hosts[target.host] ??= { ports: {} });
    entry.ports[String(target.port)] = { latencyMs: latencyOf(target.host, options.latency) };
  }
  for (const host of options.silentHosts ?? []) hosts[host] = { ports: { '443': 'silent', '80': 'silent', '22': 'silent' } };
  // The site's resolver answers after the smallest latency: one resolver serves every name.
  return { hosts, dns: { latencyMs: options.latency.minMs } };
}

/** Names under a wildcard of the full topology that are added as silent hosts. */
export function silentNames(count: number): string[] {
  return Array.from({ length: count }, (_unused, i) => `silent-${i + 1}.${SCALE_WILDCARD.slice(2)}`);
}

/** The full topology plus `count` silent names (each one more target). */
export function topologyWithSilent(count: number): TopologyInput {
  const input = fullTopology();
  const wildcards = { ...(input.wildcards ?? {}) };
  wildcards[SCALE_WILDCARD] = [...(wildcards[SCALE_WILDCARD] ?? []), ...silentNames(count)];
  return { ...input, wildcards };
}
