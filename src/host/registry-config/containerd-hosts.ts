import { readProblem, type ConfigFiles } from './config-files.js';
import { containerdApiPath, hostUrlText, readHostUrl, upstreamHost } from './host-url.js';
import { isTable, lineMatching, parseToml, stringOf, tomlKeyPattern, type Table } from './parse-text.js';
import { certFilesIn } from './tls-files.js';
import type { ClientCertificate, ConfigIssue, ContainerdGeneration, HostCapability, RegistryEntry, RegistryHost, RegistryRuntime } from './model.js';

// One registry's folder under containerd's config_path, read as containerd's
// remotes/docker/config/hosts.go reads it (loadHostDir, parseHostsFile, parseHostConfig):
// `[host."URL"]` tables in file order, then `server` (or the registry itself) last; a file that
// does not parse, or that parseHostConfig refuses, is dropped whole and the folder's Docker-style
// certificate files (*.crt, *.cert/*.key) are used with the upstream instead.

export interface HostsFolder {
  /** The registry it configures (`harbor.corp:8443` for a folder `harbor.corp_8443_`), or `_default`. */
  readonly registry: string;
  /** The folder on the machine: `/etc/containerd/certs.d/docker.io`. */
  readonly folder: string;
  readonly runtime: RegistryRuntime;
  readonly generation: ContainerdGeneration;
}

const HOST_KEYS = new Set(['capabilities', 'ca', 'client', 'skip_verify', 'header', 'override_path', 'dial_timeout']);
const TOP_KEYS = new Set([...HOST_KEYS, 'server', 'host']);

/** Why containerd refuses a value; it then drops the whole file. */
class Refused extends Error {}

function absolute(path: string, folder: string): string {
  return path.startsWith('/') ? path : `${folder}/${path}`.replace(/\/\.\//g, '/');
}

function capabilitiesOf(value: unknown, generation: ContainerdGeneration): HostCapability[] {
  if (value === undefined) return ['pull', 'resolve', 'push'];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new Refused('capabilities must be a list of strings');
  if (value.length === 0) return ['pull', 'resolve', 'push'];
  const known = generation === '1.x' ? ['pull', 'resolve', 'push'] : ['pull', 'resolve', 'push', 'referrers'];
  const out = new Set<HostCapability>();
  for (const c of value as string[]) {
    const lower = c.toLowerCase();
    if (!known.includes(lower)) throw new Refused(`unknown capability '${c}' (containerd ${generation} knows ${known.join(', ')})`);
    if (lower !== 'referrers') out.add(lower as HostCapability);
  }
  return [...out];
}

function caFilesOf(value: unknown, folder: string): string[] {
  if (value === undefined) return [];
  if (typeof value === 'string') return [absolute(value, folder)];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return (value as string[]).map((v) => absolute(v, folder));
  throw new Refused('ca must be a file name or a list of them');
}

function clientOf(value: unknown, folder: string): ClientCertificate[] {
  if (value === undefined) return [];
  if (typeof value === 'string') return [{ cert: absolute(value, folder) }];
  if (!Array.isArray(value)) throw new Refused('client must be a file, a list of files or a list of [cert, key] pairs');
  return value.map((item: unknown) => {
    if (typeof item === 'string') return { cert: absolute(item, folder) };
    if (Array.isArray(item) && item.length === 2 && item.every((v) => typeof v === 'string')) {
      // An empty key: the key is in the certificate's file.
      const key = String(item[1]);
      return { cert: absolute(String(item[0]), folder), ...(key !== '' ? { key: absolute(key, folder) } : {}) };
    }
    throw new Refused('each client entry must be a file or a [cert, key] pair');
  });
}

function headerNamesOf(value: unknown): string[] {
  if (value === undefined) return [];
  if (!isTable(value)) throw new Refused('header must be a table of names and values');
  for (const [name, v] of Object.entries(value)) {
    if (typeof v !== 'string' && !(Array.isArray(v) && v.every((x) => typeof x === 'string'))) throw new Refused(`header '${name}' must be a string or a list of strings`);
  }
  return Object.keys(value);
}

function boolOf(value: unknown, key: string): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  throw new Refused(`${key} must be true or false`);
}

