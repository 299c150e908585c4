import { isIP } from 'node:net';
import { AddressPool } from './address-pool.js';
import type { DnsRecord, DnsReply } from './dns-server.js';
import type { DnsBehaviour, DnsSpec, HostSpec, SiteSpec } from './schema.js';

/** Which entry of the spec a name falls under: an exact host, a wildcard, or the default. */
export interface HostGroup {
  readonly key: string;
  readonly spec: HostSpec;
}

export const DEFAULT_GROUP = '(default)';

interface NameDns {
  readonly behaviour: DnsBehaviour;
  readonly addresses?: readonly string[];
  readonly cname?: string;
  readonly ttl: number;
  readonly truncated: boolean;
  readonly ipv6: boolean;
}

function normalise(spec: DnsSpec | undefined): NameDns {
  if (spec === undefined) return { behaviour: 'answer', ttl: 300, truncated: false, ipv6: false };
  if (typeof spec === 'string') {
    return spec === 'truncated'
      ? { behaviour: 'answer', ttl: 300, truncated: true, ipv6: false }
      : { behaviour: spec, ttl: 300, truncated: false, ipv6: false };
  }
  return {
    behaviour: spec.behaviour,
    ttl: spec.ttl,
    truncated: spec.truncated,
    ipv6: spec.ipv6,
    ...(spec.addresses === undefined ? {} : { addresses: spec.addresses }),
    ...(spec.cname === undefined ? {} : { cname: spec.cname.toLowerCase() }),
  };
}

const MAX_CNAME_DEPTH = 8;

function bare(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

/**
 * The site's names: which spec entry each name falls under, the addresses assigned to it,
 * and what a nameserver answers for it. Addresses are assigned to named hosts in spec order,
 * and to other names on first use.
 */
export class SiteNames {
  private readonly exact = new Map<string, HostGroup>();
  private readonly wildcards: HostGroup[] = [];
  readonly defaultGroup: HostGroup;
  private readonly pool = new AddressPool();
  private readonly assigned = new Map<string, readonly string[]>();
  private readonly byAddress = new Map<string, { readonly group: HostGroup; readonly name: string }>();

  constructor(private readonly site: SiteSpec) {
    this.defaultGroup = { key: DEFAULT_GROUP, spec: site.default };
    for (const [key, spec] of Object.entries(site.hosts)) {
      const group = { key: key.toLowerCase(), spec };
      if (key.startsWith('*.')) this.wildcards.push(group);
      else this.exact.set(group.key, group);
    }
    // Most specific wildcard first.
    this.wildcards.sort((a, b) => b.key.length - a.key.length);
    const explicit = [...Object.values(site.hosts), ...Object.values(site.dns.secondary?.hosts ?? {}).map((dns) => ({ dns }))];
    for (const spec of explicit) {
      if (typeof spec.dns === 'object') for (const address of spec.dns.addresses ?? []) this.pool.reserve(address);
    }
    for (const key of this.exact.keys()) this.addressesOf(key);
    for (const [name, dns] of Object.entries(site.dns.secondary?.hosts ?? {})) {
      for (const address of normalise(dns).addresses ?? []) this.claim(address, this.group(name), bare(name));
    }
  }

  group(name: string): HostGroup {
    const host = bare(name);
    const exact = this.exact.get(host);
    if (exact !== undefined) return exact;
    return this.wildcards.find((w) => host.endsWith(w.key.slice(1))) ?? this.defaultGroup;
  }

  /** The addresses this name answers with (assigned on first use); empty when it answers none. */
  addressesOf(name: string): readonly string[] {
    const host = bare(name);
    const known = this.assigned.get(host);
    if (known !== undefined) return known;
    const group = this.group(host);
    const dns = normalise(group.spec.dns);
    let addresses: readonly string[];
    if (isIP(host) !== 0) addresses = [host];
    else if (dns.addresses !== undefined) addresses = dns.addresses;
    else if (dns.behaviour === 'answer' && dns.cname === undefined) addresses = dns.ipv6 ? [this.pool.take4(), this.pool.take6()] : [this.pool.take4()];
    else addresses = [];
    this.assigned.set(host, addresses);
    for (const address of addresses) this.claim(address, group, host);
    return addresses;
  }

  /** The spec entry and name behind an address, for routing connections. */
  ownerOf(address: string): { readonly group: HostGroup; readonly name: string } | undefined {
    return this.byAddress.get(address.toLowerCase());
  }

  /** What a nameserver answers; `overrides` replace some names' behaviour (the secondary resolver). */
  answer(name: string, type: string, overrides: Readonly<Record<string, DnsSpec>> = {}): DnsReply {
    const records: DnsRecord[] = [];
    let current = bare(name);
    let truncate = false;
    for (let depth = 0; depth < MAX_CNAME_DEPTH; depth += 1) {
      const override = overrides[current];
      const dns = normalise(override ?? this.group(current).spec.dns);
      truncate ||= dns.truncated;
      const finish = (rcode: 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL' | 'REFUSED'): DnsReply => ({ kind: 'answer', rcode, answers: records, truncate });
      switch (dns.behaviour) {
        case 'silent':
          return { kind: 'silent' };
        case 'nxdomain':
          return finish('NXDOMAIN');
        case 'servfail':
          return finish('SERVFAIL');
        case 'refused':
          return finish('REFUSED');
        case 'no-address':
          return finish('NOERROR');
        case 'sinkhole':
          if (type === 'A') records.push({ type: 'A', name: current, ttl: dns.ttl, data: '0.0.0.0' });
          if (type === 'AAAA') records.push({ type: 'AAAA', name: current, ttl: dns.ttl, data: '::' });
          return finish('NOERROR');
        case 'answer':
          break;
        default: {
          const unreachable: never = dns.behaviour;
          return unreachable;
        }
      }
      if (dns.cname !== undefined) {
        records.push({ type: 'CNAME', name: current, ttl: dns.ttl, data: dns.cname });
        current = dns.cname;
        continue;
      }
      const addresses = override !== undefined && dns.addresses !== undefined ? dns.addresses : this.addressesOf(current);
      for (const address of addresses) {
        const family = isIP(address);
        if ((type === 'A' && family === 4) || (type === 'AAAA' && family === 6)) records.push({ type, name: current, ttl: dns.ttl, data: address });
      }
      return finish('NOERROR');
    }
    return { kind: 'answer', rcode: 'SERVFAIL', answers: [], truncate }; // a CNAME loop
  }

  /** The first IPv4 (else IPv6) address the name resolves to, following CNAMEs; undefined when it does not resolve. */
  resolve(name: string, healthy: boolean): string | undefined {
    if (healthy) {
      let current = bare(name);
      for (let depth = 0; depth < MAX_CNAME_DEPTH; depth += 1) {
        const cname = normalise(this.group(current).spec.dns).cname;
        if (cname === undefined) break;
        current = cname;
      }
      const own = this.addressesOf(current);
      return own[0] ?? this.claimFresh(current);
    }
    for (const type of ['A', 'AAAA']) {
      const reply = this.answer(name, type);
      if (reply.kind !== 'answer' || reply.rcode !== 'NOERROR') return undefined;
      const found = reply.answers.find((r) => r.type === type);
      if (found !== undefined) return found.data;
    }
    return undefined;
  }

  private claimFresh(name: string): string {
    const address = this.pool.take4();
    this.assigned.set(name, [address]);
    this.claim(address, this.group(name), name);
    return address;
  }

  private claim(address: string, group: HostGroup, name: string): void {
    const key = address.toLowerCase();
    if (!this.byAddress.has(key)) this.byAddress.set(key, { group, name });
  }
}
