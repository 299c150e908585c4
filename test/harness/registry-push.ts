// Pushing to a registry through its HTTP API, as a client does: blob uploads (POST, then PUT with
// the digest), manifests by tag or digest. Used to give the pull probe an image to pull.
import { createHash, randomBytes } from 'node:crypto';

export interface Descriptor {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
}

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
export const OCI_LAYER = 'application/vnd.oci.image.layer.v1.tar+gzip';

export function sha256(data: Uint8Array): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

async function expectStatus(response: Response, status: number, what: string): Promise<void> {
  if (response.status !== status) throw new Error(`${what}: ${response.status} ${await response.text()}`);
}

/** One blob: POST an upload, PUT its bytes with the digest. */
/** `authorization`: a header value for a registry that asks for one (a token with push scope). */
export async function pushBlob(registry: string, repository: string, data: Uint8Array, mediaType = OCI_LAYER, authorization?: string): Promise<Descriptor> {
  const auth: Record<string, string> = authorization ? { authorization } : {};
  const digest = sha256(data);
  const started = await fetch(`${registry}/v2/${repository}/blobs/uploads/`, { method: 'POST', headers: auth });
  await expectStatus(started, 202, `upload of ${digest}`);
  await started.arrayBuffer();
  const location = new URL(started.headers.get('location') ?? '', registry);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, { method: 'PUT', body: data, headers: { ...auth, 'content-type': 'application/octet-stream' } });
  await expectStatus(put, 201, `PUT of ${digest}`);
  await put.arrayBuffer();
  return { mediaType, digest, size: data.length };
}

/** A manifest or index under a tag or its digest; returns its descriptor. */
export async function pushManifest(registry: string, repository: string, reference: string | undefined, mediaType: string, document: unknown, authorization?: string): Promise<Descriptor> {
  const body = Buffer.from(JSON.stringify(document));
  const digest = sha256(body);
  const put = await fetch(`${registry}/v2/${repository}/manifests/${reference ?? digest}`, { method: 'PUT', body, headers: { ...(authorization ? { authorization } : {}), 'content-type': mediaType } });
  await expectStatus(put, 201, `manifest ${repository}:${reference ?? digest}`);
  await put.arrayBuffer();
  return { mediaType, digest, size: body.length };
}

export interface PushedImage {
  readonly manifest: Descriptor;
  readonly config: Descriptor;
  readonly layers: readonly Descriptor[];
}

/** An OCI image: a config for the platform and layers of the given sizes (random bytes), its manifest pushed by digest or tag. */
export async function pushImage(registry: string, repository: string, options: { readonly layerSizes: readonly number[]; readonly architecture?: string; readonly tag?: string; readonly authorization?: string }): Promise<PushedImage> {
  const architecture = options.architecture ?? 'amd64';
  const layers: Descriptor[] = [];
  for (const size of options.layerSizes) layers.push(await pushBlob(registry, repository, randomBytes(size), OCI_LAYER, options.authorization));
  const configDoc = { architecture, os: 'linux', rootfs: { type: 'layers', diff_ids: layers.map((l) => l.digest) }, config: {} };
  const config = await pushBlob(registry, repository, Buffer.from(JSON.stringify(configDoc)), OCI_CONFIG, options.authorization);
  const manifest = await pushManifest(registry, repository, options.tag, OCI_MANIFEST, { schemaVersion: 2, mediaType: OCI_MANIFEST, config, layers }, options.authorization);
  return { manifest, config, layers };
}

/** A multi-platform index under `tag` pointing at images already pushed, each with its platform. */
export async function pushIndex(registry: string, repository: string, tag: string, entries: readonly { readonly image: PushedImage; readonly architecture: string }[], authorization?: string): Promise<Descriptor> {
  const manifests = entries.map(({ image, architecture }) => ({ ...image.manifest, platform: { architecture, os: 'linux' } }));
  return pushManifest(registry, repository, tag, OCI_INDEX, { schemaVersion: 2, mediaType: OCI_INDEX, manifests }, authorization);
}
