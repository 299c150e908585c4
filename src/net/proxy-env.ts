import { maskUrlUserinfo } from '../mask-userinfo.js';
import { readProxyUrl } from '../proxy-url.js';

/** A proxy URL from the environment or `--proxy`, checked. */
export interface ProxySettings {
  readonly httpsProxy?: URL;
  readonly httpProxy?: URL;
  readonly noProxy: string;
  /** Which variable each value came from, for evidence (`HTTPS_PROXY`, `https_proxy`, `--proxy`...). */
  readonly sources: { readonly httpsProxy?: string; readonly httpProxy?: string; readonly noProxy?: string };
  /** Where curl would read the environment differently (both cases set to different values). */
  readonly curlNotes: readonly string[];
}

const DEFAULT_PORTS: Readonly<Record<string, string>> = { 'http:': '80', 'https:': '443' };

/** Masks the password of a URL-ish text that may not parse (for error messages). */
export const redactText = maskUrlUserinfo;

/** `http://user:***@proxy:3128`: the password masked, the user kept, no path. */
export function redactUrl(url: URL | string): string {
  const parsed = typeof url === 'string' ? safeUrl(url) : url;
  if (!parsed) return redactText(String(url));
  const user = parsed.username ? `${parsed.username}${parsed.password ? ':***' : ''}@` : '';
  return `${parsed.protocol}//${user}${parsed.host}`;
}

function safeUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

/** The port a proxy URL listens on, defaults included. */
export function proxyPort(url: URL): number {
  return Number(url.port || DEFAULT_PORTS[url.protocol] || '80');
}

/**
 * Parses a proxy as Go does: a full `http://` or `https://` URL, or a bare `host:port` that
 * gets `http://`. Throws a clear error naming the (redacted) value otherwise.
 */
export function parseProxyUrl(text: string, what = 'proxy'): URL {
  const read = readProxyUrl(text);
  if ('problem' in read) throw new Error(`${what}: ${read.problem}`);
  return read.url;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Go's getEnvAny: the first non-empty of the names, upper case first. */
function pick(env: Env, upper: string, lower: string): { value: string; name: string } | undefined {
  for (const name of [upper, lower]) {
    const value = env[name];
    if (value) return { value, name };
  }
  return undefined;
}

/**
 * The proxy environment as Go's httpproxy.FromEnvironment reads it (what containerd, kubelet
 * and Helm use): HTTPS_PROXY, HTTP_PROXY, NO_PROXY, the upper-case name winning when both
 * cases are set. Throws for a proxy value that does not parse, naming the variable.
 */
export function proxyFromEnv(env: Env): ProxySettings {
  const https = pick(env, 'HTTPS_PROXY', 'https_proxy');
  const http = pick(env, 'HTTP_PROXY', 'http_proxy');
  const noProxy = pick(env, 'NO_PROXY', 'no_proxy');
  const curlNotes: string[] = [];
  for (const [upper, lower] of [['HTTPS_PROXY', 'https_proxy'], ['HTTP_PROXY', 'http_proxy'], ['NO_PROXY', 'no_proxy']] as const) {
    const u = env[upper];
    const l = env[lower];
    if (u && l && u !== l) curlNotes.push(`${upper} and ${lower} differ: Go uses ${upper}, curl uses ${lower}`);
  }
  if (env['HTTP_PROXY'] && !env['http_proxy']) {
    curlNotes.push('curl ignores upper-case HTTP_PROXY (it reads only http_proxy) for http:// URLs');
  }
  const sources: { httpsProxy?: string; httpProxy?: string; noProxy?: string } = {};
  if (https) sources.httpsProxy = https.name;
  if (http) sources.httpProxy = http.name;
  if (noProxy) sources.noProxy = noProxy.name;
  return {
    ...(https ? { httpsProxy: parseProxyUrl(https.value, https.name) } : {}),
    ...(http ? { httpProxy: parseProxyUrl(http.value, http.name) } : {}),
    noProxy: noProxy?.value ?? '',
    sources,
    curlNotes,
  };
}

export interface ProxyFlags {
  /** `--proxy URL`: overrides HTTPS_PROXY and HTTP_PROXY. */
  readonly proxy?: string | undefined;
  /** `--no-proxy LIST`: overrides NO_PROXY. */
  readonly noProxy?: string | undefined;
  /** Where `proxy` came from, for evidence: `--proxy` (default) or `answers` (an answers file's proxy, the shell's stand-in). */
  readonly proxySource?: '--proxy' | 'answers';
}

/** The environment's proxy settings with `--proxy` and `--no-proxy` applied on top. Throws for a bad value. */
export function resolveProxySettings(env: Env, flags: ProxyFlags = {}): ProxySettings {
  const fromEnv = proxyFromEnv(env);
  let settings: ProxySettings = fromEnv;
  if (flags.proxy !== undefined) {
    const label = flags.proxySource ?? '--proxy';
    const url = parseProxyUrl(flags.proxy, label);
    settings = {
      httpsProxy: url,
      httpProxy: url,
      noProxy: fromEnv.noProxy,
      sources: { ...fromEnv.sources, httpsProxy: label, httpProxy: label },
      curlNotes: [],
    };
  }
  if (flags.noProxy !== undefined) {
    settings = { ...settings, noProxy: flags.noProxy, sources: { ...settings.sources, noProxy: '--no-proxy' } };
  }
  return settings;
}
