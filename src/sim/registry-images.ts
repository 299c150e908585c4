import { createHash } from 'node:crypto';

/**
 * Images synthesised for a simulated registry: deterministic from their name, so every run and
 * every test sees the same digests. Each is an OCI index for linux/amd64 and linux/arm64, each
 * platform an image manifest with a config blob and one or two small layers whose bytes hash to
 * their digests.
 */

export const INDEX_TYPE = 'application/vnd.oci.image.index.v1+json';
export const MANIFEST_TYPE = 'application/vnd.oci.image.manifest.v1+json';
export const CONFIG_TYPE = 'application/vnd.oci.image.config.v1+json';
export const LAYER_TYPE = 'application/vnd.oci.image.layer.v1.tar+gzip';

export interface Blob {
  readonly digest: string;
  readonly mediaType: string;
  readonly bytes: Buffer;
}

export interface SimImage {
  /** The index (what the tag names). */
  readonly index: Blob;
  /** The index and each platform's manifest, by digest. */
  readonly manifests: ReadonlyMap<string, Blob>;
  /** Configs and layers, by digest. */
  readonly blobs: ReadonlyMap<string, Blob>;
}

const PLATFORMS = [
  { os: 'linux', architecture: 'amd64' },
  { os: 'linux', architecture: 'arm64', variant: 'v8' },
] as const;

function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function blob(mediaType: string, bytes: Buffer): Blob {
  return { digest: `sha256:${sha256(bytes)}`, mediaType, bytes };
}

/** `size` bytes that look random and are always the same for `seed`. */
function seededBytes(seed: string, size: number): Buffer {
  const parts: Buffer[] = [];
  let block = createHash('sha256').update(seed).digest();
  for (let length = 0; length < size; length += block.length) {
    parts.push(block);
    block = createHash('sha256').update(block).digest();
  }
  return Buffer.concat(parts).subarray(0, size);
}

const descriptor = (b: Blob): { mediaType: string; digest: string; size: number } => ({ mediaType: b.mediaType, digest: b.digest, size: b.bytes.length });

/** The image `registry/repository:tag` as the simulator serves it. */
export function synthesiseImage(registry: string, repository: string, tag: string): SimImage {
  const name = `${registry}/${repository}:${tag}`;
  const manifests = new Map<string, Blob>();
  const blobs = new Map<string, Blob>();
  const entries = PLATFORMS.map((platform) => {
    const seed = `${name} ${platform.architecture}`;
    const layerCount = 1 + (parseInt(sha256(seed).slice(0, 2), 16) % 2);
    const layers = Array.from({ length: layerCount }, (_unused, i) => {
      const size = 2_048 + (parseInt(sha256(`${seed} ${i}`).slice(0, 4), 16) % 2_048);
      return blob(LAYER_TYPE, seededBytes(`${seed} layer ${i}`, size));
    });
    const config = blob(
      CONFIG_TYPE,
      Buffer.from(
        JSON.stringify({
          architecture: platform.architecture,
          os: platform.os,
          ...('variant' in platform ? { variant: platform.variant } : {}),
          config: { Labels: { 'org.opencontainers.image.ref.name': name, 'io.netreq.simulated': 'true' } },
          rootfs: { type: 'layers', diff_ids: layers.map((l) => `sha256:${sha256(`${l.digest} uncompressed`)}`) },
        }),
      ),
    );
    const manifest = blob(MANIFEST_TYPE, Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MANIFEST_TYPE, config: descriptor(config), layers: layers.map(descriptor) })));
    for (const b of [config, ...layers]) blobs.set(b.digest, b);
    manifests.set(manifest.digest, manifest);
    return { ...descriptor(manifest), platform };
  });
  const index = blob(INDEX_TYPE, Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: INDEX_TYPE, manifests: entries })));
  manifests.set(index.digest, index);
  return { index, manifests, blobs };
}
