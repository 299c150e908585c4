import type { Deadline, DnsQueryResult, LookupResult, Network, ResolverPolicy } from '../net/index.js';
import type { DnsServerAnswer, DnsStep } from '../schema/index.js';

export interface DnsProbeOptions {
  /** The route is a proxy that resolves for us: a local failure is evidence, and the chain goes on. */
  readonly proxyResolves?: boolean;
  /** The name is the site's own: recorded, so that the chain's rule reads a loopback answer as the classifier does. */
  readonly siteOwned?: boolean;
}

export type DnsOutcome = 'resolved' | 'nxdomain' | 'servfail' | 'refused' | 'timeout' | 'no-address' | 'aborted' | 'error';

function serverAnswer(result: DnsQueryResult): DnsServerAnswer {
  const addresses = result.answers.filter((a) => a.type === result.type).map((a) => a.data);
  const cnames = result.answers.filter((a) => a.type === 'CNAME').map((a) => a.data);
  const ttls = result.answers.filter((a) => a.type === result.type).map((a) => a.ttl);
  return {
    server: result.server,
    type: result.type,
    protocol: result.protocol,
    ms: result.ms,
    ...(result.rcode !== undefined ? { rcode: result.rcode } : {}),
    addresses,
    cnames,
    ...(ttls.length > 0 ? { ttl: Math.min(...ttls) } : {}),
    ...(result.truncated ? { truncated: true } : {}),
    ...(result.error !== undefined ? { error: result.error } : {}),
  };
}

/** What the system lookup's failure was, with the servers' own answers to tell SERVFAIL from a timeout. */
function failureOutcome(code: string, rcode: string | undefined, servers: readonly DnsServerAnswer[]): DnsOutcome {
  const rcodes = new Set([rcode, ...servers.map((s) => s.rcode)].filter((r): r is string => r !== undefined));
  switch (code) {
    case 'ABORT_ERR':
      return 'aborted';
    case 'ENOTFOUND':
      if (rcodes.has('NXDOMAIN') || rcodes.size === 0) return 'nxdomain';
      // getaddrinfo says "not found" for a name that exists without addresses too.
      return rcodes.has('NOERROR') ? 'no-address' : 'nxdomain';
    case 'ENODATA':
      return 'no-address';
    case 'ESERVFAIL':
      return 'servfail';
    case 'EREFUSED':
      return 'refused';
    case 'ETIMEDOUT':
    case 'ETIMEOUT':
    case 'EAI_AGAIN':
      if (rcodes.has('SERVFAIL')) return 'servfail';
      if (rcodes.has('REFUSED')) return 'refused';
      return 'timeout';
    default:
      if (rcodes.has('SERVFAIL')) return 'servfail';
      if (rcodes.has('REFUSED')) return 'refused';
      return 'error';
  }
}

/**
 * Resolves `host` as the site's software would (the system lookup: its addresses are the ones
 * the next step uses) and asks each configured nameserver directly for A and AAAA, for the
 * evidence: rcode per server, CNAME chain, TTL. All in parallel, all bounded by the deadline.
 */
/** An IP address written as the host needs no lookup (brackets allowed for IPv6). */
function ipLiteral(host: string): string | undefined {
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(bare) || (bare.includes(':') && /^[0-9a-fA-F:.]+$/.test(bare)) ? bare : undefined;
}

/**
 * The system lookup's deadline: with more than one nameserver, at least glibc's wait for a silent
 * first one (resolv.conf `timeout:`) and a second more, so that a lookup the platform would finish
 * on the next server finishes here too and the chain goes on (dns.resolver-slow then says what it
 * cost); with resolv.conf's default 5 s and the default 5 s step, it would otherwise end together
 * with glibc's wait. Only the lookup waits longer; the direct queries keep the step's deadline.
 */
function lookupDeadline(deadline: Deadline, policy: ResolverPolicy | undefined, servers: number): Deadline {
  if (policy === undefined || servers < 2) return deadline;
  const failover = (policy.timeoutS + 1) * 1000;
  return failover > deadline.timeoutMs ? { signal: deadline.signal, timeoutMs: failover } : deadline;
}

export async function probeDns(network: Network, host: string, deadline: Deadline, options: DnsProbeOptions = {}): Promise<DnsStep> {
  const startedAt = new Date(network.now()).toISOString();
  const started = performance.now();
  const literal = ipLiteral(host);
  if (literal) {
    return {
      step: 'dns',
      ok: true,
      outcome: 'resolved',
      ms: 0,
      startedAt,
      evidence: { host, system: { via: 'address literal', addresses: [literal] }, servers: [], addresses: [literal] },
    };
  }
  const nameservers = network.nameservers();
  const policy = network.resolverPolicy?.();
  const queries = nameservers.flatMap((server) =>
    (['A', 'AAAA'] as const).map((type) => network.query(server, host, type, deadline)),
  );
  const [system, ...answers]: [LookupResult, ...DnsQueryResult[]] = await Promise.all([network.lookup(host, lookupDeadline(deadline, policy, nameservers.length)), ...queries]);
  const servers = answers.map(serverAnswer);
  const addresses = system.ok ? system.addresses.map((a) => a.address) : [];
  const outcome: DnsOutcome = system.ok
    ? addresses.length > 0
      ? 'resolved'
      : 'no-address'
    : failureOutcome(system.code, system.rcode, servers);
  const ok = outcome === 'resolved' || (options.proxyResolves === true && outcome !== 'aborted');
  return {
    step: 'dns',
    ok,
    outcome,
    ms: Math.round((performance.now() - started) * 10) / 10,
    startedAt,
    ...(system.ok ? {} : { code: system.code }),
    evidence: {
      host,
      system: { via: system.via, addresses, ...(system.ok ? {} : { code: system.code }) },
      servers,
      addresses,
      ...(policy !== undefined ? { resolver: { timeoutS: policy.timeoutS, attempts: policy.attempts, rotate: policy.rotate } } : {}),
      ...(options.proxyResolves !== undefined ? { proxyResolves: options.proxyResolves } : {}),
      ...(options.siteOwned === true ? { siteOwned: true as const } : {}),
    },
  };
}
