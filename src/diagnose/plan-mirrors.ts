import type { PullImage, Target } from '../schema/index.js';
import { hostPort } from '../probes/index.js';
import { targetKey } from './plan.js';

/** A host the runtime pulls a registry's images from, as the mirror reader gives it (src/host/registry-config). */
export interface MirrorHost {
  readonly scheme: 'https' | 'http';
  readonly host: string;
  readonly port: number;
  /** The API prefix: `/v2`, or a proxy cache's `/v2/dockerhub`. */
  readonly apiPath: string;
  readonly caFiles: readonly string[];
  readonly source: string;
  readonly runtime: string;
  readonly canPull: boolean;
}

/** The runtime's hosts for a registry in its order, the upstream apart; undefined: no mirror, the registry itself. */
export type MirrorsOf = (registry: string) => { readonly mirrors: readonly MirrorHost[]; readonly serverTried: boolean } | undefined;

function mirrorTarget(upstream: Target, registry: string, mirror: MirrorHost, others: readonly MirrorHost[], route: (host: string, port: number) => Pick<Target, 'via' | 'proxyDecision'>): Target {
  const draft = { host: mirror.host, port: mirror.port, transport: 'tcp' as const, scheme: mirror.scheme, ...route(mirror.host, mirror.port) };
  const pull: PullImage[] = upstream.pull ?? [];
  return {
    // Two registries may go through one host under their own paths (Harbor's proxy caches): each is a target.
    key: `${targetKey(draft)} mirror of ${registry}`,
    ...draft,
    check: 'registry-v2',
    path: '/v2/',
    ruleIds: upstream.ruleIds,
    siteOwned: true,
    retired: upstream.retired,
    pull,
    client: 'runtime',
    mirror: {
      of: registry,
      apiPath: mirror.apiPath,
      caFiles: [...mirror.caFiles],
      source: mirror.source,
      runtime: mirror.runtime,
      ...(others.length > 0 ? { others: others.map((m) => hostPort(m.host, m.port)) } : {}),
    },
  };
}

/**
 * Registries the container runtime pulls through a mirror: the mirror (the first that may pull,
 * with its API prefix and CAs) is checked with the registry's images in its place, and the
 * registry itself is `skip registry.via-mirror`, naming the mirror: the site does not need it
 * open when the mirror serves. Registries with no mirror stay as they are.
 */
export function withMirrors(targets: readonly Target[], mirrorsOf: MirrorsOf, registryOf: (target: Target) => string, route: (host: string, port: number) => Pick<Target, 'via' | 'proxyDecision'>): Target[] {
  const out: Target[] = [];
  for (const target of targets) {
    if (target.check !== 'registry-v2' || target.pull === undefined || target.skip !== undefined || target.mirror !== undefined) {
      out.push(target);
      continue;
    }
    const registry = registryOf(target);
    const found = mirrorsOf(registry);
    const pulling = found?.mirrors.filter((m) => m.canPull) ?? [];
    const first = pulling[0];
    if (found === undefined || first === undefined) {
      out.push(target);
      continue;
    }
    const mirror = mirrorTarget(target, registry, first, pulling.slice(1), route);
    const fallback = found.serverTried ? '; the runtime falls back to it only when the mirror fails' : '; the runtime never asks it';
    out.push({ ...target, skip: { cause: 'registry.via-mirror', detail: `${registry} is pulled through ${hostPort(first.host, first.port)} (${first.source})${fallback}` } });
    out.push(mirror);
  }
  return out;
}
