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
  // netreq fleet: a node that could not be checked (src/fleet/run/node-cause.ts), and a port its listener could not open.
  'node.unreachable',
  'node.ssh-auth',
  'node.host-key-changed',
  'node.host-key-unknown',
  'node.no-exec',
  'node.no-runtime',
  'node.timeout',
  'node.interrupted',
  'node.failed',
  'node.privileged-port',
  'registry.auth-unverified',
  'registry.auth-failed',
  'registry.probe-image-missing',
  'registry.image-missing',
  'registry.layer-blocked',
  'registry.layer-filtered',
  'registry.layer-stalled',
  'registry.digest-mismatch',
  'registry.pull-failed',
  'registry.rate-limit-low',
  'registry.discovered-host',
  'runtime.route-differs',
  'runtime.route-standing-in',
  'registry.via-mirror',
  'registry.mirror-used',
  'registry.mirror-fallback',
  'helm.via-site-repo',
  'helm.not-an-index',
  'mirror.config-invalid',
  'mirror.config-ignored',
  'mirror.config-conflict',
  'mirror.config-unused',
  'mirror.config-deprecated',
  'mirror.no-pull-capability',
  'mirror.no-resolve-capability',
  'mirror.ca-unreadable',
  'mirror.client-cert-unreadable',
  'mirror.path-appended',
  'mirror.unknown-key',
  'mirror.read-limit',
] as const;

export type CauseCode = (typeof CAUSE_CODES)[number];

const KNOWN: ReadonlySet<string> = new Set(CAUSE_CODES);

/** A code read from outside (a saved report, a scenario): one this version knows? */
export function isCauseCode(code: string): code is CauseCode {
  return KNOWN.has(code);
}

/**
 * Every root-cause code (src/diagnose/root-causes): one cause that explains several findings.
 * catalog/remediations.yaml holds their texts too; a root cause is never a finding's cause.
 */
export const ROOT_CAUSE_CODES = [
  /** The same resolver fails every public name (internal names work, or there are none). */
  'root.dns-public-unresolved',
  /** Every direct connection to a public host fails the same way. */
  'root.no-direct-egress',
  /** One TLS inspection CA, trusted nowhere, in front of many hosts. */
  'root.tls-inspection-ca',
  /** Every target through one proxy fails the same way at the proxy (auth, dead, deny-all). */
  'root.proxy-fails-all',
  /** A family of related hosts (one wildcard, one domain, a registry's CDN) blocked together. */
  'root.allowlist-family',
  /** NO_PROXY sends public hosts direct that only the proxy can reach. */
  'root.no-proxy-sends-direct',
  /** This machine's clock is wrong: dates and tokens fail. */
  'root.clock-wrong',
  /** IPv6 fails where IPv4 works, for every dual-stack host. */
  'root.ipv6-broken',
] as const;

export type RootCauseCode = (typeof ROOT_CAUSE_CODES)[number];

const ROOT_KNOWN: ReadonlySet<string> = new Set(ROOT_CAUSE_CODES);

/** A root-cause code this version knows? */
export function isRootCauseCode(code: string): code is RootCauseCode {
  return ROOT_KNOWN.has(code);
}
