import { inPrefix, ipBytes, isLoopbackIp, parseCidr, sameIp } from './ip-address.js';

/** One NO_PROXY entry as Go's httpproxy parses it. */
export type NoProxyEntry =
  | { readonly kind: 'all'; readonly raw: string }
  | { readonly kind: 'cidr'; readonly raw: string; readonly network: Uint8Array; readonly bits: number }
  | { readonly kind: 'ip'; readonly raw: string; readonly ip: Uint8Array; readonly port?: string }
  | { readonly kind: 'domain'; readonly raw: string; readonly suffix: string; readonly matchHost: boolean; readonly port?: string };

/** Go's net.SplitHostPort for the forms NO_PROXY entries take; undefined when there is no port. */
function splitHostPort(text: string): { host: string; port: string } | undefined {
  if (text.startsWith('[')) {
    const match = /^\[([^\]]*)\]:(\d*)$/.exec(text);
    return match ? { host: match[1] ?? '', port: match[2] ?? '' } : undefined;
  }
  const colon = text.lastIndexOf(':');
  if (colon < 0 || text.indexOf(':') !== colon) return undefined;
  return { host: text.slice(0, colon), port: text.slice(colon + 1) };
}

/** Parses NO_PROXY as Go does: comma-separated, trimmed, lower-cased; malformed entries are ignored. */
export function parseNoProxy(value: string): NoProxyEntry[] {
  const entries: NoProxyEntry[] = [];
  for (const part of value.split(',')) {
    const raw = part.trim().toLowerCase();
    if (!raw) continue;
    if (raw === '*') return [{ kind: 'all', raw }];
    const cidr = parseCidr(raw);
    if (cidr) {
      entries.push({ kind: 'cidr', raw, ...cidr });
      continue;
    }
    const split = splitHostPort(raw);
    if (split && !split.host) continue;
    const host = split ? split.host : raw;
    const port = split?.port;
    const ip = ipBytes(host);
    if (ip) {
      entries.push(port ? { kind: 'ip', raw, ip, port } : { kind: 'ip', raw, ip });
      continue;
    }
    let suffix = host.startsWith('*.') ? host.slice(1) : host;
    const matchHost = !suffix.startsWith('.');
    if (matchHost) suffix = `.${suffix}`;
    entries.push(port ? { kind: 'domain', raw, suffix, matchHost, port } : { kind: 'domain', raw, suffix, matchHost });
  }
  return entries;
}

export interface GoNoProxyMatch {
  /** False: go direct. */
  readonly useProxy: boolean;
  /** The entry (or `localhost` / `loopback`) that sent the request direct. */
  readonly matched?: string;
}

function portMatches(entryPort: string | undefined, port: string): boolean {
  return entryPort === undefined || entryPort === '' || entryPort === port;
}

/** Go's useProxy: localhost and loopback never proxied; IP entries for IP hosts, then domain entries. */
export function goUseProxy(host: string, port: number, entries: readonly NoProxyEntry[]): GoNoProxyMatch {
  const name = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (name === 'localhost') return { useProxy: false, matched: 'localhost' };
  const ip = ipBytes(name);
  if (ip && isLoopbackIp(ip)) return { useProxy: false, matched: 'loopback' };
  const portText = String(port);
  if (ip) {
    for (const entry of entries) {
      if (entry.kind === 'all') return { useProxy: false, matched: entry.raw };
      if (entry.kind === 'cidr' && inPrefix(ip, entry.network, entry.bits)) return { useProxy: false, matched: entry.raw };
      if (entry.kind === 'ip' && sameIp(entry.ip, ip) && portMatches(entry.port, portText)) return { useProxy: false, matched: entry.raw };
    }
  }
  for (const entry of entries) {
    if (entry.kind === 'all') return { useProxy: false, matched: entry.raw };
    if (entry.kind !== 'domain') continue;
    const hit = name.endsWith(entry.suffix) || (entry.matchHost && name === entry.suffix.slice(1));
    if (hit && portMatches(entry.port, portText)) return { useProxy: false, matched: entry.raw };
  }
  return { useProxy: true };
}

export interface CurlNoProxyMatch {
  readonly bypass: boolean;
  readonly matched?: string;
  /** The match needed CIDR support, which curl has only since 7.86.0. */
  readonly cidr?: boolean;
}

/**
 * curl's Curl_check_noproxy (7.86+): `*` only as the whole value; blanks or commas separate;
 * a leading or trailing dot is ignored, so `.example.com` also matches `example.com`; no
 * ports, no `*.` wildcards; IP and CIDR entries only for IP hosts; no localhost exception.
 */
export function curlNoProxy(host: string, value: string): CurlNoProxyMatch {
  if (value === '*') return { bypass: true, matched: '*' };
  let name = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  const ip = ipBytes(name);
  if (!ip && name.endsWith('.')) name = name.slice(0, -1);
  for (const token of curlTokens(value)) {
    if (ip) {
      const slash = token.indexOf('/');
      const address = slash < 0 ? token : token.slice(0, slash);
      const network = ipBytes(address);
      if (!network || network.length !== ip.length) continue;
      // curl reads bits with atoi: 0 or absent compares the whole address.
      const bitsRaw = slash < 0 ? 0 : Number.parseInt(token.slice(slash + 1), 10) || 0;
      const bits = bitsRaw === 0 ? ip.length * 8 : bitsRaw;
      if (inPrefix(ip, network, bits)) return slash < 0 ? { bypass: true, matched: token } : { bypass: true, matched: token, cidr: true };
      continue;
    }
    let pattern = token.toLowerCase();
    if (pattern.endsWith('.')) pattern = pattern.slice(0, -1);
    if (pattern.startsWith('.')) pattern = pattern.slice(1);
    if (!pattern) continue;
    if (name === pattern || name.endsWith(`.${pattern}`)) return { bypass: true, matched: token };
  }
  return { bypass: false };
}

/** curl's tokenizer: skip blanks, read to a blank or comma; a token not followed by a comma ends the list. */
function curlTokens(value: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  const blank = (c: string | undefined): boolean => c === ' ' || c === '\t';
  while (i < value.length) {
    while (blank(value[i])) i++;
    const start = i;
    while (i < value.length && !blank(value[i]) && value[i] !== ',') i++;
    if (i > start) tokens.push(value.slice(start, i));
    while (blank(value[i])) i++;
    if (value[i] !== ',') break;
    while (value[i] === ',') i++;
  }
  return tokens;
}
