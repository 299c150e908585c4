import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A folder standing in for `/`: the files a machine would have, for environment gathering. */
export function fakeRoot(files: Readonly<Record<string, string>>): { root: string; unreadable(path: string): void; remove(): void } {
  const root = mkdtempSync(join(tmpdir(), 'netreq-root-'));
  for (const [path, text] of Object.entries(files)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    if (path.endsWith('/')) mkdirSync(full, { recursive: true });
    else writeFileSync(full, text);
  }
  return {
    root,
    unreadable: (path) => chmodSync(join(root, path), 0o000),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** /proc/net/route with a default route via 10.0.0.1 on eth0, and a link route. */
export const PROC_ROUTE = [
  'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT',
  'eth0\t00000000\t0100000A\t0003\t0\t0\t100\t00000000\t0\t0\t0',
  'eth0\t0000000A\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0',
].join('\n');

/** /proc/net/ipv6_route with a default route via fe80::1 on eth0 and an unreachable one on lo. */
export const PROC_IPV6_ROUTE = [
  '00000000000000000000000000000000 00 00000000000000000000000000000000 00 fe800000000000000000000000000001 00000400 00000001 00000000 00000003     eth0',
  '00000000000000000000000000000000 00 00000000000000000000000000000000 00 00000000000000000000000000000000 ffffffff 00000001 00000000 00200200       lo',
].join('\n');

export const INTERFACES = {
  lo: [{ address: '127.0.0.1', netmask: '255.0.0.0', family: 'IPv4' as const, mac: '00:00:00:00:00:00', internal: true, cidr: '127.0.0.1/8' }],
  eth0: [
    { address: '10.0.0.5', netmask: '255.255.255.0', family: 'IPv4' as const, mac: '02:42:ac:11:00:02', internal: false, cidr: '10.0.0.5/24' },
    { address: 'fe80::42', netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6' as const, mac: '02:42:ac:11:00:02', internal: false, cidr: 'fe80::42/64', scopeid: 2 },
  ],
  docker0: [{ address: '172.17.0.1', netmask: '255.255.0.0', family: 'IPv4' as const, mac: '02:42:00:00:00:01', internal: false, cidr: '172.17.0.1/16' }],
};

export const SYSTEM = { platform: 'linux', kernel: '6.1.0-test', version: '#1 SMP', arch: 'x64', hostname: 'node-1' };
