import { readHostUrl, isLocalhost, upstreamHost, hostPort } from './host-url.js';
import { isTable, stringOf, stringsOf, type Table } from './parse-text.js';
import type { ConfigIssue, RegistryEntry, RegistryHost } from './model.js';

// The CRI plugin's deprecated registry settings, used by containerd 1.x when config_path is empty,
// as pkg/cri/server/image_pull.go (registryHosts, registryEndpoints) applies them: a registry's
// `mirrors` endpoints in order (those of "*" for a registry not listed), then the registry itself
// unless an endpoint is already it; an endpoint's path is the API prefix as written (`/v2` when it
// has none); each host's TLS is `configs."HOST".tls` for the endpoint's own host.

const FILE = '/etc/containerd/config.toml';

interface TlsSettings {
  readonly caFiles: string[];
  readonly clientCertificates: RegistryHost['clientCertificates'];
  readonly skipVerify: boolean;
}

function tlsOf(configs: Table, host: string, issues: ConfigIssue[]): TlsSettings | undefined {
  const config = configs[host];
  const tls = isTable(config) && isTable(config['tls']) ? config['tls'] : undefined;
  if (tls === undefined) return undefined;
  const ca = stringOf(tls['ca_file']) ?? '';
  const cert = stringOf(tls['cert_file']) ?? '';
  const key = stringOf(tls['key_file']) ?? '';
  if ((cert === '') !== (key === '')) {
    issues.push({
      code: 'mirror.config-invalid', severity: 'error', runtime: 'containerd', file: FILE, registry: host,
      detail: `configs."${host}".tls sets ${cert !== '' ? 'cert_file without key_file' : 'key_file without cert_file'}; containerd fails every pull through ${host}`,
    });
  }
  return {
    caFiles: ca !== '' ? [ca] : [],
    clientCertificates: cert !== '' && key !== '' ? [{ cert, key }] : [],
    skipVerify: tls['insecure_skip_verify'] === true,
  };
}

function endpointsOf(mirrors: Table, key: string): string[] {
  const mirror = mirrors[key];
  return isTable(mirror) ? (stringsOf(mirror['endpoint']) ?? []) : [];
}

function entryFor(registry: string, endpoints: readonly string[], configs: Table, headerNames: string[], issues: ConfigIssue[]): RegistryEntry {
  const hosts: RegistryHost[] = [];
  let upstreamListed = false;
  endpoints.forEach((endpoint, index) => {
    const source = `${FILE} registry.mirrors."${registry}".endpoint[${index}]`;
    const bare = endpoint.includes('://') ? endpoint : `${isLocalhost(endpoint.split('/')[0] ?? '') ? 'http' : 'https'}://${endpoint}`;
    const read = readHostUrl(bare);
    if ('problem' in read) {
      issues.push({ code: 'mirror.config-invalid', severity: 'error', runtime: 'containerd', file: FILE, registry, detail: `${source}: ${read.problem}; containerd fails every pull from ${registry}` });
      return;
    }
    const url = { ...read.url, path: read.url.path === '' ? '/v2' : read.url.path };
    if (hostPort(url) === registry) upstreamListed = true;
    const tls = tlsOf(configs, hostPort(url), issues);
    hosts.push({
      url,
      capabilities: ['pull', 'resolve'],
      caFiles: tls?.caFiles ?? [],
      clientCertificates: tls?.clientCertificates ?? [],
      skipVerify: tls?.skipVerify ?? (isLocalhost(registry) && url.scheme === 'http'),
      plainHttpFallback: url.scheme === 'http',
      headerNames,
      overridePath: true,
      role: hostPort(url) === registry ? 'server' : 'mirror',
      source,
    });
  });
  const wildcard = registry === '*';
  if (!upstreamListed && !wildcard) {
    const upstream = upstreamHost(registry, { localhostPlainHttp: true });
    const tls = tlsOf(configs, hostPort(upstream.url), issues);
    hosts.push({ ...upstream, capabilities: ['pull', 'resolve'], caFiles: tls?.caFiles ?? [], clientCertificates: tls?.clientCertificates ?? [], skipVerify: tls?.skipVerify ?? upstream.skipVerify, headerNames });
  }
  return {
    registry,
    runtime: 'containerd',
    hosts,
    serverTried: true,
    blocked: false,
    prefix: registry,
    mirrorByDigestOnly: false,
    file: FILE,
    ...(wildcard ? { upstream: { capabilities: ['pull', 'resolve'], caFiles: [], clientCertificates: [], skipVerify: false, headerNames, source: 'default' } } : {}),
  };
}

/**
 * The registries the CRI plugin's `mirrors` and `configs` name, each with the hosts containerd
 * tries for it. Credentials in `configs.*.auth` and `auths` are not read.
 */
export function legacyMirrorEntries(mirrors: Table, configs: Table, registrySection: Table, issues: ConfigIssue[]): RegistryEntry[] {
  const headers = registrySection['headers'];
  const headerNames = isTable(headers) ? Object.keys(headers) : [];
  const names = [...new Set([...Object.keys(mirrors), ...Object.keys(configs).filter((k) => isTable(configs[k]) && isTable((configs[k] as Table)['tls']))])];
  const entries = names.map((name) => entryFor(name, endpointsOf(mirrors, name in mirrors ? name : '*'), configs, headerNames, issues));
  if (Object.keys(mirrors).length > 0 || Object.keys(configs).length > 0) {
    issues.push({
      code: 'mirror.config-deprecated', severity: 'info', runtime: 'containerd', file: FILE,
      detail: 'the CRI plugin\'s registry.mirrors and registry.configs are deprecated (containerd 2.0 drops them); hosts.toml files under config_path replace them',
    });
  }
  return entries;
}
