import { readProblem, type ConfigFiles } from './config-files.js';
import { hostPort, readHostUrl, upstreamHost } from './host-url.js';
import { escapeRegExp, lineMatching, parseJson } from './parse-text.js';
import type { ConfigIssue, RegistryEntry, RegistryHost } from './model.js';

// dockerd's daemon.json as it reads registry settings: `registry-mirrors` serve Docker Hub only,
// tried in order before registry-1.docker.io (dockerd falls back to Docker Hub itself); a mirror
// URL must be http:// or https:// with no path, credentials, query or fragment (moby's
// ValidateMirror), or dockerd does not start. `insecure-registries` (host[:port] or a CIDR) lets dockerd skip verification and fall back
// to HTTP for those hosts, mirrors included.

export const DAEMON_JSON = '/etc/docker/daemon.json';

const KNOWN = new Set(['registry-mirrors', 'insecure-registries']);

function lineOf(text: string, pattern: string): { line?: number } {
  const line = lineMatching(text, new RegExp(pattern));
  return line !== undefined ? { line } : {};
}

/** Whether a host falls in one of dockerd's insecure registries (a name, or an IPv4 CIDR). */
function isInsecure(host: string, insecure: readonly string[]): boolean {
  return insecure.some((entry) => {
    if (!entry.includes('/')) return entry.toLowerCase() === host;
    const [net, bits] = entry.split('/');
    const ip = host.split(':')[0] ?? '';
    const toNumber = (a: string): number | undefined => {
      const parts = a.split('.').map(Number);
      return parts.length === 4 && parts.every((p) => Number.isInteger(p) && p >= 0 && p <= 255) ? parts.reduce((n, p) => n * 256 + p, 0) : undefined;
    };
    const a = toNumber(ip);
    const b = toNumber(net ?? '');
    const n = Number(bits);
    if (a === undefined || b === undefined || !Number.isInteger(n) || n < 0 || n > 32) return false;
    const size = 2 ** (32 - n);
    return Math.floor(a / size) === Math.floor(b / size);
  });
}

export function readDockerDaemon(files: ConfigFiles, issues: ConfigIssue[]): { entries: RegistryEntry[]; files: string[] } | undefined {
  const read = files.read(DAEMON_JSON);
  if (read.kind === 'missing') return undefined;
  const fail = (detail: string, line?: number): { entries: RegistryEntry[]; files: string[] } => {
    issues.push({ code: 'mirror.config-invalid', severity: 'error', runtime: 'docker', file: DAEMON_JSON, detail, ...(line !== undefined ? { line } : {}) });
    return { entries: [], files: [DAEMON_JSON] };
  };
  if (read.kind !== 'text') return fail(`daemon.json ${readProblem(read, files.limits)}`);
  const text = read.text;
  const parsed = parseJson(text);
  if ('error' in parsed) return fail(`not valid JSON (${parsed.error}); dockerd does not start with it`, parsed.line);
  const doc = parsed.value;
  for (const key of Object.keys(doc).filter((k) => !KNOWN.has(k) && /regist|mirror|insecure/i.test(k))) {
    issues.push({ code: 'mirror.unknown-key', severity: 'error', runtime: 'docker', file: DAEMON_JSON, detail: `'${key}' is not a daemon.json setting (registry-mirrors and insecure-registries are); dockerd refuses to start with a key it does not know`, ...lineOf(text, `"${key}"\\s*:`) });
  }
  const strings = (key: string): string[] | undefined => {
    const value = doc[key];
    if (value === undefined) return [];
    return Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : undefined;
  };
  const insecure = strings('insecure-registries');
  const mirrors = strings('registry-mirrors');
  if (insecure === undefined) return fail('insecure-registries must be a list of strings; dockerd does not start with it', lineOf(text, '"insecure-registries"').line);
  if (mirrors === undefined) return fail('registry-mirrors must be a list of strings; dockerd does not start with it', lineOf(text, '"registry-mirrors"').line);
  const hosts: RegistryHost[] = [];
  for (const [index, mirror] of mirrors.entries()) {
    const at = lineOf(text, `"${escapeRegExp(mirror)}"`);
    const source = `${DAEMON_JSON}${at.line !== undefined ? `:${at.line}` : ` registry-mirrors[${index}]`}`;
    if (!/^https?:\/\//.test(mirror)) return fail(`registry mirror '${mirror}' has no http:// or https:// scheme; dockerd does not start with it`, at.line);
    const url = readHostUrl(mirror);
    if ('problem' in url) return fail(`registry mirror '${mirror}': ${url.problem}; dockerd does not start with it`, at.line);
    // moby's ValidateMirror: a path (a proxy cache's /v2/PROJECT) is refused; Docker mirrors only whole registries.
    if (url.url.path !== '') return fail(`registry mirror '${mirror}' has the path '${url.url.path}'; dockerd refuses a mirror URL with a path ("invalid mirror: path, query, or fragment at end of the URI") and does not start: a registry-mirrors entry must be the registry's root (Harbor's proxy caches are reached through containerd's hosts.toml, not dockerd)`, at.line);
    const loose = isInsecure(hostPort(url.url), insecure);
    hosts.push({
      url: { ...url.url, path: '/v2' },
      capabilities: ['pull', 'resolve'],
      caFiles: [],
      clientCertificates: [],
      skipVerify: loose,
      plainHttpFallback: loose || url.url.scheme === 'http',
      headerNames: [],
      overridePath: false,
      role: 'mirror',
      source,
    });
  }
  const hub = { ...upstreamHost('docker.io', { localhostPlainHttp: false }), capabilities: ['pull', 'resolve'] as const };
  const entries: RegistryEntry[] = [{ registry: 'docker.io', runtime: 'docker', hosts: [...hosts, hub], serverTried: true, blocked: false, prefix: 'docker.io', mirrorByDigestOnly: false, file: DAEMON_JSON }];
  for (const name of insecure.filter((i) => !i.includes('/'))) {
    const server = upstreamHost(name.toLowerCase(), { localhostPlainHttp: false });
    const at = lineOf(text, `"${escapeRegExp(name)}"`).line;
    entries.push({
      registry: name.toLowerCase(),
      runtime: 'docker',
      hosts: [{ ...server, capabilities: ['pull', 'resolve'], skipVerify: true, plainHttpFallback: true, source: `${DAEMON_JSON}${at !== undefined ? `:${at}` : ''}` }],
      serverTried: true,
      blocked: false,
      prefix: name.toLowerCase(),
      mirrorByDigestOnly: false,
      file: DAEMON_JSON,
    });
  }
  return { entries: mirrors.length > 0 ? entries : entries.slice(1), files: [DAEMON_JSON] };
}
