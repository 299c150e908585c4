import { loadCatalog, readImageRef } from '../catalog/index.js';
import type { WantedImage } from './registry-world.js';

let cached: readonly WantedImage[] | undefined;

/** The probe image of every registry-v2 rule of the catalog: what the simulated registries serve by default. */
export function catalogProbeImages(): readonly WantedImage[] {
  if (cached !== undefined) return cached;
  const images = new Map<string, WantedImage>();
  for (const rule of loadCatalog().rules) {
    if (rule.check !== 'registry-v2' || rule.probeImage === undefined) continue;
    const read = readImageRef(rule.probeImage.ref);
    if ('problem' in read) continue;
    const { registry, repository } = read.ref;
    // A probe image named by digest alone is served under `latest`: the simulator cannot make bytes hash to a given digest.
    const tag = read.ref.tag ?? 'latest';
    const needsCredentials = rule.probeImage.needsCredentials === true;
    images.set(`${registry}/${repository}:${tag}`, { registry, repository, tag, ...(needsCredentials ? { needsCredentials } : {}) });
  }
  cached = [...images.values()];
  return cached;
}
