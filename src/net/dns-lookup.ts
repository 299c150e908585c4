import { bounded, remaining, since, ABORTED, TIMED_OUT } from './deadline.js';
import { ipLiteral } from './ip-address.js';
import { helperLookup } from './lookup-helper.js';
import { queryServer, serverLabel, type QueryFn } from './dns-query.js';
import type { AddressFamily, Deadline, DnsQueryResult, LookupResult, NameServer, ResolvedAddress } from './types.js';

const SYSTEM_VIA = 'getaddrinfo';
export const LITERAL_VIA = 'address literal';

/** An IP literal resolves to itself, whatever resolver is configured. */
function literalLookup(host: string): LookupResult | undefined {
  const literal = ipLiteral(host);
  return literal ? { ok: true, addresses: [literal], ms: 0, via: LITERAL_VIA } : undefined;
}

/**
 * The system resolver, as the site's software uses it: getaddrinfo (/etc/hosts, resolv.conf), in a
 * helper process (lookup-helper.ts). getaddrinfo cannot be cancelled, so the deadline races it
 * and a late answer is dropped.
 */
export function systemLookup(host: string, deadline: Deadline): Promise<LookupResult> {
  const literal = literalLookup(host);
  if (literal) return Promise.resolve(literal);
  const started = performance.now();
  return bounded<LookupResult>(
    deadline,
    {
      timeout: () => ({ ok: false, code: TIMED_OUT, ms: since(started), via: SYSTEM_VIA }),
      abort: () => ({ ok: false, code: ABORTED, ms: since(started), via: SYSTEM_VIA }),
    },
    (settle) => {
      helperLookup(host, (answer) => {
        if (!answer.ok) {
          settle({ ok: false, code: answer.code, ms: since(started), via: SYSTEM_VIA });
          return;
        }
        const resolved: ResolvedAddress[] = answer.addresses.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
        settle({ ok: true, addresses: resolved, ms: since(started), via: SYSTEM_VIA });
      });
      return () => undefined;
    },
  );
}

/** Node's dns error codes for rcodes, so a direct lookup fails with the codes `dns.resolve*` uses. */
const RCODE_CODES: Readonly<Record<string, string>> = {
  NXDOMAIN: 'ENOTFOUND',
  SERVFAIL: 'ESERVFAIL',
  REFUSED: 'EREFUSED',
  FORMERR: 'EFORMERR',
  NOTIMP: 'ENOTIMP',
};

function addressesOf(result: DnsQueryResult, family: AddressFamily): ResolvedAddress[] {
  const type = family === 4 ? 'A' : 'AAAA';
  return result.answers.filter((a) => a.type === type).map((a) => ({ address: a.data, family }));
}

/** A final answer from this server (stop asking the next): NOERROR or NXDOMAIN, as a stub resolver does. */
function isFinal(result: DnsQueryResult): boolean {
  return result.rcode === 'NOERROR' || result.rcode === 'NXDOMAIN';
}

/**
 * `--dns-server`: an IP literal is its own address; for a name, A and AAAA asked directly of the configured servers, in order, each given
 * its share of what is left of the deadline; the next server is tried only when one fails.
 */
export async function directLookup(servers: readonly NameServer[], host: string, deadline: Deadline, query: QueryFn = queryServer): Promise<LookupResult> {
  const literal = literalLookup(host);
  if (literal) return literal;
  const started = performance.now();
  const via = `dns-server ${servers.map(serverLabel).join(',')}`;
  let failure: { code: string; rcode?: string } = { code: 'ENOTFOUND' };
  for (const [index, server] of servers.entries()) {
    if (deadline.signal.aborted) return { ok: false, code: ABORTED, ms: since(started), via };
    const left = remaining(deadline, since(started));
    const share: Deadline = { signal: left.signal, timeoutMs: left.timeoutMs / (servers.length - index) };
    const [a, aaaa] = await Promise.all([query(server, host, 'A', share), query(server, host, 'AAAA', share)]);
    if (isFinal(a) && isFinal(aaaa)) {
      const addresses = [...addressesOf(a, 4), ...addressesOf(aaaa, 6)];
      if (addresses.length > 0) return { ok: true, addresses, ms: since(started), via };
      if (a.rcode === 'NXDOMAIN' || aaaa.rcode === 'NXDOMAIN') return { ok: false, code: 'ENOTFOUND', rcode: 'NXDOMAIN', ms: since(started), via };
      return { ok: false, code: 'ENODATA', rcode: 'NOERROR', ms: since(started), via };
    }
    const bad = isFinal(a) ? aaaa : a;
    if (bad.error === ABORTED) return { ok: false, code: ABORTED, ms: since(started), via };
    failure = bad.rcode
      ? { code: RCODE_CODES[bad.rcode] ?? `E${bad.rcode}`, rcode: bad.rcode }
      : { code: bad.error ?? 'ERR_UNKNOWN' };
  }
  return { ok: false, ...failure, ms: since(started), via };
}
