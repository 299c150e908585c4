import { DOCKER_HUB } from '../../image-ref.js';
import type { HostUrl, RegistryHost } from './model.js';

/** Docker Hub's names, each meaning `docker.io` when a registry is asked for. */
const HUB_NAMES = new Set<string>([DOCKER_HUB.domain, DOCKER_HUB.legacy, DOCKER_HUB.registry]);

/** A registry's name as the model keys it: `docker.io` for Docker Hub, lower-case `host[:port]` otherwise. */
export function registryName(text: string): string {
  const name = text.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/\/+$/, '');
  return HUB_NAMES.has(name) ? DOCKER_HUB.domain : name;
}

/** Whether a registry name is one a pull can ask for: host[:port] (no scheme, no path). */
export function isRegistryName(text: string): boolean {
  return /^(?:\[[0-9a-f:]+\]|[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*)(?::[0-9]{1,5})?$/.test(text);
}

/** The URL written back: `https://harbor.corp:8443/v2/dockerhub`. */
export function hostUrlText(url: HostUrl): string {
  return `${url.scheme}://${url.host}${url.port !== undefined ? `:${url.port}` : ''}${url.path}`;
}

/** `host[:port]` of a URL, as a registry is named. */
export function hostPort(url: HostUrl): string {
  return `${url.host}${url.port !== undefined ? `:${url.port}` : ''}`;
}

/**
 * A host URL as written in a runtime's file: with or without a scheme (`defaultScheme` then), a
 * port, a path. The path is returned cleaned (no trailing or doubled slashes); each runtime
 * decides what it makes of it.
 */
export function readHostUrl(text: string, defaultScheme: 'https' | 'http' = 'https'): { url: HostUrl } | { problem: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { problem: 'an empty URL' };
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `${defaultScheme}://${trimmed}`;
  let parsed: URL;
  try {
    parsed = new URL(withScheme);
  } catch {
    return { problem: `'${text}' is not a URL; expected [https://]HOST[:PORT][/PATH]` };
  }
  const scheme = parsed.protocol.slice(0, -1);
  if (scheme !== 'https' && scheme !== 'http') return { problem: `'${text}' has the scheme '${scheme}'; expected https:// or http://` };
  if (parsed.username !== '' || parsed.password !== '') return { problem: 'the URL has a user name or password in it; registry credentials belong in the runtime\'s credential settings, not the URL' };
  if (parsed.search !== '' || parsed.hash !== '') return { problem: `'${text}' has a query or fragment; expected [https://]HOST[:PORT][/PATH]` };
  if (parsed.hostname === '') return { problem: `'${text}' has no host` };
  const path = cleanPath(decodeURIComponent(parsed.pathname));
  return { url: { scheme, host: parsed.hostname.toLowerCase(), ...(parsed.port !== '' ? { port: Number(parsed.port) } : {}), path } };
}

/** `/v2/dockerhub/` -> `/v2/dockerhub`; `/` -> ``. */
export function cleanPath(path: string): string {
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  return parts.length === 0 ? '' : `/${parts.join('/')}`;
}

/** containerd's API prefix for a hosts.toml host: the path, `/v2` appended unless it ends so or override_path is set. */
export function containerdApiPath(path: string, overridePath: boolean): string {
  if (overridePath) return path;
  return path.endsWith('/v2') ? path : `${path}/v2`;
}

/** Whether containerd treats a registry as this machine's own (plain HTTP first on a port other than 443). */
export function isLocalhost(registry: string): boolean {
  const host = registry.startsWith('[') ? registry.slice(0, registry.indexOf(']') + 1) : registry.split(':')[0] ?? '';
  return host === 'localhost' || /^127\./.test(host) || host === '[::1]';
}

function portOf(registry: string): number | undefined {
  const match = /:(\d+)$/.exec(registry);
  return match?.[1] !== undefined ? Number(match[1]) : undefined;
}

/** The upstream host a runtime adds for a registry by itself: Docker Hub at registry-1.docker.io, others at https://REGISTRY/v2. */
export function upstreamHost(registry: string, options: { localhostPlainHttp: boolean; source?: string }): RegistryHost {
  const hub = registry === DOCKER_HUB.domain;
  const port = hub ? undefined : portOf(registry);
  const host = hub ? DOCKER_HUB.registry : registry.replace(/:\d+$/, '');
  const local = !hub && options.localhostPlainHttp && isLocalhost(registry);
  const http = local && port !== undefined && port !== 443;
  return {
    url: { scheme: http ? 'http' : 'https', host, ...(port !== undefined && port !== 443 ? { port } : {}), path: '/v2' },
    capabilities: ['pull', 'resolve', 'push'],
    caFiles: [],
    clientCertificates: [],
    // containerd does not verify localhost's certificate, except on port 80 where it speaks HTTP.
    skipVerify: local && port !== 80,
    plainHttpFallback: http,
    headerNames: [],
    overridePath: false,
    role: 'server',
    source: options.source ?? 'default',
  };
}
