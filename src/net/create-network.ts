import { readFileSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import type { SecureContext } from 'node:tls';
import { connectToAddress, connectToRoute } from './connect-to.js';
import { directLookup, systemLookup } from './dns-lookup.js';
import { sharedQueries } from './dns-query.js';
import { parseResolvConf, type ResolvConf } from './resolv-conf.js';
import { hasRoute } from './routes.js';
import { tcpConnect } from './tcp-connect.js';
import { createChainVerifier } from './chain-verify.js';
import { tlsConnect, type TlsContext } from './tls-connect.js';
import { sourceAddress, udpExchange } from './udp-exchange.js';
import { createTrustJudge } from './trust-anchor.js';
import { loadTrustStore } from './trust-store.js';
import type { NameServer, Network, NetworkOptions } from './types.js';

const RESOLV_CONF = '/etc/resolv.conf';

function checkServers(servers: readonly NameServer[]): void {
  for (const server of servers) {
    if (net.isIP(server.address) === 0) throw new Error(`--dns-server ${server.address}: not an IP address`);
    if (!Number.isInteger(server.port) || server.port < 1 || server.port > 65_535) {
      throw new Error(`--dns-server ${server.address}:${server.port}: port must be 1-65535`);
    }
  }
}

function systemResolvConf(path: string): ResolvConf | undefined {
  try {
    return parseResolvConf(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * The real Network: getaddrinfo (or only the `--dns-server`s), TCP and TLS from this
 * machine. Throws at construction for a bad option, naming the value.
 */
export function createNetwork(options: NetworkOptions = {}): Network {
  const configured = options.dnsServers && options.dnsServers.length > 0 ? [...options.dnsServers] : undefined;
  if (configured) checkServers(configured);
  const trust = loadTrustStore({
    caFiles: options.caFiles,
    env: options.env ?? process.env,
    publicPems: options.publicPems,
    systemCaPath: options.systemCaPath,
  });
  const resolvConf = configured ? undefined : systemResolvConf(options.resolvConfPath ?? RESOLV_CONF);
  const servers = configured ?? [...(resolvConf?.nameservers ?? [])];
  // One context for the run, with no trust anchors (`ca: []`; without `ca` Node would load its
  // whole root store): the chain is verified against the trust store by createChainVerifier.
  const secureContext = tls.createSecureContext({ ca: [] });
  const tlsContext: TlsContext = {
    secureContext: (): SecureContext => secureContext,
    verify: createChainVerifier(trust),
    judge: createTrustJudge(trust),
  };
  const offset = options.clockOffsetMs ?? 0;
  const query = sharedQueries();
  const routes = { route: options.route, connectTo: options.connectTo && options.connectTo.length > 0 ? connectToRoute(options.connectTo) : undefined };
  return {
    kind: 'real',
    trust,
    lookup: (host, deadline) => (configured ? directLookup(configured, host, deadline, query) : systemLookup(host, deadline)),
    nameservers: () => servers,
    // The system resolver's order and timeouts; with --dns-server netreq asks those servers itself.
    ...(resolvConf ? { resolverPolicy: () => resolvConf.policy } : {}),
    query,
    connect: (connectOptions) => tcpConnect(connectOptions, routes),
    tls: (tlsOptions) => tlsConnect(tlsOptions, tlsContext),
    now: () => Date.now() + offset,
    hasRoute,
    ...(options.connectTo && options.connectTo.length > 0
      ? { connectTo: options.connectTo.map((rule) => rule.text), connectToAddress: connectToAddress(options.connectTo) }
      : {}),
    // Peer checks go to the site's own machines as given: no simulated route applies.
    ...(options.route ? {} : { udp: udpExchange, sourceAddress }),
  };
}
