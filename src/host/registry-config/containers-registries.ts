import { readProblem, type ConfigFiles } from './config-files.js';
import { registryName } from './host-url.js';
import { escapeRegExp, isTable, lineMatching, parseToml, stringOf, stringsOf, type Table } from './parse-text.js';
import type { ConfigIssue, RegistryEntry, RegistryHost, RegistryRuntime } from './model.js';

// registries.conf as containers/image (pkg/sysregistriesv2) loads it for CRI-O and Podman: the main
// file (v2, or v1 converted), then every *.conf of registries.conf.d in name order, which must be
// v2; entries merged by prefix, a later file's entry replacing an earlier one whole, the first of
// equal prefixes within a file kept. A file that fails validation fails the whole configuration:
// CRI-O does not start and every Podman pull errors.

export const REGISTRIES_CONF = '/etc/containers/registries.conf';
export const REGISTRIES_CONF_D = '/etc/containers/registries.conf.d';

const TOP_KEYS = new Set(['unqualified-search-registries', 'registry', 'short-name-mode', 'credential-helpers', 'aliases', 'additional-layer-store-auth-helper', 'registries']);
const REGISTRY_KEYS = new Set(['prefix', 'location', 'insecure', 'blocked', 'mirror-by-digest-only', 'mirror']);
const MIRROR_KEYS = new Set(['location', 'insecure', 'pull-from-mirror']);

class Invalid extends Error {}

