/**
 * Every cause and note code netreq can give, one source for the union type `CauseCode`.
 * catalog/remediations.yaml holds the texts of exactly these codes (a test checks both
 * directions), so a judge typed with `CauseCode` cannot return a code that has no remediation.
 */
export const CAUSE_CODES = [
  'dns.nxdomain',
  'dns.servfail',
  'dns.timeout',
  'dns.resolver-unreachable',
  'dns.resolver-slow',
  'dns.refused',
  'dns.no-address',
  'dns.sinkhole',
  'dns.mismatch',
  'dns.private-endpoint',
  'dns.local-only',
  'tcp.refused',
  'tcp.timeout',
  'tcp.reset',
  'tcp.unreachable',
  'tcp.family-partial',
  'proxy.unreachable',
  'proxy.auth-required',
  'proxy.denied',
  'proxy.upstream-failed',
  'proxy.dns-failed',
  'proxy.bypassed',
  'proxy.no-proxy-differs',
  'proxy.site-host',
  'tls.intercepted',
  'tls.untrusted',
  'tls.hostname-mismatch',
  'tls.expired',
  'tls.not-yet-valid',
  'tls.handshake-timeout',
  'tls.handshake-failed',
  'http.blocked',
  'http.unexpected-status',
  'http.timeout',
  'http.rate-limited',
  'ssh.no-banner',
  'ssh.not-ssh',
  'clock.skew',
  'input.missing',
  'input.wildcard-unresolved',
  'check.manual',
  'check.interrupted',
  'check.local-limit',
  'check.time-limit',
  'check.error',
  'udp.no-reply',
  'target.retired',
  'peer.refused',
  'peer.timeout',
  'peer.unreachable',
  'peer.no-echo',
  'peer.other-service',
  'peer.expected-service',
  'peer.token-mismatch',
  'peer.token-unchecked',
  'runtime.proxy-missing',
  'runtime.proxy-differs',
  'runtime.no-proxy-incomplete',
] as const;

export type CauseCode = (typeof CAUSE_CODES)[number];

const KNOWN: ReadonlySet<string> = new Set(CAUSE_CODES);

/** A code read from outside (a saved report, a scenario): one this version knows? */
export function isCauseCode(code: string): code is CauseCode {
  return KNOWN.has(code);
}
