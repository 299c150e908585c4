import type { ExpandedRule } from '../catalog/index.js';
import { readImageRef, type ImageRef } from '../image-ref.js';
import { hostPort } from '../probes/index.js';
import type { PullImage, Target } from '../schema/index.js';
import { targetKey } from './plan.js';

/** The rule id a site's own image carries when no catalog rule names its registry. */
export const SITE_IMAGE_RULE = 'site.image';

/** `host:port` of an image's registry, the port always written (443 when none is given). */
export function registryAuthority(ref: ImageRef): string {
  return /:\d+$/.test(ref.registry) ? ref.registry : `${ref.registry}:443`;
}

function parsed(text: string): ImageRef | undefined {
  const read = readImageRef(text);
  return 'ref' in read ? read.ref : undefined;
}

/** The catalog's probe image of each registry rule, by the authority it is pulled from. */
function catalogImages(rules: readonly ExpandedRule[]): Map<string, Map<string, PullImage[]>> {
  const byRule = new Map<string, Map<string, PullImage[]>>();
  for (const { rule } of rules) {
    if (rule.check !== 'registry-v2' || rule.probeImage === undefined) continue;
    const ref = parsed(rule.probeImage.ref);
    if (ref === undefined) continue;
    const images = byRule.get(rule.id) ?? new Map<string, PullImage[]>();
    const image: PullImage = { ref: rule.probeImage.ref, origin: 'catalog', ...(rule.probeImage.needsCredentials ? { needsCredentials: true as const } : {}) };
    images.set(registryAuthority(ref), [...(images.get(registryAuthority(ref)) ?? []), image]);
    byRule.set(rule.id, images);
  }
  return byRule;
}

/**
 * Registry targets with the images their pull follows: each rule's probe image where the
 * target is that image's registry, and the site's own images (`--image`) on their registry. A
 * site image whose registry no planned target checks gets a target of its own, routed by `route`.
 */
export function withPulls(
  targets: readonly Target[],
  rules: readonly ExpandedRule[],
  siteImages: readonly string[],
  route: (host: string, port: number) => Pick<Target, 'via' | 'proxyDecision' | 'runtimeRoute'>,
): Target[] {
  const fromCatalog = catalogImages(rules);
  const own = new Map<string, PullImage[]>();
  for (const text of siteImages) {
    const ref = parsed(text);
    if (ref === undefined) continue;
    own.set(registryAuthority(ref), [...(own.get(registryAuthority(ref)) ?? []), { ref: text, origin: 'user' }]);
  }
  const served = new Set<string>();
  const out = targets.map((target) => {
    if (target.check !== 'registry-v2' || target.scheme !== 'https' || target.skip !== undefined) return target;
    const authority = hostPort(target.host, target.port);
    const images: PullImage[] = [];
    for (const id of target.ruleIds) images.push(...(fromCatalog.get(id)?.get(authority) ?? []));
    images.push(...(own.get(authority) ?? []));
    if (own.has(authority)) served.add(authority);
    const unique = images.filter((image, i) => images.findIndex((other) => other.ref === image.ref) === i);
    return unique.length > 0 ? { ...target, pull: unique } : target;
  });
  for (const [authority, images] of own) {
    if (served.has(authority)) continue;
    const colon = authority.lastIndexOf(':');
    const host = authority.slice(0, colon).replace(/^\[|\]$/g, '');
    const port = Number(authority.slice(colon + 1));
    const draft = { host, port, transport: 'tcp' as const, scheme: 'https' as const, ...route(host, port) };
    out.push({
      key: targetKey(draft),
      ...draft,
      check: 'registry-v2',
      ruleIds: [SITE_IMAGE_RULE],
      siteOwned: false,
      retired: false,
      pull: images,
      client: 'runtime',
    });
  }
  return out;
}
