import { curlNoProxy, goUseProxy, parseNoProxy } from './no-proxy.js';

export interface ProxyTarget {
  readonly scheme: string;
  readonly host: string;
  readonly port: number;
}

export interface ProxyChoice {
  readonly httpsProxy?: URL | undefined;
  readonly httpProxy?: URL | undefined;
  readonly noProxy: string;
  /** Where the values came from (see `proxyFromEnv`): curl ignores an upper-case HTTP_PROXY. */
  readonly sources?: { readonly httpProxy?: string | undefined };
}

export interface ProxyDecision {
  readonly via: 'direct' | 'proxy';
  readonly proxy?: URL;
  /** The NO_PROXY entry (or `localhost` / `loopback`) that sent the request direct. */
  readonly matched?: string;
  /** How curl (and tools following it) would decide differently, when it would. */
  readonly curlDiffers?: string;
}

/**
 * Direct or through which proxy, as Go's net/http decides (httpproxy.ProxyFunc): the
 * scheme's proxy unless NO_PROXY or the localhost rule sends it direct. Says where curl differs.
 */
export function decideProxy(target: ProxyTarget, settings: ProxyChoice): ProxyDecision {
  const scheme = target.scheme.toLowerCase();
  const proxy = scheme === 'https' ? settings.httpsProxy : scheme === 'http' ? settings.httpProxy : undefined;
  if (!proxy) return { via: 'direct' };
  const go = goUseProxy(target.host, target.port, parseNoProxy(settings.noProxy));
  if (go.useProxy && scheme === 'http' && settings.sources?.httpProxy === 'HTTP_PROXY') {
    return { via: 'proxy', proxy, curlDiffers: 'curl goes direct: it ignores upper-case HTTP_PROXY for http:// URLs' };
  }
  const curl = curlNoProxy(target.host, settings.noProxy);
  const curlDiffers = describeCurl(go.useProxy, go.matched, curl);
  const base: ProxyDecision = go.useProxy ? { via: 'proxy', proxy } : { via: 'direct', ...(go.matched ? { matched: go.matched } : {}) };
  return curlDiffers ? { ...base, curlDiffers } : base;
}

function describeCurl(goProxies: boolean, goMatched: string | undefined, curl: ReturnType<typeof curlNoProxy>): string | undefined {
  if (goProxies && curl.bypass) {
    return `curl goes direct (NO_PROXY entry "${curl.matched ?? ''}" matches for curl, not for Go)`;
  }
  if (!goProxies && !curl.bypass) {
    if (goMatched === 'localhost' || goMatched === 'loopback') return 'curl uses the proxy: it has no built-in localhost exception';
    return `curl uses the proxy: it does not read the entry "${goMatched ?? ''}" as Go does (no ports, no "*." wildcards, "*" only alone)`;
  }
  if (!goProxies && curl.cidr) return `curl before 7.86 uses the proxy: CIDR entries such as "${curl.matched ?? ''}" need curl 7.86 or later`;
  return undefined;
}
