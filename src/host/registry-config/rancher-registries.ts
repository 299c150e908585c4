import { readProblem, type ConfigFiles } from './config-files.js';
import { hostPort, hostUrlText, isLocalhost, readHostUrl, upstreamHost } from './host-url.js';
import { escapeRegExp, isTable, lineMatching, parseYaml, stringOf, type Table } from './parse-text.js';
import type { ConfigIssue, HostUrl, RegistryEntry, RegistryHost } from './model.js';

// k3s's and RKE2's registries.yaml, from which they write containerd's hosts.toml files at start:
// a registry's `endpoint` URLs in order, then the registry itself (its "default endpoint") unless
// `disable-default-registry-endpoint` is set in config.yaml; an endpoint's path, when it has one,
// is the API prefix as written (a Harbor proxy cache's /v2/PROJECT); `configs."HOST".tls` gives the
// TLS of the endpoint on that host. `auth` holds credentials and is never read.

export type Distribution = 'k3s' | 'rke2';

const MIRROR_KEYS = new Set(['endpoint', 'rewrite']);
const CONFIG_KEYS = new Set(['auth', 'tls']);
const TLS_KEYS = new Set(['ca_file', 'cert_file', 'key_file', 'insecure_skip_verify']);

function tlsOf(configs: Table, host: string): Pick<RegistryHost, 'caFiles' | 'clientCertificates' | 'skipVerify'> {
  const config = configs[host];
  const tls = isTable(config) && isTable(config['tls']) ? config['tls'] : {};
  const ca = stringOf(tls['ca_file']);
  const cert = stringOf(tls['cert_file']);
  const key = stringOf(tls['key_file']);
  return {
    caFiles: ca !== undefined && ca !== '' ? [ca] : [],
    clientCertificates: cert !== undefined && cert !== '' ? [{ cert, ...(key !== undefined && key !== '' ? { key } : {}) }] : [],
    skipVerify: tls['insecure_skip_verify'] === true,
  };
}

/** `disable-default-registry-endpoint` in config.yaml (a boolean, as k3s's flags are written there). */
function upstreamDisabled(files: ConfigFiles, distribution: Distribution): boolean {
  const read = files.read(`/etc/rancher/${distribution}/config.yaml`);
  if (read.kind !== 'text') return false;
  const parsed = parseYaml(read.text);
  return 'value' in parsed && parsed.value['disable-default-registry-endpoint'] === true;
}

/**
 * k3s's normalizeEndpointAddress: no scheme is https (http for localhost on a port other than
 * 443); docker.io is reached at registry-1.docker.io; an empty, `/` or `/v2` path is `/v2`, any
 * other is the API prefix as written (k3s sets override_path). `written` is host[:port] as given,
 * which `configs` is keyed by.
 */
function endpointUrl(endpoint: string): { url: HostUrl; written: string } | { problem: string } {
  const authority = endpoint.includes('://') ? undefined : (endpoint.split('/')[0] ?? '');
  const scheme = authority !== undefined && isLocalhost(authority) && /:\d+$/.test(authority) && !authority.endsWith(':443') ? 'http' : 'https';
  const read = readHostUrl(endpoint, scheme);
  if ('problem' in read) return read;
  const written = hostPort(read.url);
  const hub = read.url.host === 'docker.io' || read.url.host === 'index.docker.io';
  return { url: { ...read.url, ...(hub ? { host: 'registry-1.docker.io' } : {}), path: read.url.path === '' ? '/v2' : read.url.path }, written };
}