/** parseHostConfig's reading of one table: `name` is the host key or `server` (empty: the registry's own). */
function hostOf(name: string, table: Table, role: RegistryHost['role'], source: string, context: HostsFolder): Omit<RegistryHost, 'url'> & { url?: RegistryHost['url'] } {
  const overridePath = boolOf(table['override_path'], 'override_path') ?? false;
  const common = {
    capabilities: capabilitiesOf(table['capabilities'], context.generation),
    caFiles: caFilesOf(table['ca'], context.folder),
    clientCertificates: clientOf(table['client'], context.folder),
    skipVerify: boolOf(table['skip_verify'], 'skip_verify') ?? false,
    headerNames: headerNamesOf(table['header']),
    overridePath,
    role,
    source,
  };
  if (name === '') return { ...common, plainHttpFallback: false };
  // containerd puts https:// before anything that does not start with "http".
  const read = readHostUrl(name.startsWith('http') ? name : `https://${name}`);
  if ('problem' in read) throw new Refused(`unable to parse server ${name}: ${read.problem}`);
  const url = { ...read.url, path: containerdApiPath(read.url.path, overridePath) };
  return { ...common, url, plainHttpFallback: url.scheme === 'http' };
}

export interface HostsFolderRead {
  readonly entry: RegistryEntry;
  readonly issues: ConfigIssue[];
}

function entryOf(context: HostsFolder, file: string, hosts: RegistryHost[], upstream: RegistryEntry['upstream']): RegistryEntry {
  return {
    registry: context.registry,
    runtime: context.runtime,
    hosts,
    serverTried: true,
    blocked: false,
    prefix: context.registry,
    mirrorByDigestOnly: false,
    file,
    ...(upstream !== undefined ? { upstream } : {}),
  };
}

/** The folder without a usable hosts.toml: the upstream, with the folder's certificate files. */
function certificateFallback(context: HostsFolder, files: ConfigFiles, file: string): RegistryEntry {
  const certs = certFilesIn(files, context.folder);
  const settings = { ...certs, skipVerify: false, headerNames: [], source: context.folder };
  const upstream = { ...settings, capabilities: ['pull', 'resolve', 'push'] as const };
  if (context.registry === '_default') return entryOf(context, file, [], upstream);
  return entryOf(context, file, [{ ...upstreamHost(context.registry, { localhostPlainHttp: true }), ...settings }], undefined);
}

