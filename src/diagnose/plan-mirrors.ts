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
export type MirrorsOf = (registry: string) => { readonly mirrors: readonly MirrorHost[]; readonly serverTried: boolean; readonly server?: MirrorHost } | undefined;

type Fallback = NonNullable<NonNullable<Target['mirror']>['fallbacks']>[number];

/** Where the runtime goes when the mirror fails: the other mirrors in order, then the upstream registry unless its configuration leaves it out. */
function fallbacksOf(upstream: Target, others: readonly MirrorHost[], serverTried: boolean, server: MirrorHost | undefined): Fallback[] {
  const fallback = (m: MirrorHost): Fallback => ({ host: m.host, port: m.port, scheme: m.scheme, apiPath: m.apiPath.replace(/\/+$/, '') || '/v2', caFiles: [...m.caFiles] });
  const mirrors = others.map(fallback);
  if (!serverTried) return mirrors;
  // The configuration's `server` (a plain-HTTP one, another port), else the registry as planned.
  const scheme = upstream.scheme === 'http' ? 'http' : 'https';
  return [...mirrors, server !== undefined ? fallback(server) : { host: upstream.host, port: upstream.port, scheme, apiPath: '/v2', caFiles: [] }];
}

function mirrorTarget(upstream: Target, registry: string, mirror: MirrorHost, others: readonly MirrorHost[], server: { readonly tried: boolean; readonly host?: MirrorHost | undefined }, route: (host: string, port: number) => Pick<Target, 'via' | 'proxyDecision'>): Target {
  const fallbacks = fallbacksOf(upstream, others, server.tried, server.host);
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
      ...(fallbacks.length > 0 ? { fallbacks } : {}),
    },
  };
}

/**
 * Registries the container runtime pulls through a mirror: the mirror (the first that may pull,
 * with its API prefix and CAs) is checked with the registry's images in its place, and the
 * registry itself is `skip registry.via-mirror`, naming the mirror: the site does not need it
 * open when the mirror serves. Registries with no mirror stay as they are.
 */
/**
 * Rules a registry's host serves for other clients than the runtime (Run:ai's Helm repository on
 * runai.jfrog.io): their checks, and the installer shell's route.
 */
export interface InstallerRules {
  readonly checks: ReadonlyMap<string, Pick<Target, 'check' | 'path'>>;
  readonly route: (host: string, port: number) => Pick<Target, 'via' | 'proxyDecision'>;
}

/**
 * The part of a registry's target its other clients still need when the runtime pulls through a
 * mirror: Helm still fetches its charts from the upstream, on the shell's route.
 */
function installerPart(target: Target, ruleIds: readonly string[], rules: InstallerRules): Target {
  const { pull: _images, runtimeRoute: _runtime, client: _client, path: _path, proxyDecision: _decision, ...rest } = target;
  const own = rules.checks.get(ruleIds[0] ?? '');
  const draft = { ...rest, ...rules.route(target.host, target.port) };
  return { ...draft, key: targetKey(draft), ruleIds: [...ruleIds], check: own?.check ?? 'https-reachable', ...(own?.path !== undefined ? { path: own.path } : {}), client: 'installer' };
}

export function withMirrors(targets: readonly Target[], mirrorsOf: MirrorsOf, registryOf: (target: Target) => string, route: (host: string, port: number) => Pick<Target, 'via' | 'proxyDecision'>, installer?: InstallerRules): Target[] {
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
    const kept = installer === undefined ? [] : target.ruleIds.filter((id) => installer.checks.has(id));
    const pulled = kept.length === 0 ? target : { ...target, key: `${target.key} pulled via mirror`, ruleIds: target.ruleIds.filter((id) => !kept.includes(id)) };
    const mirror = mirrorTarget(pulled, registry, first, pulling.slice(1), { tried: found.serverTried, host: found.server }, route);
    const fallback = found.serverTried ? '; the runtime falls back to it only when the mirror fails' : '; the runtime never asks it';
    out.push({ ...pulled, skip: { cause: 'registry.via-mirror', detail: `${registry} is pulled through ${hostPort(first.host, first.port)} (${first.source})${fallback}` } });
    out.push(mirror);
    if (installer !== undefined && kept.length > 0) out.push(installerPart(target, kept, installer));
  }
  return out;
}
