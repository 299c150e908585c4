import { withHost } from './registry-profiles.js';
import { LAYER_TYPE, type Blob } from './registry-images.js';
import { SIM_TOKEN, layerSignature, layerUrlOf, type RegistryWorld, type SimRegistry } from './registry-world.js';

/** A request as a simulated registry, token realm or layer host reads it. */
export interface RegistryRequest {
  readonly host: string;
  readonly method: string;
  /** The path with its query. */
  readonly path: string;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: string;
}

export interface RegistryResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | Buffer;
  /** Send the headers and this many bytes of the body, then nothing more. */
  readonly stallAfterBytes?: number;
}

const API = { 'docker-distribution-api-version': 'registry/2.0' } as const;

function json(status: number, value: unknown, extra: Record<string, string> = {}): RegistryResponse {
  return { status, headers: { 'content-type': 'application/json', ...API, ...extra }, body: `${JSON.stringify(value)}\n` };
}

/** distribution's error body. */
function error(status: number, code: string, message: string, extra: Record<string, string> = {}): RegistryResponse {
  return json(status, { errors: [{ code, message, detail: null }] }, extra);
}

function challenge(registry: SimRegistry, repository?: string): string {
  const realm = withHost(registry.profile.realm ?? 'https://{host}/token', registry.host);
  const service = registry.profile.service === undefined ? '' : `,service="${withHost(registry.profile.service, registry.host)}"`;
  const scope = repository === undefined ? '' : `,scope="repository:${repository}:pull"`;
  return `Bearer realm="${realm}"${service}${scope}`;
}

function redirect(status: number, location: string): RegistryResponse {
  return { status, headers: { location, 'content-type': 'text/html; charset=utf-8', ...API }, body: `<a href="${location.replace(/&/g, '&amp;')}">Temporary Redirect</a>.\n` };
}

function bytes(blob: Blob, stallAfterBytes?: number): RegistryResponse {
  const stall = stallAfterBytes !== undefined && blob.mediaType === LAYER_TYPE ? { stallAfterBytes: Math.min(stallAfterBytes, blob.bytes.length - 1) } : {};
  return { status: 200, headers: { 'content-type': 'application/octet-stream', 'content-length': String(blob.bytes.length), etag: `"${blob.digest}"` }, body: blob.bytes, ...stall };
}

/** Credentials a token request carries: Basic, or an OAuth password grant's form. */
function credentialsOf(request: RegistryRequest): { user: string; password: string } | undefined {
  const basic = /^Basic\s+(\S+)$/i.exec(request.headers['authorization'] ?? '')?.[1];
  if (basic !== undefined) {
    const text = Buffer.from(basic, 'base64').toString('utf8');
    const colon = text.indexOf(':');
    return colon < 0 ? undefined : { user: text.slice(0, colon), password: text.slice(colon + 1) };
  }
  if (request.method !== 'POST') return undefined;
  const form = new URLSearchParams(request.body);
  const user = form.get('username');
  const password = form.get('password');
  return user !== null && password !== null ? { user, password } : undefined;
}

function token(registries: readonly SimRegistry[], request: RegistryRequest): RegistryResponse {
  const url = new URL(request.path, 'https://realm.invalid');
  const service = url.searchParams.get('service') ?? new URLSearchParams(request.body).get('service');
  const registry = registries.find((r) => r.profile.service === undefined || withHost(r.profile.service, r.host) === service) ?? registries[0];
  const sent = credentialsOf(request);
  const accepted =
    registry === undefined
      ? false
      : registry.credentials !== undefined
        ? sent?.user === registry.credentials.user && sent.password === registry.credentials.password
        : !registry.needsCredentials;
  if (!accepted) return error(401, 'UNAUTHORIZED', sent === undefined ? 'authentication required' : 'incorrect username or password');
  return json(200, { token: SIM_TOKEN, access_token: SIM_TOKEN, expires_in: 300, issued_at: new Date().toISOString() });
}

function authorized(registry: SimRegistry, request: RegistryRequest): boolean {
  if (registry.profile.publicReads === true || registry.profile.ping === 'open') return true;
  return request.headers['authorization'] === `Bearer ${SIM_TOKEN}`;
}

