import type { NetworkInterfaceInfo } from 'node:os';
import type { DefaultRoute } from '../schema/index.js';

/** Pure readers of the machine's network facts, from the texts and structures the OS gives. */

/** `0100A8C0` (little-endian hex from /proc/net/route) -> `192.168.0.1`. */
function hexToIpv4(hex: string): string {
  const value = Number.parseInt(hex, 16);
  return [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff].join('.');
}

/** 32 hex digits from /proc/net/ipv6_route -> a compressed IPv6 address (the longest zero run as `::`). */
function hexToIpv6(hex: string): string {
  const groups = (hex.match(/.{4}/g) ?? []).map((g) => Number.parseInt(g, 16).toString(16));
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < groups.length; i += 1) {
    let j = i;
    while (j < groups.length && groups[j] === '0') j += 1;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
  }
  if (bestStart < 0) return groups.join(':');
  return `${groups.slice(0, bestStart).join(':')}::${groups.slice(bestStart + bestLength).join(':')}`;
}

const RTF_UP = 0x1;
const RTF_REJECT = 0x200;

/** The default routes of /proc/net/route (IPv4) and /proc/net/ipv6_route: interface, gateway, metric. */
export function parseDefaultRoutes(route4: string | undefined, route6: string | undefined): DefaultRoute[] {
  const routes: DefaultRoute[] = [];
  for (const line of (route4 ?? '').split('\n').slice(1)) {
    const [iface, destination, gateway, flags, , , metric, mask] = line.trim().split(/\s+/);
    if (!iface || !destination || !gateway || !flags || !mask) continue;
    const value = Number.parseInt(flags, 16);
    if (destination !== '00000000' || mask !== '00000000' || (value & RTF_UP) === 0 || (value & RTF_REJECT) !== 0) continue;
    routes.push({ family: 'IPv4', interface: iface, gateway: hexToIpv4(gateway), metric: Number(metric ?? 0) });
  }
  for (const line of (route6 ?? '').split('\n')) {
    const fields = line.trim().split(/\s+/);
    const [destination, prefix, , , gateway, metric, , , flags, iface] = fields;
    if (!destination || !prefix || !gateway || !flags || !iface) continue;
    const value = Number.parseInt(flags, 16);
    if (!/^0{32}$/.test(destination) || prefix !== '00' || (value & RTF_UP) === 0 || (value & RTF_REJECT) !== 0 || iface === 'lo') continue;
    routes.push({ family: 'IPv6', interface: iface, gateway: hexToIpv6(gateway), metric: Number.parseInt(metric ?? '0', 16) });
  }
  return routes;
}

/** /etc/hosts lines (comments dropped) that name one of the hosts, or a name under a `*.` pattern. */
export function hostsLinesFor(text: string | undefined, hosts: readonly string[]): string[] {
  const exact = new Set(hosts.filter((h) => !h.startsWith('*.')).map((h) => h.toLowerCase()));
  const suffixes = hosts.filter((h) => h.startsWith('*.')).map((h) => h.slice(1).toLowerCase());
  return (text ?? '').split(/\r?\n/).flatMap((raw) => {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') return [];
    const names = line.split(/\s+/).slice(1).map((n) => n.toLowerCase());
    return names.some((n) => exact.has(n) || suffixes.some((s) => n.endsWith(s))) ? [line] : [];
  });
}

/** The `options` lines of resolv.conf (ndots, timeout, attempts, rotate…). */
export function resolvOptions(text: string): string[] {
  return text.split(/\r?\n/).flatMap((raw) => {
    const line = raw.replace(/[#;].*$/, '').trim();
    return line.startsWith('options ') ? line.slice(8).trim().split(/\s+/) : [];
  });
}

/** PRETTY_NAME of /etc/os-release. */
export function osPrettyName(text: string | undefined): string | undefined {
  const match = /^PRETTY_NAME=(.*)$/m.exec(text ?? '');
  return match?.[1]?.trim().replace(/^["']|["']$/g, '') || undefined;
}

export interface InterfaceAddress {
  readonly address: string;
  readonly family: 'IPv4' | 'IPv6';
  readonly cidr?: string | undefined;
  readonly internal: boolean;
}

/** os.networkInterfaces() without MAC addresses (support does not need them). */
export function interfaceAddresses(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>): Record<string, InterfaceAddress[]> {
  const out: Record<string, InterfaceAddress[]> = {};
  for (const name of Object.keys(interfaces).sort()) {
    out[name] = (interfaces[name] ?? []).map((info) => ({
      address: info.address,
      family: info.family,
      ...(info.cidr ? { cidr: info.cidr } : {}),
      internal: info.internal,
    }));
  }
  return out;
}

/** The zone file's name under a zoneinfo folder (`posix/` and `right/` are copies of the same zones). */
const ZONEINFO = /(?:^|\/)zoneinfo\/(?:posix\/|right\/)?(.+)$/;
/** An IANA Area/Location name (Europe/Paris, Etc/GMT+5, America/Argentina/Salta), or UTC. */
const ZONE_NAME = /^(?:UTC|[A-Za-z0-9_+-]+(?:\/[A-Za-z0-9_+-]+)+)$/;

function zoneName(text: string | undefined): string | undefined {
  const name = text?.match(ZONEINFO)?.[1] ?? text;
  return name !== undefined && ZONE_NAME.test(name) ? name : undefined;
}

/**
 * The machine's time zone name, found the way ICU finds it on Linux: `TZ`, else the zone file
 * /etc/localtime links to, else /etc/timezone. Undefined when the source that decides holds no
 * zone name (TZ=EST5EDT,M3.2.0,M11.1.0, a copied /etc/localtime): ask ICU then. Reading the name
 * here spares loading ICU's calendar and zone data (`Intl.DateTimeFormat`) for one string.
 */
export function zoneNameOf(tz: string | undefined, localtimeLink: string | undefined, etcTimezone: string | undefined): string | undefined {
  if (tz !== undefined && tz !== '') return zoneName(tz.replace(/^:/, ''));
  return zoneName(localtimeLink) ?? zoneName(etcTimezone?.split('\n')[0]?.trim());
}

/** `+02:00` for a Date's local offset. */
export function utcOffset(now: Date): string {
  const minutes = -now.getTimezoneOffset();
  const sign = minutes >= 0 ? '+' : '-';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** The node's own addresses: those of the interfaces that carry a default route, link-local left out. */
export function nodeAddresses(interfaces: Readonly<Record<string, readonly InterfaceAddress[]>>, routes: readonly DefaultRoute[]): string[] {
  const names = new Set(routes.map((r) => r.interface));
  return [...names].flatMap((name) =>
    (interfaces[name] ?? []).filter((a) => !a.internal && !a.address.startsWith('169.254.') && !/^fe[89ab]/i.test(a.address)).map((a) => a.address),
  );
}
