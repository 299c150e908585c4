import { hostPort, registryName, upstreamHost } from './host-url.js';
import type { CertsDirectory, HostCapability, RegistryConfig, RegistryEntry, RegistryHost, RegistryRuntime, RuntimeRegistries } from './model.js';

export interface PullQuery {
  /** Whose view: the first runtime of the config when not given. */
  readonly runtime?: RegistryRuntime;
  /** The repository (`library/busybox`): CRI-O's prefixes can name one, and its mirrors may rename it. */
  readonly repository?: string;
  /** A pull by digest (CRI-O's mirror-by-digest-only and pull-from-mirror depend on it). */
  readonly byDigest?: boolean;
  /** Only the hosts asked for this: `resolve` (a tag to a digest) or `pull` (content); both when not given. */
  readonly operation?: Exclude<HostCapability, 'push'>;
}

/** A host a pull goes to, in order, with what to ask it for. */
export interface PullHost extends RegistryHost {
  readonly runtime: RegistryRuntime;
  /** The repository asked on this host (CRI-O's mirrors may put a namespace before it); absent when no repository was given. */
  readonly repository?: string;
}

export interface PullPlan {
  readonly runtime: RegistryRuntime;
  readonly registry: string;
  readonly hosts: readonly PullHost[];
  /** CRI-O/Podman `blocked`: the runtime refuses the pull, whatever the hosts. */
  readonly blocked: boolean;
  /** The configured entry that decided it (file and name or pattern), or none: the runtime's defaults. */
  readonly matched?: { readonly file: string; readonly registry: string };
}

/** containerd's hostDirectory: `host:port` is looked up as `host_port_` first. */
function folderNames(registry: string): string[] {
  const colon = registry.lastIndexOf(':');
  return colon > 0 && !registry.endsWith(']') ? [`${registry.slice(0, colon)}_${registry.slice(colon + 1)}_`, registry, '_default'] : [registry, '_default'];
}

function containerdEntry(runtime: RuntimeRegistries, registry: string): RegistryEntry | undefined {
  if (runtime.hostsRoots !== undefined) {
    for (const root of runtime.hostsRoots) {
      for (const name of folderNames(registry)) {
        const found = root.folders.find((f) => f.name === name);
        if (found !== undefined) return found.entry;
      }
    }
    return undefined;
  }
  return runtime.entries.find((e) => e.registry === registry) ?? runtime.entries.find((e) => e.registry === '*');
}

/** containers/image's refMatchingPrefix: a prefix matches at a `/`, `:` or `@` boundary; `*.example.com` matches subdomains. */
function prefixMatches(reference: string, prefix: string): boolean {
  if (prefix.startsWith('*.')) {
    const domain = reference.split('/')[0] ?? '';
    return domain.endsWith(prefix.slice(1));
  }
  if (reference === prefix) return true;
  return reference.startsWith(prefix) && [':', '/', '@'].includes(reference[prefix.length] ?? '');
}

function containersEntry(runtime: RuntimeRegistries, reference: string): RegistryEntry | undefined {
  return runtime.entries.filter((e) => prefixMatches(reference, e.prefix)).sort((a, b) => b.prefix.length - a.prefix.length)[0];
}

function withCerts(host: RegistryHost, directories: readonly CertsDirectory[] | undefined): RegistryHost {
  const dir = directories?.find((d) => d.registry === hostPort(host.url) || (host.url.host === 'registry-1.docker.io' && d.registry === 'docker.io'));
  if (dir === undefined || host.caFiles.length > 0 || host.clientCertificates.length > 0) return host;
  return { ...host, caFiles: dir.caFiles, clientCertificates: dir.clientCertificates };
}

function wanted(host: RegistryHost, entry: RegistryEntry | undefined, query: PullQuery): boolean {
  if (query.operation !== undefined ? !host.capabilities.includes(query.operation) : !host.capabilities.some((c) => c !== 'push')) return false;
  if (host.role !== 'mirror' || entry === undefined) return true;
  if (entry.mirrorByDigestOnly) return query.byDigest === true;
  if (host.pullFrom === 'digest-only') return query.byDigest === true;
  if (host.pullFrom === 'tag-only') return query.byDigest !== true;
  return true;
}

function repositoryAt(host: RegistryHost, entry: RegistryEntry | undefined, registry: string, repository: string | undefined): { repository?: string } {
  if (repository === undefined) return {};
  if (host.namespace === undefined || entry === undefined) return { repository };
  // CRI-O rewrites the reference: the part after the entry's prefix goes after the mirror's location.
  const reference = `${registry}/${repository}`;
  const rest = entry.prefix.startsWith('*.') ? repository : reference.slice(entry.prefix.length).replace(/^\//, '');
  return { repository: rest === '' ? host.namespace : `${host.namespace}/${rest}` };
}

/**
 * What one runtime would do to pull from `registry` (`docker.io`, `registry-1.docker.io` and
 * `index.docker.io` alike): the hosts it tries, in its order, each with its TLS material.
 */
export function resolvePullPlan(config: RegistryConfig, registryText: string, query: PullQuery = {}): PullPlan {
  const registry = registryName(registryText);
  const runtime = (query.runtime !== undefined ? config.runtimes.find((r) => r.runtime === query.runtime) : config.runtimes[0]) ?? undefined;
  const kind: RegistryRuntime = query.runtime ?? runtime?.runtime ?? 'containerd';
  const hubRepository = registry === 'docker.io' && query.repository !== undefined && !query.repository.includes('/') ? `library/${query.repository}` : query.repository;
  let entry: RegistryEntry | undefined;
  if (runtime !== undefined) {
    if (kind === 'cri-o' || kind === 'podman') entry = containersEntry(runtime, hubRepository !== undefined ? `${registry}/${hubRepository}` : registry);
    else if (kind === 'containerd') entry = containerdEntry(runtime, registry);
    else entry = runtime.entries.find((e) => e.registry === registry) ?? runtime.entries.find((e) => e.registry === '*');
  }
  const hosts: RegistryHost[] = [...(entry?.hosts ?? [])];
  if (entry === undefined) hosts.push(upstreamHost(registry, { localhostPlainHttp: kind === 'containerd' || kind === 'k3s' || kind === 'rke2' }));
  else if (entry.upstream !== undefined) hosts.push({ ...upstreamHost(registry, { localhostPlainHttp: true }), ...entry.upstream });
  const pullHosts = hosts
    .map((h) => withCerts(h, runtime?.certsDirectories))
    .filter((h) => wanted(h, entry, query))
    .map((h) => ({ ...h, runtime: kind, ...repositoryAt(h, entry, registry, hubRepository) }));
  return {
    runtime: kind,
    registry,
    hosts: entry?.blocked === true ? [] : pullHosts,
    blocked: entry?.blocked ?? false,
    ...(entry !== undefined ? { matched: { file: entry.file, registry: entry.registry } } : {}),
  };
}

/** The hosts a runtime tries for `registry`, in its order (see resolvePullPlan). */
export function resolvePullHosts(config: RegistryConfig, registry: string, query: PullQuery = {}): readonly PullHost[] {
  return resolvePullPlan(config, registry, query).hosts;
}