function registryApi(registry: SimRegistry, request: RegistryRequest): RegistryResponse | undefined {
  const path = new URL(request.path, 'https://registry.invalid').pathname;
  if (path === '/v2/' || path === '/v2') {
    return registry.profile.ping === 'open' ? json(200, {}) : error(401, 'UNAUTHORIZED', 'authentication required', { 'www-authenticate': challenge(registry) });
  }
  const match = /^\/v2\/(.+)\/(manifests|blobs)\/([^/]+)$/.exec(path);
  if (match === null) {
    // Harbor authorizes before it routes: a project's root (/v2/dockerhub/) is a 401 to an anonymous client.
    if (registry.harbor !== true || !path.startsWith('/v2/')) return undefined;
    return authorized(registry, request) ? error(404, 'NOT_FOUND', 'not found') : error(401, 'UNAUTHORIZED', 'unauthorized to access repository', { 'www-authenticate': challenge(registry) });
  }
  const [, repository = '', kind, reference = ''] = match;
  const upstream = registry.profile.upstream;
  if (upstream !== undefined) return redirect(registry.profile.redirectStatus ?? 307, `https://${upstream.host}/v2/${upstream.repositoryPrefix}${repository}/${kind}/${reference}`);
  if (!authorized(registry, request)) return error(401, 'UNAUTHORIZED', 'authentication required', { 'www-authenticate': challenge(registry, repository) });
  const repo = registry.repositories.get(repository);
  if (kind === 'manifests') {
    const manifest = reference.startsWith('sha256:') ? repo?.manifests.get(reference) : repo?.tags.get(reference);
    if (manifest === undefined) return error(404, 'MANIFEST_UNKNOWN', `manifest unknown: ${repository}:${reference}`);
    return { status: 200, headers: { 'content-type': manifest.mediaType, 'content-length': String(manifest.bytes.length), 'docker-content-digest': manifest.digest, ...API }, body: manifest.bytes };
  }
  const blob = repo?.blobs.get(reference);
  if (blob === undefined) return error(404, 'BLOB_UNKNOWN', `blob unknown to registry: ${reference}`);
  if (registry.layerUrl === undefined) return bytes(blob, registry.stallAfterBytes);
  return redirect(registry.profile.redirectStatus ?? 307, layerUrlOf(registry.layerUrl, blob.digest));
}

/** A layer host's answer: the bytes a signed URL names, or S3's refusal of an unsigned one. */
function layerDownload(sources: readonly SimRegistry[], request: RegistryRequest): RegistryResponse | undefined {
  const hex = /[a-f0-9]{64}/.exec(request.path)?.[0];
  if (hex === undefined) return undefined;
  const digest = `sha256:${hex}`;
  for (const registry of sources) {
    for (const repo of registry.repositories.values()) {
      const blob = repo.blobs.get(digest);
      if (blob === undefined) continue;
      if (!request.path.includes(layerSignature(digest))) {
        return { status: 403, headers: { 'content-type': 'application/xml' }, body: '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Request has expired or is not signed</Message></Error>\n' };
      }
      return bytes(blob, registry.stallAfterBytes);
    }
  }
  return { status: 404, headers: { 'content-type': 'application/xml' }, body: '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchKey</Code></Error>\n' };
}

/**
 * The answer of the site's registries to a request: a token realm's, a registry's `/v2/` API, a
 * layer host's bytes; undefined when the request is none of theirs (the healthy responder answers).
 */
export function registryAnswer(world: RegistryWorld, request: RegistryRequest): RegistryResponse | undefined {
  const path = new URL(request.path, 'https://any.invalid').pathname;
  const realms = world.realmOf(request.host, path);
  if (realms.length > 0) return token(realms, request);
  const registry = world.registry(request.host);
  if (registry !== undefined && path.startsWith('/v2')) return registryApi(registry, request);
  const sources = world.layerSourcesOf(request.host);
  if (sources.length > 0 && !path.startsWith('/v2')) return layerDownload(sources, request);
  return undefined;
}
