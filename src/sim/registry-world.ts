import { createHash } from 'node:crypto';
import { DOCKER_HUB } from '../image-ref.js';
import { familyProfileOf, HARBOR_PROFILE, profileOf, withHost, type RegistryProfile } from './registry-profiles.js';
import { synthesiseImage, type Blob } from './registry-images.js';
import { withTag, type RegistrySpec } from './registry-schema.js';

/**
 * Every simulated registry of a site, with what each serves: built from the catalog's probe images
 * and the site spec's `registries`. The answers themselves are registry-answers.ts.
 */

/** An image the catalog names: its registry host, repository and tag. */
export interface WantedImage {
  readonly registry: string;
  readonly repository: string;
  readonly tag: string;
  /** The catalog says the registry serves it only after a login. */
  readonly needsCredentials?: boolean;
}

export interface Repository {
  readonly tags: Map<string, Blob>;
  readonly manifests: Map<string, Blob>;
  readonly blobs: Map<string, Blob>;
}

export interface SimRegistry {
  readonly host: string;
  readonly profile: RegistryProfile;
  readonly repositories: Map<string, Repository>;
  /** Only a login gets a token; `credentials` is the one that does (none: nothing does). */
  readonly needsCredentials: boolean;
  readonly credentials?: { readonly user: string; readonly password: string };
  /** Where blob GETs are redirected (a template with `{ab}`, `{hex}`, `{sig}`); none: served here. */
  readonly layerUrl?: string;
  /** Bytes of a layer sent before the layer host falls silent. */
  readonly stallAfterBytes?: number;
  /** A Harbor: every `/v2/` path (a project's root, /v2/PROJECT/) asks an anonymous client to log in first. */
  readonly harbor?: boolean;
}

/** An image a registry serves: `repository:tag`, and the registry and repository it was synthesised as (a proxy cache's upstream's: the same digests). */
interface Served {
  readonly image: string;
  readonly origin?: { readonly host: string; readonly repository: string };
}

/** A registry's name as an image reference's registry is compared: `docker.io` for every name of Docker Hub. */
function sameRegistry(a: string, b: string): boolean {
  const hub = (name: string): string => (name === DOCKER_HUB.legacy || name === DOCKER_HUB.registry ? DOCKER_HUB.domain : name);
  return hub(a.toLowerCase()) === hub(b.toLowerCase());
}

/** The token every simulated realm hands out: a fixed fake, never a secret. */
export const SIM_TOKEN = 'netreq-simulated-registry-token';

/** The signature a layer URL carries: derived from the digest, checked by the layer host. */
export function layerSignature(digest: string): string {
  return createHash('sha256').update(`netreq-sim-signature ${digest}`).digest('hex').slice(0, 40);
}

/** The layer URL of a blob, from a registry's template. */
export function layerUrlOf(template: string, digest: string): string {
  const hex = digest.replace(/^sha256:/, '');
  return template.replaceAll('{hex}', hex).replaceAll('{ab}', hex.slice(0, 2)).replaceAll('{sig}', layerSignature(digest));
}

function layerTemplate(profile: RegistryProfile, host: string, spec: RegistrySpec | undefined): string | undefined {
  const own = profile.layerUrl === undefined ? undefined : withHost(profile.layerUrl, host);
  if (spec?.layerHost === undefined) return own;
  if (own === undefined) return `https://${spec.layerHost}/blobs/sha256/{ab}/{hex}/data?sig={sig}`;
  const url = new URL(own.replaceAll('{', '%7B').replaceAll('}', '%7D'));
  url.hostname = spec.layerHost;
  return url.toString().replaceAll('%7B', '{').replaceAll('%7D', '}');
}

export class RegistryWorld {
  readonly registries = new Map<string, SimRegistry>();
  /** Images by repository:tag, per family of registries (`*.azurecr.io`): a member no rule names serves its family's. */
  private readonly families = new Map<string, Set<string>>();

  private constructor() {}

  static build(wanted: readonly WantedImage[], specs: Readonly<Record<string, RegistrySpec>>): RegistryWorld {
    const world = new RegistryWorld();
    const byHost = new Map<string, { images: Map<string, Served>; needsCredentials: boolean }>();
    const want = (host: string, image: string, needsCredentials = false, origin?: Served['origin']): void => {
      const entry = byHost.get(host) ?? { images: new Map<string, Served>(), needsCredentials: false };
      entry.images.set(withTag(image), { image: withTag(image), ...(origin === undefined ? {} : { origin }) });
      entry.needsCredentials ||= needsCredentials;
      byHost.set(host, entry);
    };
    for (const image of wanted) want(image.registry.toLowerCase(), `${image.repository}:${image.tag}`, image.needsCredentials === true);
    for (const [host, spec] of Object.entries(specs)) {
      const entry = byHost.get(host.toLowerCase()) ?? { images: new Map<string, Served>(), needsCredentials: false };
      byHost.set(host.toLowerCase(), entry);
      for (const image of spec.images) want(host.toLowerCase(), image);
      // A Harbor proxy cache holds its upstream's images under its project, with the upstream's bytes.
      for (const [project, upstream] of Object.entries(spec.harbor?.proxyCache ?? {})) {
        for (const image of wanted.filter((w) => sameRegistry(w.registry, upstream))) {
          want(host.toLowerCase(), `${project}/${image.repository}:${image.tag}`, false, { host: image.registry.toLowerCase(), repository: image.repository });
        }
      }
    }
    for (const [host, { images }] of byHost) {
      const family = familyProfileOf(host)?.host;
      if (family !== undefined) world.families.set(family, new Set([...(world.families.get(family) ?? []), ...images.keys()]));
    }
    for (const [host, { images, needsCredentials }] of byHost) {
      const spec = specs[host] ?? Object.entries(specs).find(([key]) => key.toLowerCase() === host)?.[1];
      const missing = new Set((spec?.missing ?? []).map(withTag));
      const served = [...images.values()].filter((s) => !missing.has(s.image));
      world.add(host, served, spec, needsCredentials);
    }
    return world;
  }

