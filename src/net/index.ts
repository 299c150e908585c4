export type * from './types.js';
/** Re-exported so probes name TLS types without importing node:tls. */
export type { TLSSocket } from 'node:tls';
export { createNetwork } from './create-network.js';
export { parseConnectTo, connectToRoute, type ConnectToRule, type ConnectToRoute } from './connect-to.js';
export { GLIBC_DEFAULT_POLICY, parseResolvConf, type ResolvConf, type ResolverPolicy } from './resolv-conf.js';
export { serverLabel } from './dns-query.js';
export { bounded, since, remaining, errorCode, ABORTED, TIMED_OUT, type EndReason, type BoundedFallbacks } from './deadline.js';
export { hasRoute, hasDefaultRoute4, hasDefaultRoute6 } from './routes.js';
export { splitPems, SYSTEM_CA_PATH } from './trust-store.js';
export { distinguishedName } from './trust-anchor.js';
export { proxyFromEnv, resolveProxySettings, parseProxyUrl, redactUrl, redactText, proxyPort, type ProxySettings, type ProxyFlags } from './proxy-env.js';
export { parseNoProxy, goUseProxy, curlNoProxy, type NoProxyEntry, type GoNoProxyMatch, type CurlNoProxyMatch } from './no-proxy.js';
export { decideProxy, type ProxyTarget, type ProxyChoice, type ProxyDecision } from './proxy-decision.js';
export { openListener, type Listener, type ListenPort, type OpenedPort, type FailedPort, type ListenerContact, type ListenerOptions } from './listener.js';
export * from './listener-protocol.js';
export { udpExchange, sourceAddress } from './udp-exchange.js';
export { ipBytes, ipLiteral } from './ip-address.js';
export { openFilesLimit, fitConcurrency, type ConcurrencyFit } from './fd-limit.js';
