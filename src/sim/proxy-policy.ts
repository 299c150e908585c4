import type { ProxyMode, ProxySpec } from './schema.js';
import type { SquidError } from './squid-errors.js';

/** Squid's `dstdomain` semantics: `.example.com` is the domain and everything under it; `*.x` only under it. */
export function hostMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  const h = host.toLowerCase().replace(/\.$/, '');
  if (p.startsWith('*.')) return h.endsWith(p.slice(1));
  if (p.startsWith('.')) return h === p.slice(1) || h.endsWith(p);
  return h === p;
}

export function anyMatches(patterns: readonly string[] | undefined, host: string): boolean {
  return patterns !== undefined && patterns.some((pattern) => hostMatches(pattern, host));
}

export function proxyModes(spec: ProxySpec): readonly ProxyMode[] {
  return Array.isArray(spec.mode) ? spec.mode : [spec.mode];
}

export type AuthOutcome = { readonly hadCredentials: boolean; readonly authorized: boolean };

/** Checks a `Proxy-Authorization` header; only Basic can succeed, and only when the proxy offers it. */
export function checkAuth(spec: ProxySpec, header: string | undefined): AuthOutcome {
  const hadCredentials = header !== undefined && header.trim() !== '';
  if (!proxyModes(spec).includes('auth')) return { hadCredentials, authorized: true };
  const expected = spec.credentials;
  if (!hadCredentials || expected === undefined || !spec.offer.includes('Basic')) return { hadCredentials, authorized: false };
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (match?.[1] === undefined) return { hadCredentials, authorized: false };
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  return { hadCredentials, authorized: decoded === `${expected.user}:${expected.password}` };
}

export function challengeHeaders(spec: ProxySpec): ReadonlyArray<readonly [string, string]> {
  return spec.offer.map((scheme) => ['Proxy-Authenticate', scheme === 'Basic' ? `Basic realm="${spec.realm}"` : scheme] as const);
}

export type PolicyVerdict =
  | { readonly kind: 'pass' }
  | { readonly kind: 'refuse'; readonly error: SquidError; readonly errno: number; readonly challenge?: boolean };

/** What the proxy decides before it tries the upstream: authentication, then its ACLs, then a failing upstream. */
export function policyVerdict(spec: ProxySpec, host: string, auth: AuthOutcome): PolicyVerdict {
  const modes = proxyModes(spec);
  if (!auth.authorized) return { kind: 'refuse', error: 'ERR_CACHE_ACCESS_DENIED', errno: 0, challenge: true };
  const denied = anyMatches(spec.deny, host) || (spec.allow !== undefined && !anyMatches(spec.allow, host));
  if (denied) return { kind: 'refuse', error: 'ERR_ACCESS_DENIED', errno: 0 };
  if (modes.includes('upstream-fail') && (spec.upstreamFail === undefined || anyMatches(spec.upstreamFail, host))) {
    return spec.upstreamStatus === 502
      ? { kind: 'refuse', error: 'ERR_READ_ERROR', errno: 104 }
      : { kind: 'refuse', error: 'ERR_CONNECT_FAIL', errno: 111 };
  }
  return { kind: 'pass' };
}

export function intercepts(spec: ProxySpec, host: string): boolean {
  return proxyModes(spec).includes('intercept') && !anyMatches(spec.noIntercept, host);
}