/** parseLocation: trailing slashes dropped, a scheme refused. */
function location(value: unknown, what: string): string {
  if (value !== undefined && typeof value !== 'string') throw new Invalid(`${what} must be a string`);
  const trimmed = (value ?? '').replace(/\/+$/, '');
  if (/^https?:\/\//.test(trimmed)) throw new Invalid(`invalid location '${String(value)}': URI schemes are not supported`);
  return trimmed;
}

function bool(value: unknown, what: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw new Invalid(`${what} must be true or false`);
  return value;
}

/** A location `host[:port][/namespace]` as a host to pull from. */
function hostOf(loc: string, insecure: boolean, role: RegistryHost['role'], source: string): RegistryHost {
  const slash = loc.indexOf('/');
  const domain = slash === -1 ? loc : loc.slice(0, slash);
  const namespace = slash === -1 ? '' : loc.slice(slash + 1);
  const portMatch = /:(\d+)$/.exec(domain);
  const hub = registryName(domain) === 'docker.io';
  return {
    url: { scheme: 'https', host: hub ? 'registry-1.docker.io' : domain.replace(/:\d+$/, '').toLowerCase(), ...(portMatch?.[1] !== undefined && portMatch[1] !== '443' ? { port: Number(portMatch[1]) } : {}), path: '/v2' },
    capabilities: ['pull', 'resolve'],
    caFiles: [],
    clientCertificates: [],
    skipVerify: insecure,
    plainHttpFallback: insecure,
    headerNames: [],
    overridePath: false,
    role,
    ...(namespace !== '' ? { namespace } : {}),
    source,
  };
}

interface FileEntries {
  readonly entries: RegistryEntry[];
  readonly issues: ConfigIssue[];
}

function v1Registries(v1: Table): Table[] {
  const list = (key: string): string[] => (isTable(v1[key]) ? (stringsOf((v1[key] as Table)['registries']) ?? []) : []);
  const byLocation = new Map<string, Table>();
  for (const loc of list('insecure')) byLocation.set(loc, { ...byLocation.get(loc), location: loc, insecure: true });
  for (const loc of list('block')) byLocation.set(loc, { ...byLocation.get(loc), location: loc, blocked: true });
  return [...byLocation.values()];
}

/** One file's entries; `dropIn` files must be v2. */
function readFile(path: string, text: string, runtime: RegistryRuntime, dropIn: boolean): FileEntries {
  const issues: ConfigIssue[] = [];
  const parsed = parseToml(text);
  const invalid = (detail: string, line?: number): FileEntries => ({
    entries: [],
    issues: [{ code: 'mirror.config-invalid', severity: 'error', runtime, file: path, ...(line !== undefined ? { line } : {}), detail: `${detail}; the registries configuration does not load: CRI-O does not start and Podman refuses to pull` }],
  });
  if ('error' in parsed) return invalid(`not valid TOML (${parsed.error})`, parsed.line);
  const doc = parsed.value;
  for (const key of Object.keys(doc).filter((k) => !TOP_KEYS.has(k))) {
    issues.push({ code: 'mirror.unknown-key', severity: 'warning', runtime, file: path, detail: `'${key}' is not a registries.conf setting; it is ignored`, ...lineOf(text, key) });
  }
  const v1 = isTable(doc['registries']) ? doc['registries'] : undefined;
  const v2Set = doc['registry'] !== undefined || doc['unqualified-search-registries'] !== undefined;
  if (v1 !== undefined && dropIn) return invalid('a drop-in in the v1 format ([registries.search] and the like); drop-ins must be v2');
  if (v1 !== undefined && v2Set) return invalid('the v1 format ([registries.*]) and the v2 format ([[registry]]) are mixed');
  const tables = v1 !== undefined ? v1Registries(v1) : Array.isArray(doc['registry']) ? doc['registry'] : doc['registry'] === undefined ? [] : [doc['registry']];
  const entries: RegistryEntry[] = [];
  try {
    tables.forEach((table: unknown, index) => {
      if (!isTable(table)) throw new Invalid(`[[registry]] number ${index + 1} is not a table`);
      for (const key of Object.keys(table).filter((k) => !REGISTRY_KEYS.has(k))) {
        issues.push({ code: 'mirror.unknown-key', severity: 'warning', runtime, file: path, detail: `'${key}' is not a [[registry]] setting; it is ignored`, ...lineOf(text, key) });
      }
      const loc = location(table['location'], 'location');
      let prefix = location(table['prefix'], 'prefix');
      if (prefix === '') {
        if (loc === '') throw new Invalid('invalid condition: both location and prefix are unset');
        prefix = loc;
      } else if (!prefix.startsWith('*.') && loc === '') throw new Invalid(`location is unset and prefix '${prefix}' is not in the format *.example.com`);
      if (prefix.startsWith('*.') && /[/@:]/.test(prefix)) throw new Invalid(`wildcarded prefix '${prefix}' must be in the format *.example.com`);
      const digestOnly = bool(table['mirror-by-digest-only'], 'mirror-by-digest-only');
      const line = lineMatching(text, new RegExp(`^\\s*(?:location|prefix)\\s*=\\s*["']${escapeRegExp(loc || prefix)}/?["']`));
      const source = `${path}${line !== undefined ? `:${line}` : ''}`;
      const mirrorTables = table['mirror'] === undefined ? [] : Array.isArray(table['mirror']) ? table['mirror'] : [table['mirror']];
      const mirrors = mirrorTables.map((m: unknown): RegistryHost => {
        if (!isTable(m)) throw new Invalid(`a mirror of '${prefix}' is not a table`);
        for (const key of Object.keys(m).filter((k) => !MIRROR_KEYS.has(k))) {
          issues.push({ code: 'mirror.unknown-key', severity: 'warning', runtime, file: path, detail: `'${key}' is not a [[registry.mirror]] setting; it is ignored`, ...lineOf(text, key) });
        }
        const mirrorLoc = location(m['location'], 'mirror location');
        if (mirrorLoc === '') throw new Invalid(`a mirror of '${prefix}' has no location`);
        const pullFrom = stringOf(m['pull-from-mirror']) ?? '';
        if (pullFrom !== '' && !['all', 'digest-only', 'tag-only'].includes(pullFrom)) throw new Invalid(`unsupported pull-from-mirror value '${pullFrom}' for mirror '${mirrorLoc}'`);
        if (pullFrom !== '' && digestOnly) throw new Invalid(`mirror-by-digest-only for '${prefix}' and pull-from-mirror for its mirror '${mirrorLoc}' are both set`);
        const mirrorLine = lineMatching(text, new RegExp(`^\\s*location\\s*=\\s*["']${escapeRegExp(mirrorLoc)}/?["']`));
        const host = hostOf(mirrorLoc, bool(m['insecure'], 'mirror insecure'), 'mirror', `${path}${mirrorLine !== undefined ? `:${mirrorLine}` : ''}`);
        return pullFrom === 'digest-only' || pullFrom === 'tag-only' ? { ...host, pullFrom } : host;
      });
      const blocked = bool(table['blocked'], 'blocked');
      const server = loc === '' ? [] : [hostOf(loc, bool(table['insecure'], 'insecure'), 'server', source)];
      entries.push({
        registry: prefix.startsWith('*.') ? prefix : registryName(prefix.split('/')[0] ?? prefix),
        runtime,
        hosts: [...mirrors, ...server],
        serverTried: !blocked,
        blocked,
        prefix,
        mirrorByDigestOnly: digestOnly,
        file: path,
      });
    });
  } catch (error: unknown) {
    if (error instanceof Invalid) return invalid(error.message);
    throw error;
  }
  // Within a file the first of equal prefixes wins.
  const unique = entries.filter((e, i) => entries.findIndex((o) => o.prefix === e.prefix) === i);
  return { entries: unique, issues };
}

function lineOf(text: string, key: string): { line?: number } {
  const line = lineMatching(text, new RegExp(`^\\s*["']?${escapeRegExp(key)}["']?\\s*=`));
  return line !== undefined ? { line } : {};
}

/** The merged registries.conf and drop-ins; undefined when neither exists. */
export function readContainersRegistries(files: ConfigFiles, runtime: RegistryRuntime, issues: ConfigIssue[]): { entries: RegistryEntry[]; files: string[] } | undefined {
  const listing = files.list(REGISTRIES_CONF_D);
  const dropIns = listing.names.filter((n) => !n.endsWith('/') && n.endsWith('.conf')).map((n) => `${REGISTRIES_CONF_D}/${n}`);
  const byPrefix = new Map<string, RegistryEntry>();
  const read: string[] = [];
  let found = false;
  for (const [path, dropIn] of [[REGISTRIES_CONF, false], ...dropIns.map((p) => [p, true] as const)] as const) {
    const file = files.read(path);
    if (file.kind === 'missing') continue;
    found = true;
    if (file.kind !== 'text') {
      issues.push({ code: 'mirror.config-invalid', severity: 'error', runtime, file: path, detail: `the file ${readProblem(file, files.limits)}; the registries configuration does not load` });
      continue;
    }
    read.push(path);
    const result = readFile(path, file.text, runtime, dropIn);
    issues.push(...result.issues);
    for (const entry of result.entries) byPrefix.set(entry.prefix, entry);
  }
  if (!found) return undefined;
  return { entries: [...byPrefix.keys()].sort().map((k) => byPrefix.get(k)).filter((e): e is RegistryEntry => e !== undefined), files: read };
}
