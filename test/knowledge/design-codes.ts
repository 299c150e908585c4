/** DESIGN.md, "Steps and cause codes": every code of its table. */
export const DESIGN_CODES: readonly string[] = [
  'dns.nxdomain', 'dns.servfail', 'dns.timeout', 'dns.refused', 'dns.no-address', 'dns.sinkhole', 'dns.mismatch',
  'tcp.refused', 'tcp.timeout', 'tcp.reset', 'tcp.unreachable', 'tcp.family-partial',
  'tls.intercepted', 'tls.untrusted', 'tls.hostname-mismatch', 'tls.expired', 'tls.not-yet-valid', 'tls.handshake-timeout', 'tls.handshake-failed',
  'proxy.unreachable', 'proxy.auth-required', 'proxy.denied', 'proxy.upstream-failed', 'proxy.dns-failed', 'proxy.bypassed',
  'http.blocked', 'http.unexpected-status', 'http.timeout', 'http.rate-limited',
  'ssh.no-banner', 'ssh.not-ssh',
  'clock.skew', 'input.wildcard-unresolved', 'input.missing',
];

/** Codes the classifier adds beyond the table: causes for what the table leaves open, and notes. */
export const ADDED_CODES: readonly string[] = [
  'check.manual', 'check.interrupted', 'check.time-limit', 'check.local-limit', 'check.error', 'udp.no-reply', 'dns.resolver-unreachable', 'dns.resolver-slow',
  'dns.private-endpoint', 'dns.local-only', 'proxy.no-proxy-differs', 'proxy.site-host', 'target.retired',
];
