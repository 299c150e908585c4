import type { PullStep } from '../../schema/index.js';
import { challengeScheme, parseBearerChallenge } from './auth-challenge.js';
import { stopAt, type PullEnd } from './hop-verdict.js';
import { choosePlatform, parseManifest, smallestLayer } from './manifest-choice.js';
import type { Descriptor, ImageManifest, Platform } from './manifest-schema.js';
import { requestFollowing, requestHop, type HopAnswer, type PullContext } from './request-hop.js';
import { basicAuthorization, fetchToken } from './token-fetch.js';
import { MANIFEST_ACCEPT, MANIFEST_MAX_BYTES, PARTIAL_LAYER_BYTES, SMALL_BODY_MAX_BYTES, WHOLE_LAYER_BYTES, type PullProbeInput } from './types.js';

/** The API prefix before `/<repository>/...`: `/v2`, or a proxy cache's `/v2/dockerhub` (Harbor, Artifactory). */
function apiPathOf(input: PullProbeInput): string {
  return (input.apiPath ?? '/v2').replace(/\/+$/, '');
}

type Layer = NonNullable<PullStep['evidence']['layer']>;

export interface SequenceEnd extends PullEnd {
  readonly layer?: Layer;
  readonly sentCredentials: boolean;
}

interface Auth {
  readonly headers: Readonly<Record<string, string>>;
  readonly kind?: 'basic' | 'bearer';
}

type Authorized = { readonly auth: Auth; readonly sent: boolean } | { readonly stop: SequenceEnd };

/** The registry's authorization after `/v2/`: none (200), a Bearer token from the realm, or Basic credentials. */
async function authorize(ctx: PullContext, input: PullProbeInput, registry: URL): Promise<Authorized> {
  // A proxy cache's API root is under its path (Harbor's /v2/dockerhub/), as containerd's requests are.
  const apiPath = apiPathOf(input);
  const known = apiPath === '/v2' && (input.pinged?.status === 200 || input.pinged?.status === 401) ? input.pinged : undefined;
  if (known?.status === 200) return { auth: { headers: {} }, sent: false };
  let header = known?.wwwAuthenticate;
  if (known === undefined) {
    const ping = await requestHop(ctx, { purpose: 'ping', method: 'GET', url: new URL(`${apiPath}/`, registry), headers: {}, keep: true, maxBytes: SMALL_BODY_MAX_BYTES });
    if (ping.status !== 401) {
      // containerd never pings: a project path with no API root of its own is judged by its manifest's answer.
      if (ping.status === 404 && apiPath !== '/v2') return { auth: { headers: {} }, sent: false };
      const stop = stopAt(ping, 'http-error');
      return stop ? { stop: { ...stop, sentCredentials: false } } : { auth: { headers: {} }, sent: false };
    }
    header = ping.hop.headers['www-authenticate'];
  }
  const challenge = parseBearerChallenge(header);
  if (challenge) {
    const token = await fetchToken(ctx, challenge, input.repository, input.credentials);
    if (token.ok) return { auth: { headers: { authorization: `Bearer ${token.token}` }, kind: 'bearer' }, sent: token.sentCredentials };
    const stop = token.answer ? stopAt(token.answer, 'auth-required') : undefined;
    return { stop: { ...(stop ?? { outcome: 'auth-required' }), ...(token.code ? { code: token.code } : {}), sentCredentials: token.sentCredentials } };
  }
  const basic = challengeScheme(header) === 'basic' ? basicAuthorization(input.credentials) : undefined;
  if (basic) return { auth: { headers: { authorization: basic }, kind: 'basic' }, sent: true };
  return { stop: { outcome: 'auth-required', code: challengeScheme(header)?.toUpperCase() ?? 'NO_CHALLENGE', sentCredentials: false } };
}

function registryRequest(auth: Auth, extra: Record<string, string> = {}) {
  return { headers: { ...auth.headers, ...extra }, ...(auth.kind ? { credential: auth.kind } : {}) };
}

