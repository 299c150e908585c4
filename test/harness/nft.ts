// Firewall behaviour inside a namespace: nftables rules on the input hook (so the SYN really
// leaves the client and meets the rule, as on a site's firewall) and unreachable routes.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isIPv6, type Netns } from './netns.js';

export type NftAction =
  /** The SYN is silently dropped: the client retransmits until its own deadline. */
  | 'drop'
  /** Answered with a TCP reset: ECONNREFUSED, like a closed port. */
  | 'reject-reset'
  /** Answered with ICMP host-unreachable (ICMPv6 addr-unreachable): EHOSTUNREACH. */
  | 'reject-host-unreachable'
  /** Answered with ICMP admin-prohibited: EHOSTUNREACH as well (see OBSERVED.md). */
  | 'reject-admin-prohibited'
  /** The handshake completes, then the first segment carrying data (a TLS ClientHello, say) is reset: a DPI box. */
  | 'reset-data';

export interface NftRule {
  readonly address: string;
  /** TCP port; omitted means every TCP port of the address. */
  readonly port?: number;
  readonly action: NftAction;
}

const TABLE = 'netreq_test';

function ruleLine(r: NftRule): string {
  const v6 = isIPv6(r.address);
  const match = `${v6 ? 'ip6' : 'ip'} daddr ${r.address} ${r.port === undefined ? 'meta l4proto tcp' : `tcp dport ${r.port}`}`;
  switch (r.action) {
    case 'drop':
      return `${match} drop`;
    case 'reject-reset':
      return `${match} reject with tcp reset`;
    case 'reject-host-unreachable':
      return `${match} reject with ${v6 ? 'icmpv6 type addr-unreachable' : 'icmp type host-unreachable'}`;
    case 'reject-admin-prohibited':
      return `${match} reject with ${v6 ? 'icmpv6 type admin-prohibited' : 'icmp type admin-prohibited'}`;
    case 'reset-data':
      return `${match} tcp flags & psh == psh reject with tcp reset`;
    default: {
      const unreachable: never = r.action;
      throw new Error(`unknown nft action ${String(unreachable)}`);
    }
  }
}

export function nftRuleset(rules: readonly NftRule[]): string {
  return [
    `table inet ${TABLE} {`,
    '  chain input {',
    '    type filter hook input priority filter; policy accept;',
    ...rules.map((r) => `    ${ruleLine(r)}`),
    '  }',
    '}',
    '',
  ].join('\n');
}

/** Replaces the namespace's test table with these rules; the addresses are added to lo. */
export async function applyNftRules(ns: Netns, rules: readonly NftRule[]): Promise<string> {
  await ns.addAddress(...new Set(rules.map((r) => r.address)));
  const dir = await ns.tempDir('nft');
  const file = join(dir, 'rules.nft');
  const text = nftRuleset(rules);
  await writeFile(file, text);
  await ns.exec('nft', ['delete', 'table', 'inet', TABLE]);
  await ns.run('nft', ['-f', file]);
  return text;
}

/** `ip route add unreachable ADDR`: connect() fails at once with EHOSTUNREACH, no packet sent. */
export async function addUnreachableRoute(ns: Netns, address: string): Promise<void> {
  const v6 = isIPv6(address);
  await ns.run('ip', [...(v6 ? ['-6'] : []), 'route', 'add', 'unreachable', `${address}/${v6 ? 128 : 32}`]);
}

const MTU_TABLE = 'netreq_test_mtu';

/**
 * A path-MTU black hole, as a VPN or overlay with a smaller MTU makes one when "fragmentation
 * needed" never comes back: on the input hook, every packet from `from` longer than `bytes`
 * (the IP packet's length) is dropped, silently; smaller ones pass.
 */
export async function dropLargePackets(ns: Netns, from: string, bytes: number): Promise<string> {
  const family = isIPv6(from) ? 'ip6' : 'ip';
  const text = [
    `table inet ${MTU_TABLE} {`,
    '  chain input {',
    '    type filter hook input priority filter; policy accept;',
    `    ${family} saddr ${from} meta length > ${bytes} drop`,
    '  }',
    '}',
    '',
  ].join('\n');
  const file = join(await ns.tempDir('nft-mtu'), 'rules.nft');
  await writeFile(file, text);
  await ns.exec('nft', ['delete', 'table', 'inet', MTU_TABLE]);
  await ns.run('nft', ['-f', file]);
  return text;
}

const NAT_TABLE = 'netreq_test_nat';

/**
 * A transparent interceptor's redirect: on the nat output hook (this namespace's own connections),
 * TCP to `port` of any of `addresses` is DNAT'ed to `to` (`IP:PORT`, IPv4), as a gateway's
 * prerouting rule does for the site's hosts. Replaces the previous redirect; the addresses are added
 * to lo so the connection has a route before the rule rewrites it.
 */
export async function redirectTcp(ns: Netns, addresses: readonly string[], port: number, to: string): Promise<string> {
  await ns.addAddress(...addresses);
  const text = [
    `table ip ${NAT_TABLE} {`,
    '  chain output {',
    '    type nat hook output priority -100; policy accept;',
    `    ip daddr { ${addresses.join(', ')} } tcp dport ${port} dnat to ${to}`,
    '  }',
    '}',
    '',
  ].join('\n');
  const file = join(await ns.tempDir('nft-nat'), 'rules.nft');
  await writeFile(file, text);
  await ns.exec('nft', ['delete', 'table', 'ip', NAT_TABLE]);
  await ns.run('nft', ['-f', file]);
  return text;
}
