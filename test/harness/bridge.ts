// The fleet lab's network: one namespace holding a Linux bridge, and each machine's namespace
// plugged into it with a veth pair (created inside the namespaces, never in the machine's own).
import type { Netns } from './netns.js';
import { run } from './proc.js';

export const LAB_PREFIX = 24;

let port = 0;

/** A bridge `br0` inside `bridge`, up. */
export async function makeBridge(bridge: Netns): Promise<void> {
  await run('ip', ['-n', bridge.name, 'link', 'add', 'br0', 'type', 'bridge']);
  await run('ip', ['-n', bridge.name, 'link', 'set', 'br0', 'up']);
}

/** `ns` on the bridge as `address`/24 on its eth0; `routes` are prefixes sent to `gateway`. */
export async function plug(bridge: Netns, ns: Netns, address: string, gateway?: string, routes: readonly string[] = []): Promise<void> {
  port += 1;
  const outer = `fb${process.pid % 10000}p${port}`;
  await run('ip', ['-n', bridge.name, 'link', 'add', outer, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns.name]);
  await run('ip', ['-n', bridge.name, 'link', 'set', outer, 'master', 'br0']);
  await run('ip', ['-n', bridge.name, 'link', 'set', outer, 'up']);
  await run('ip', ['-n', ns.name, 'addr', 'add', `${address}/${LAB_PREFIX}`, 'dev', 'eth0']);
  await run('ip', ['-n', ns.name, 'link', 'set', 'eth0', 'up']);
  for (let tries = 0; tries < 100; tries += 1) {
    if ((await run('ip', ['-n', ns.name, '-o', 'link', 'show', 'dev', 'eth0'])).includes('LOWER_UP')) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  for (const prefix of routes) await run('ip', ['-n', ns.name, 'route', 'add', prefix, 'via', gateway ?? '']);
}

/** nftables in `ns`: drop what arrives for TCP `port` (a node's firewall closing the kubelet port). */
export async function dropInbound(ns: Netns, tcpPort: number): Promise<void> {
  await ns.run('nft', ['-f', '-'], {
    input: `table inet fleet_test {\n  chain input {\n    type filter hook input priority 0; policy accept;\n    tcp dport ${tcpPort} drop\n  }\n}\n`,
  });
}

/** nftables in `ns`: drop what leaves for `address` (a node's egress to one registry closed). */
export async function dropEgressTo(ns: Netns, address: string): Promise<void> {
  await ns.run('nft', ['-f', '-'], {
    input: `table inet fleet_test_out {\n  chain output {\n    type filter hook output priority 0; policy accept;\n    ip daddr ${address} drop\n  }\n}\n`,
  });
}
