import { imageListFinding, imageListGroups, lookUpImages, routeFor, type MirrorsOf } from '../diagnose/index.js';
import { registryName, type ListedImage } from '../host/index.js';
import type { Network, ProxyChoice } from '../net/index.js';
import type { SiteInput, SiteServices } from './check-site.js';
import type { PullCredentials, PullRoute } from '../probes/index.js';
import type { Finding } from '../schema/index.js';

/** What the image list's lookups need from the site's run. */
export interface ImageListPhase {
  readonly network: Network;
  /** Ctrl-C; the lookups also end when `timeLeftMs` has passed. */
  readonly signal: AbortSignal;
  readonly timeLeftMs: number;
  readonly stepTimeoutMs: number;
  /** The runtime's proxy (resolved here, once) and whether it sends a host through it. */
  readonly proxyUrl?: URL;
  readonly viaProxy: (host: string, port: number) => boolean;
  readonly credentialsFor: (registry: string) => PullCredentials | undefined;
  readonly caPems?: (files: readonly string[]) => readonly string[];
  readonly mirrors?: MirrorsOf;
}

/**
 * The image list's images looked up where the runtime pulls each (the mirror in a registry's
 * place), a few at a time within what is left of the run's time: one finding per registry.
 */
export async function imageListFindings(images: readonly ListedImage[], phase: ImageListPhase): Promise<Finding[]> {
  if (images.length === 0) return [];
  const signal = AbortSignal.any([phase.signal, AbortSignal.timeout(Math.max(1, phase.timeLeftMs))]);
  const route = await pullRoute(phase, signal);
  const groups = imageListGroups(images.map((image) => ({ text: image.text, ref: image.ref })), phase.mirrors, registryName);
  const run = { network: phase.network, ...(route ? { route } : {}), credentialsFor: phase.credentialsFor, ...(phase.caPems ? { caPems: phase.caPems } : {}), stepTimeoutMs: phase.stepTimeoutMs, signal };
  const findings: Finding[] = [];
  for (const group of groups) {
    const lookups = await lookUpImages(group, run);
    findings.push(imageListFinding(group, lookups, phase.viaProxy(group.host, group.port) ? 'proxy' : 'direct'));
  }
  return findings;
}

async function pullRoute(phase: ImageListPhase, signal: AbortSignal): Promise<PullRoute | undefined> {
  const url = phase.proxyUrl;
  if (url === undefined) return undefined;
  const lookup = await phase.network.lookup(url.hostname.replace(/^\[|\]$/g, ''), { signal, timeoutMs: phase.stepTimeoutMs });
  const addresses = lookup.ok ? lookup.addresses : [];
  return (host, port) => (phase.viaProxy(host, port) ? { url, addresses } : undefined);
}

/** The phase's inputs from the site's run: its time left, the runtime's route and credentials, the mirrors. */
export function imageListPhaseOf(input: SiteInput, services: SiteServices, runtimeSettings: ProxyChoice, mirrors: MirrorsOf | undefined, startedAt: Date): ImageListPhase {
  const proxyUrl = runtimeSettings.httpsProxy ?? runtimeSettings.httpProxy;
  return {
    network: services.network,
    signal: services.signal,
    timeLeftMs: input.limits.maxTimeMs - (Date.now() - startedAt.getTime()),
    stepTimeoutMs: input.limits.stepTimeoutMs,
    ...(proxyUrl ? { proxyUrl } : {}),
    viaProxy: (host, port) => routeFor('https', host, port, runtimeSettings).via === 'proxy',
    credentialsFor: services.registryAuth ?? (() => undefined),
    ...(services.caPems ? { caPems: services.caPems } : {}),
    ...(mirrors ? { mirrors } : {}),
  };
}