  private add(host: string, images: readonly Served[], spec: RegistrySpec | undefined, catalogNeedsCredentials: boolean): void {
    const profile = spec?.harbor !== undefined ? { ...HARBOR_PROFILE, host } : profileOf(host);
    const layerUrl = layerTemplate(profile, host, spec);
    const stall = spec?.stallLayer?.afterBytes;
    const registry: SimRegistry = {
      host,
      profile,
      repositories: new Map(),
      needsCredentials: profile.needsCredentials === true || catalogNeedsCredentials || spec?.credentials !== undefined,
      ...(spec?.credentials === undefined ? {} : { credentials: spec.credentials }),
      ...(layerUrl === undefined ? {} : { layerUrl }),
      ...(stall === undefined ? {} : { stallAfterBytes: stall }),
      ...(spec?.harbor !== undefined ? { harbor: true } : {}),
    };
    this.registries.set(host, registry);
    for (const { image, origin } of images) {
      const colon = image.lastIndexOf(':');
      const [repository, tag] = [image.slice(0, colon), image.slice(colon + 1)];
      serve(registry, repository, tag, origin?.host ?? host, origin?.repository ?? repository);
    }
    const upstream = profile.upstream;
    if (upstream === undefined) return;
    // The upstream serves the same images (the same digests) under its own repository names.
    const mirror = this.registries.get(upstream.host) ?? this.upstreamRegistry(upstream.host, spec);
    for (const { image } of images) {
      const colon = image.lastIndexOf(':');
      serve(mirror, `${upstream.repositoryPrefix}${image.slice(0, colon)}`, image.slice(colon + 1), host, image.slice(0, colon));
    }
  }

  private upstreamRegistry(host: string, spec: RegistrySpec | undefined): SimRegistry {
    const profile = profileOf(host);
    // A stall or a layer host of the front registry is where its bytes really come from: the upstream's.
    const layerUrl = layerTemplate(profile, host, spec?.layerHost === undefined ? undefined : spec);
    const stall = spec?.stallLayer?.afterBytes;
    const registry: SimRegistry = {
      host,
      profile,
      repositories: new Map(),
      needsCredentials: false,
      ...(layerUrl === undefined ? {} : { layerUrl }),
      ...(stall === undefined ? {} : { stallAfterBytes: stall }),
    };
    this.registries.set(host, registry);
    return registry;
  }

  /**
   * The registry at a host, if the site has one there. A member of a family no rule names (a
   * wildcard's concrete name, contosomlacr.azurecr.io) is one, serving the images of its family.
   */
  registry(host: string): SimRegistry | undefined {
    const name = host.toLowerCase();
    const known = this.registries.get(name);
    if (known !== undefined) return known;
    const family = familyProfileOf(name)?.host;
    const images = family === undefined ? undefined : this.families.get(family);
    if (images === undefined) return undefined;
    this.add(name, [...images].map((image) => ({ image })), undefined, false);
    return this.registries.get(name);
  }

  /** The registries whose blobs are redirected to this host. */
  layerSourcesOf(host: string): SimRegistry[] {
    const name = host.toLowerCase();
    return [...this.registries.values()].filter((r) => r.layerUrl !== undefined && new URL(r.layerUrl.replace(/[{}]/g, '')).hostname === name);
  }

  /** The registries whose token realm is this host and path. */
  realmOf(host: string, path: string): SimRegistry[] {
    const name = host.toLowerCase();
    return [...this.registries.values()].filter((r) => {
      if (r.profile.realm === undefined) return false;
      const realm = new URL(withHost(r.profile.realm, r.host));
      return realm.hostname === name && realm.pathname === path;
    });
  }

  /** Every host the world answers for: registries, realms and layer hosts. */
  hosts(): string[] {
    const hosts = new Set<string>();
    for (const r of this.registries.values()) {
      hosts.add(r.host);
      if (r.profile.realm !== undefined) hosts.add(new URL(withHost(r.profile.realm, r.host)).hostname);
      if (r.layerUrl !== undefined) hosts.add(new URL(r.layerUrl.replace(/[{}]/g, '')).hostname);
    }
    return [...hosts];
  }
}

/** Adds the synthesised image (named as `origin` serves it) to a registry under `repository:tag`. */
function serve(registry: SimRegistry, repository: string, tag: string, origin: string, originRepository = repository): void {
  const image = synthesiseImage(origin, originRepository, tag);
  const repo = registry.repositories.get(repository) ?? { tags: new Map(), manifests: new Map(), blobs: new Map() };
  repo.tags.set(tag, image.index);
  for (const [digest, manifest] of image.manifests) repo.manifests.set(digest, manifest);
  for (const [digest, blob] of image.blobs) repo.blobs.set(digest, blob);
  registry.repositories.set(repository, repo);
}
