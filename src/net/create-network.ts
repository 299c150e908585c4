import { readFileSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import type { SecureContext } from 'node:tls';
import { directLookup, systemLookup } from './dns-lookup.js';
import { sharedQueries } from './dns-query.js';
import { parseResolvConf } from './resolv-conf.js';
import { hasRoute } from './routes.js';
import { tcpConnect } from './tcp-connect.js';
import { tlsConnect } from './tls-connect.js';
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

function systemNameservers(path: string): NameServer[] {
  try {
    return [...parseResolvConf(readFileSync(path, 'utf8')).nameservers];
  } catch {
    return [];
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
  const servers = configured ?? systemNameservers(options.resolvConfPath ?? RESOLV_CONF);
  let secureContext: SecureContext | undefined;
  const tlsContext = {
    // One context for the run: building one from a few hundred PEMs for every handshake is slow.
    secureContext: (): SecureContext => (secureContext ??= tls.createSecureContext({ ca: [...trust.publicPems, ...trust.extraCaPems] })),
    judge: createTrustJudge(trust),
  };
  const offset = options.clockOffsetMs ?? 0;
  const query = sharedQueries();
  return {
    kind: 'real',
    trust,
    lookup: (host, deadline) => (configured ? directLookup(configured, host, deadline, query) : systemLookup(host, deadline)),
    nameservers: () => servers,
    query,
    connect: (connectOptions) => tcpConnect(connectOptions, options.route),
    tls: (tlsOptions) => tlsConnect(tlsOptions, tlsContext),
    now: () => Date.now() + offset,
    hasRoute,
    // Peer checks go to the site's own machines as given: no simulated route applies.
    ...(options.route ? {} : { udp: udpExchange, sourceAddress }),
  };
}
