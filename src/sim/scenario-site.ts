import { loadCatalog, readImageRef, select } from '../catalog/index.js';
import type { Topology } from '../topology/index.js';
import type { SiteSpec } from './schema.js';
import { catalogProbeImages } from './registry-catalog.js';
import type { WantedImage } from './registry-world.js';
import { rewriteProxyUrl } from './runtime-root.js';
import { startSite, type SimSite } from './site.js';

/**
 * The node's proxy URL as the run must use it: a URL naming the site's proxy (its `proxy.name`,
 * proxy.corp.example by default) goes to the simulated proxy on loopback, with the credentials the
 * node has (the URL's own, which may be missing or wrong); any other URL is left as the node has it.
 */
export function nodeProxyUrl(url: string, spec: SiteSpec, site: SimSite): string {
  if (spec.proxy === 'none' || site.proxyEndpoint === undefined) return url;
  return rewriteProxyUrl(url, spec.proxy.name, site.proxyEndpoint);
}

/** The concrete names a topology will ask for: addresses and certificates are made ready for them. */
export function namesOf(topology: Topology): string[] {
  const selection = select(loadCatalog(), topology);
  const selected = [...selection.here, ...selection.elsewhereRules].filter((e) => e.unresolved === undefined).map((e) => e.host);
  return [
    ...new Set(selected),
    ...Object.values(topology.wildcards).flat(),
    ...topology.bcm.headnodes,
    ...(topology.controlPlane.fqdn === undefined ? [] : [topology.controlPlane.fqdn]),
  ];
}

/** The images the site's registries serve: the catalog's probe images and the topology's own (`--image`). */
export function imagesOf(topology: Topology): WantedImage[] {
  const own = (topology.images ?? []).flatMap((text) => {
    const read = readImageRef(text);
    return 'problem' in read ? [] : [{ registry: read.ref.registry, repository: read.ref.repository, tag: read.ref.tag ?? 'latest' }];
  });
  return [...catalogProbeImages(), ...own];
}

export interface ScenarioSite {
  readonly site: SimSite;
  /** The topology with its proxy pointed at the simulated one. */
  readonly topology: Topology;
}

/** Starts the scenario's site for a topology; the caller closes `site`. */
export async function startScenarioSite(spec: SiteSpec, topology: Topology): Promise<ScenarioSite> {
  const site = await startSite(spec, { hosts: namesOf(topology), waitForCertificates: true, images: imagesOf(topology) });
  const proxy = topology.proxy;
  if (proxy === undefined) return { site, topology };
  return { site, topology: { ...topology, proxy: { ...proxy, url: nodeProxyUrl(proxy.url, spec, site) } } };
}
