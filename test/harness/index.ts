// The integration harness: real third-party servers inside network namespaces a test creates.
// See test/integration/README.md for how a test uses it, OBSERVED.md for what the servers do.
export { createNamespace, link, isIPv6, DEFAULT_HOST_ADDRESSES, type Netns, type NamespaceOptions, type LinkOptions, type VethLink, type WaitForPortOptions } from './netns.js';
export { useNamespace } from './use-namespace.js';
export { describeWithDeps, missingDeps, requireRoot, whichOrSkip, which, isCI, isRoot } from './deps.js';
export { createCa, issueCert, htpasswdLine, type TestCa, type IssuedCert, type LeafOptions } from './certs.js';
export { startDnsmasq, dnsmasqConfig, type Dnsmasq, type DnsmasqOptions } from './dnsmasq.js';
export { startSquid, squidConfig, type Squid, type SquidOptions } from './squid.js';
export { startSshd, type Sshd, type SshdOptions } from './sshd.js';
export { applyNftRules, addUnreachableRoute, dropLargePackets, redirectTcp, nftRuleset, type NftRule, type NftAction } from './nft.js';
export { startOrigins, startListeners, PUBLIC_CA_NAME, type Origins, type OriginSite, type OriginOptions, type Listener, type Listeners, type OriginRequest } from './origin.js';
export { dnsQuery, tcpConnect, readBanner, proxyRequest, type DnsAnswer, type ConnectResult, type ProxyResponse } from './probe-client.js';
export { observe } from './observe.js';
export { startHoldingResolver } from './holding-resolver.js';
export { runNetreq, findingFor, type NetreqRun, type NetreqRunOptions } from './netreq.js';
export type { ExecResult, ExecOptions, SpawnOptions, TrackedProcess } from './proc.js';
export { INTEGRATION_BINS } from './use-namespace.js';