export function readHostsFolder(context: HostsFolder, files: ConfigFiles): HostsFolderRead {
  const file = `${context.folder}/hosts.toml`;
  const issue = (code: ConfigIssue['code'], severity: ConfigIssue['severity'], detail: string, line?: number): ConfigIssue => ({
    code, severity, runtime: context.runtime, file, registry: context.registry, detail, ...(line !== undefined ? { line } : {}),
  });
  const read = files.read(file);
  if (read.kind === 'missing' || (read.kind === 'text' && read.text.length === 0)) return { entry: certificateFallback(context, files, file), issues: [] };
  if (read.kind !== 'text') {
    return { entry: certificateFallback(context, files, file), issues: [issue('mirror.config-invalid', 'error', `hosts.toml ${readProblem(read, files.limits)}; containerd fails the pulls from ${context.registry} it cannot read it for`)] };
  }
  const text = read.text;
  const parsed = parseToml(text);
  const dropped = `containerd ignores the file and pulls from ${context.registry === '_default' ? 'each registry' : context.registry} itself, with only the folder's *.crt files`;
  if ('error' in parsed) {
    return { entry: certificateFallback(context, files, file), issues: [issue('mirror.config-invalid', 'error', `not valid TOML (${parsed.error}); ${dropped}`, parsed.line)] };
  }
  const doc = parsed.value;
  const hostTable = doc['host'];
  if (!isTable(hostTable) && context.generation === '1.x') {
    const lost = [stringOf(doc['server']) !== undefined ? `server ${String(doc['server'])}` : undefined, doc['ca'] !== undefined ? 'its ca' : undefined].filter((x) => x !== undefined).join(' and ');
    return {
      entry: certificateFallback(context, files, file),
      issues: [issue('mirror.config-ignored', 'error', `no [host."..."] table: containerd 1.x rejects the file ("invalid \`host\` tree"), so ${dropped}${lost !== '' ? `; ${lost} ${lost.includes(' and ') ? 'are' : 'is'} not used` : ''}`, 1)],
    };
  }
  const issues: ConfigIssue[] = [];
  for (const key of Object.keys(doc).filter((k) => !TOP_KEYS.has(k))) {
    issues.push(issue('mirror.unknown-key', 'warning', `'${key}' is not a hosts.toml setting; containerd ignores it`, lineMatching(text, new RegExp(`^\\s*\\[?\\s*${tomlKeyPattern(key)}\\s*[=\\].]`))));
  }
  const hosts: RegistryHost[] = [];
  let upstream: RegistryEntry['upstream'];
  try {
    for (const [name, table] of Object.entries(isTable(hostTable) ? hostTable : {})) {
      const line = lineMatching(text, new RegExp(`^\\s*\\[\\s*host\\s*\\.\\s*${tomlKeyPattern(name)}\\s*\\]`));
      const source = `${file}${line !== undefined ? `:${line}` : ''}`;
      const settings = isTable(table) ? table : {};
      for (const key of Object.keys(settings).filter((k) => !HOST_KEYS.has(k))) {
        issues.push(issue('mirror.unknown-key', 'warning', `'${key}' is not a setting of [host."${name}"]; containerd ignores it`, line));
      }
      const host = hostOf(name, settings, 'mirror', source, context);
      if (host.url !== undefined) hosts.push({ ...host, url: host.url });
    }
    const server = stringOf(doc['server']) ?? '';
    if (doc['server'] !== undefined && typeof doc['server'] !== 'string') throw new Refused('server must be a URL string');
    const serverLine = lineMatching(text, /^\s*server\s*=/);
    const root = hostOf(server, doc, 'server', `${file}${serverLine !== undefined ? `:${serverLine}` : ''}`, context);
    if (root.url !== undefined) hosts.push({ ...root, url: root.url });
    else if (context.registry === '_default') upstream = { capabilities: ['pull', 'resolve', 'push'], caFiles: root.caFiles, clientCertificates: root.clientCertificates, skipVerify: root.skipVerify, headerNames: root.headerNames, source: file };
    else {
      // No server: the registry itself (ConfigureHosts' default host), with the file's top-level TLS settings.
      const own = upstreamHost(context.registry, { localhostPlainHttp: true });
      hosts.push({ ...own, caFiles: root.caFiles, clientCertificates: root.clientCertificates, skipVerify: root.skipVerify || own.skipVerify, headerNames: root.headerNames, source: file });
    }
  } catch (error: unknown) {
    if (!(error instanceof Refused)) throw error;
    return { entry: certificateFallback(context, files, file), issues: [...issues, issue('mirror.config-invalid', 'error', `containerd refuses it: ${error.message}; ${dropped}`)] };
  }
  for (const host of hosts.filter((h) => h.role === 'mirror')) {
    const at = Number(/:(\d+)$/.exec(host.source)?.[1]) || undefined;
    const name = hostUrlText(host.url);
    if (!host.capabilities.includes('pull')) issues.push(issue('mirror.no-pull-capability', 'warning', `${name} has no "pull" capability: containerd never fetches images from it`, at));
    else if (!host.capabilities.includes('resolve')) issues.push(issue('mirror.no-resolve-capability', 'info', `${name} has no "resolve" capability: tags are resolved at the next host (the upstream, unless another mirror resolves), and a pull by tag fails where that host cannot be reached`, at));
  }
  for (const [name, table] of Object.entries(isTable(hostTable) ? hostTable : {})) {
    const url = readHostUrl(name.startsWith('http') ? name : `https://${name}`);
    const override = isTable(table) && table['override_path'] === true;
    if ('url' in url && url.url.path !== '' && !url.url.path.endsWith('/v2') && !override) {
      const line = lineMatching(text, new RegExp(`^\\s*\\[\\s*host\\s*\\.\\s*${tomlKeyPattern(name)}\\s*\\]`));
      issues.push(issue('mirror.path-appended', 'warning', `containerd appends /v2 to the path of ${name} and asks ${hostUrlText({ ...url.url, path: `${url.url.path}/v2` })}/...; a proxy cache's path (Harbor's /v2/PROJECT, Artifactory's) needs override_path = true`, line));
    }
  }
  return { entry: entryOf(context, file, hosts, upstream), issues };
}
