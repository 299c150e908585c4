import type { PullHop } from '../../schema/index.js';

type HeaderValue = string | string[] | undefined;

/** The URL as recorded: without its query (a signed URL's signature is a secret), and whether one was cut. */
export function recordedUrl(url: URL): { readonly url: string; readonly queryStripped?: true } {
  const bare = `${url.origin}${url.pathname}`;
  return url.search ? { url: bare, queryStripped: true } : { url: bare };
}

const KEPT = ['content-type', 'docker-content-digest', 'www-authenticate', 'ratelimit-limit', 'ratelimit-remaining'];

function first(value: HeaderValue): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The headers of interest, bounded; of `Location` only its host (its query may carry a signature). */
export function headersOfInterest(headers: Readonly<Record<string, HeaderValue>>, base: URL): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of KEPT) {
    const value = first(headers[name]);
    if (value !== undefined) kept[name] = value.slice(0, 500);
  }
  const location = first(headers['location']);
  if (location !== undefined) {
    try {
      kept['location-host'] = new URL(location, base).host;
    } catch {
      kept['location-host'] = '(unparsable)';
    }
  }
  return kept;
}

/** A hop's outcome from an error's code (never its message). */
export function outcomeOfCode(code: string): string {
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT') return 'timeout';
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET') return 'reset';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'NXDOMAIN' || code === 'SERVFAIL') return 'dns-error';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'unreachable';
  if (code === 'ABORT_ERR' || code === 'UND_ERR_ABORTED') return 'aborted';
  if (/^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED)/.test(code)) return 'tls-error';
  return 'error';
}

/** `host:port` of a URL, the port always written. */
export function authorityOf(url: URL): string {
  return `${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`;
}

export function portOf(url: URL): number {
  return Number(url.port || (url.protocol === 'https:' ? 443 : 80));
}

export type HopBase = Pick<PullHop, 'purpose' | 'method' | 'url' | 'queryStripped' | 'host' | 'port' | 'credential'>;