export function readRancherRegistries(files: ConfigFiles, distribution: Distribution, issues: ConfigIssue[]): { entries: RegistryEntry[]; files: string[]; upstreamDisabled: boolean } | undefined {
  const file = `/etc/rancher/${distribution}/registries.yaml`;
  const read = files.read(file);
  if (read.kind === 'missing') return undefined;
  const issue = (code: ConfigIssue['code'], severity: ConfigIssue['severity'], detail: string, line?: number, registry?: string): void => {
    issues.push({ code, severity, runtime: distribution, file, detail, ...(line !== undefined ? { line } : {}), ...(registry !== undefined ? { registry } : {}) });
  };
  const disabled = upstreamDisabled(files, distribution);
  if (read.kind !== 'text') {
    issue('mirror.config-invalid', 'error', `registries.yaml ${readProblem(read, files.limits)}`);
    return { entries: [], files: [file], upstreamDisabled: disabled };
  }
  const text = read.text;
  const parsed = parseYaml(text);
  if ('error' in parsed) {
    issue('mirror.config-invalid', 'error', `not valid YAML (${parsed.error}); ${distribution} does not start with it`, parsed.line);
    return { entries: [], files: [file], upstreamDisabled: disabled };
  }
  const doc = parsed.value;
  const lineOfKey = (key: string): number | undefined => lineMatching(text, new RegExp(`^\\s*["']?${escapeRegExp(key)}["']?\\s*:`));
  for (const key of Object.keys(doc).filter((k) => k !== 'mirrors' && k !== 'configs')) issue('mirror.unknown-key', 'warning', `'${key}' is not a registries.yaml section (mirrors and configs are); ${distribution} ignores it`, lineOfKey(key));
  const mirrors = isTable(doc['mirrors']) ? doc['mirrors'] : {};
  const configs = isTable(doc['configs']) ? doc['configs'] : {};
  for (const [host, config] of Object.entries(configs)) {
    if (!isTable(config)) continue;
    for (const key of Object.keys(config).filter((k) => !CONFIG_KEYS.has(k))) issue('mirror.unknown-key', 'warning', `'${key}' is not a setting of configs."${host}" (auth and tls are); ${distribution} ignores it`, lineOfKey(key), host);
    const tls = config['tls'];
    if (isTable(tls)) for (const key of Object.keys(tls).filter((k) => !TLS_KEYS.has(k))) issue('mirror.unknown-key', 'warning', `'${key}' is not a tls setting (ca_file, cert_file, key_file, insecure_skip_verify); ${distribution} ignores it`, lineOfKey(key), host);
  }
  const entries: RegistryEntry[] = [];
  for (const [name, mirror] of Object.entries(mirrors)) {
    const registry = name === '*' ? '*' : name.toLowerCase();
    const settings = isTable(mirror) ? mirror : {};
    for (const key of Object.keys(settings).filter((k) => !MIRROR_KEYS.has(k))) issue('mirror.unknown-key', 'warning', `'${key}' is not a mirror setting (endpoint and rewrite are); ${distribution} ignores it`, lineOfKey(key), registry);
    const endpoints = Array.isArray(settings['endpoint']) ? settings['endpoint'] : [];
    const hosts: RegistryHost[] = [];
    let upstreamListed = false;
    for (const endpoint of endpoints) {
      const line = typeof endpoint === 'string' ? lineMatching(text, new RegExp(escapeRegExp(endpoint))) : undefined;
      const source = `${file}${line !== undefined ? `:${line}` : ''}`;
      const read = typeof endpoint === 'string' ? endpointUrl(endpoint) : { problem: 'an endpoint that is not a string' };
      if ('problem' in read) {
        issue('mirror.config-invalid', 'error', `mirrors."${name}": ${read.problem}; ${distribution} leaves this endpoint out`, line, registry);
        continue;
      }
      const { url, written } = read;
      if (hosts.some((h) => hostUrlText(h.url) === hostUrlText(url))) continue;
      if (written === registry) upstreamListed = true;
      hosts.push({
        url,
        capabilities: ['pull', 'resolve'],
        ...tlsOf(configs, written),
        plainHttpFallback: url.scheme === 'http',
        headerNames: [],
        overridePath: url.path !== '/v2',
        role: written === registry ? 'server' : 'mirror',
        source,
      });
    }
    const serverTried = !disabled || upstreamListed;
    if (!upstreamListed && !disabled && registry !== '*') hosts.push({ ...upstreamHost(registry, { localhostPlainHttp: true }), capabilities: ['pull', 'resolve'], ...tlsOf(configs, registry) });
    entries.push({
      registry,
      runtime: distribution,
      hosts,
      serverTried,
      blocked: false,
      prefix: registry,
      mirrorByDigestOnly: false,
      file,
      ...(registry === '*' && !disabled ? { upstream: { capabilities: ['pull', 'resolve'], caFiles: [], clientCertificates: [], skipVerify: false, headerNames: [], source: 'default' } } : {}),
    });
  }
  // A registry with TLS settings and no mirror entry: its own host, with them.
  for (const [host, config] of Object.entries(configs)) {
    if (host in mirrors || !isTable(config) || !isTable(config['tls'])) continue;
    const registry = host.toLowerCase().replace(/^https?:\/\//, '');
    entries.push({ registry, runtime: distribution, hosts: [{ ...upstreamHost(registry, { localhostPlainHttp: true }), capabilities: ['pull', 'resolve'], ...tlsOf(configs, host) }], serverTried: true, blocked: false, prefix: registry, mirrorByDigestOnly: false, file });
  }
  return { entries, files: [file], upstreamDisabled: disabled };
}
