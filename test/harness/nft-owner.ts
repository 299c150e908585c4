// A site whose firewall lets only its proxy out: on the output hook, this namespace's own
// connections to an address and port are refused (TCP reset) unless the proxy's user opened them.
// Everything here runs in one namespace, so "the proxy's machine" is squid's user (Debian's `proxy`).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isIPv6, type Netns } from './netns.js';

const TABLE = 'netreq_test_owner';

export interface DirectBlock {
  /** Removes the rule (the namespace's destroy removes it too). */
  lift(): Promise<void>;
}

/** Refuses direct TCP to `address:port` for every user but `proxyUser`. */
export async function refuseDirectExceptProxy(ns: Netns, address: string, port: number, proxyUser = 'proxy'): Promise<DirectBlock> {
  const family = isIPv6(address) ? 'ip6' : 'ip';
  const text = [
    `table inet ${TABLE} {`,
    '  chain output {',
    '    type filter hook output priority filter; policy accept;',
    `    ${family} daddr ${address} tcp dport ${port} meta skuid != "${proxyUser}" reject with tcp reset`,
    '  }',
    '}',
    '',
  ].join('\n');
  const file = join(await ns.tempDir('nft-owner'), 'rules.nft');
  await writeFile(file, text);
  await ns.exec('nft', ['delete', 'table', 'inet', TABLE]);
  await ns.run('nft', ['-f', file]);
  return { lift: async () => void (await ns.exec('nft', ['delete', 'table', 'inet', TABLE])) };
}

/** Removes the path-MTU black hole `dropLargePackets` (nft.ts) made. */
export async function liftLargePacketDrop(ns: Netns): Promise<void> {
  await ns.exec('nft', ['delete', 'table', 'inet', 'netreq_test_mtu']);
}