/** The manifest by tag or digest (HEAD, then GET), and the platform's when it is an index. */
async function resolveImage(ctx: PullContext, input: PullProbeInput, registry: URL, auth: Auth, platform: Platform): Promise<ImageManifest | PullEnd> {
  const manifestUrl = (reference: string): URL => new URL(`${apiPathOf(input)}/${input.repository}/manifests/${reference}`, registry);
  const accept = registryRequest(auth, { accept: MANIFEST_ACCEPT });
  const read = { keep: true, maxBytes: MANIFEST_MAX_BYTES } as const;
  const head = await requestFollowing(ctx, { purpose: 'manifest-head', method: 'HEAD', url: manifestUrl(input.reference), ...accept, ...read });
  const headStop = stopAt(head, 'manifest-unknown');
  if (headStop) return headStop;
  const top = await requestFollowing(ctx, { purpose: 'manifest', method: 'GET', url: manifestUrl(input.reference), ...accept, ...read });
  const topStop = manifestStop(top, input.reference.startsWith('sha256:') ? input.reference : undefined);
  if (topStop) return topStop;
  const parsed = parseManifest(top.read?.data ?? Buffer.alloc(0), top.hop.headers['content-type']);
  if (parsed.kind === 'image') return parsed.image;
  if (parsed.kind === 'bad') return { outcome: 'bad-manifest', code: parsed.reason };
  const chosen = choosePlatform(parsed.index, platform);
  if (!chosen) return { outcome: 'platform-missing', code: `${parsed.index.manifests.length}_MANIFESTS` };
  const own = await requestFollowing(ctx, { purpose: 'platform-manifest', method: 'GET', url: manifestUrl(chosen.digest), ...accept, ...read });
  const ownStop = manifestStop(own, chosen.digest);
  if (ownStop) return ownStop;
  const image = parseManifest(own.read?.data ?? Buffer.alloc(0), own.hop.headers['content-type']);
  return image.kind === 'image' ? image.image : { outcome: 'bad-manifest', code: image.kind === 'bad' ? image.reason : 'NESTED_INDEX' };
}

/** A manifest answer's stop: a failure, too large, or (fetched by digest) other bytes than the digest names. */
function manifestStop(answer: HopAnswer, digest: string | undefined): PullEnd | undefined {
  const stop = stopAt(answer, 'manifest-unknown');
  if (stop) return stop;
  if (digest && answer.read?.digest !== digest) return { outcome: 'digest-mismatch', code: 'MANIFEST' };
  return undefined;
}

/** A blob GET, every redirect followed; read whole (digest checked) or up to the budget. */
async function fetchBlob(ctx: PullContext, input: PullProbeInput, registry: URL, auth: Auth, blob: Descriptor, purpose: 'config' | 'layer') {
  const whole = blob.size <= (input.wholeLayerBytes ?? WHOLE_LAYER_BYTES);
  const url = new URL(`${apiPathOf(input)}/${input.repository}/blobs/${blob.digest}`, registry);
  const answer = await requestFollowing(ctx, {
    purpose,
    method: 'GET',
    url,
    ...registryRequest(auth),
    keep: false,
    maxBytes: blob.size,
    ...(whole ? {} : { budget: input.partialLayerBytes ?? PARTIAL_LAYER_BYTES }),
  });
  const read = answer.read;
  const verified = read?.end === 'complete' ? read.digest === blob.digest && read.bytes === blob.size : undefined;
  const layer: Layer = { digest: blob.digest, size: blob.size, bytesRead: read?.bytes ?? 0, ...(verified !== undefined ? { verified } : {}) };
  const stop = stopAt(answer, 'blob-unknown');
  if (stop) return { stop: stop.outcome === 'too-large' ? { outcome: 'digest-mismatch', code: 'LONGER_THAN_DESCRIPTOR' } : stop, layer };
  if (verified === false) return { stop: { outcome: 'digest-mismatch', code: read?.bytes === blob.size ? 'SHA256' : 'SHORT_READ' }, layer };
  return { layer };
}

/** containerd's pull, as far as one layer: the sequence, ending at the first stop. */
export async function pullSequence(ctx: PullContext, input: PullProbeInput, registry: URL, platform: Platform): Promise<SequenceEnd> {
  const authorized = await authorize(ctx, input, registry);
  if ('stop' in authorized) return authorized.stop;
  const { auth, sent } = authorized;
  const image = await resolveImage(ctx, input, registry, auth, platform);
  if ('outcome' in image) return { ...image, sentCredentials: sent };
  if (input.depth === 'manifest') return { outcome: 'pulled', sentCredentials: sent };
  const config = await fetchBlob(ctx, input, registry, auth, image.config, 'config');
  if (config.stop) return { ...config.stop, sentCredentials: sent };
  const smallest = smallestLayer(image);
  if (!smallest) return { outcome: 'pulled', sentCredentials: sent };
  const layer = await fetchBlob(ctx, input, registry, auth, smallest, 'layer');
  return { ...(layer.stop ?? { outcome: 'pulled' }), layer: layer.layer, sentCredentials: sent };
}
