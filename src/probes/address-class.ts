/**
 * Address and name classes, read from what a DNS step saw: the one definition of a sinkhole
 * address, used by the chain's rule (`continues`) and by the classifier (`classify-dns.ts`).
 * Hand-parsed: only src/net may import node:net, and the classifier must run on a saved report anywhere.
 */

export type AddressClass = 'sinkhole' | 'private' | 'public' | 'invalid';

function parseIpv4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes = parts.map((part) => (/^\d{1,3}$/.test(part) ? Number(part) : Number.NaN));
  return bytes.every((b) => b >= 0 && b <= 255) ? bytes : undefined;
}

/** Eight 16-bit groups, or undefined. Accepts `::`, a zone id and an embedded IPv4 tail. */
function parseIpv6(input: string): number[] | undefined {
  if (!input.includes(':')) return undefined;
  let text = input.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (!text.includes(':')) return undefined;
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    const v4 = parseIpv4(tail);
    if (!v4) return undefined;
    const hex = (hi = 0, lo = 0): string => ((hi << 8) | lo).toString(16);
    text = `${text.slice(0, lastColon + 1)}${hex(v4[0], v4[1])}:${hex(v4[2], v4[3])}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const toGroups = (half: string | undefined): number[] | undefined => {
    if (!half) return [];
    const groups = half.split(':');
    if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
    return groups.map((g) => parseInt(g, 16));
  };
  const head = toGroups(halves[0]);
  const rest = toGroups(halves[1]);
  if (!head || !rest) return undefined;
  if (halves.length === 1) return head.length === 8 ? head : undefined;
  const known = head.length + rest.length;
  if (known > 7) return undefined;
  return [...head, ...new Array<number>(8 - known).fill(0), ...rest];
}

export function ipFamily(text: string): 4 | 6 | undefined {
  if (parseIpv4(text)) return 4;
  if (parseIpv6(text)) return 6;
  return undefined;
}

function classifyV4([a = 0, b = 0]: number[]): AddressClass {
  if (a === 0 || a === 127) return 'sinkhole';
  if (a === 169 && b === 254) return 'sinkhole';
  if (a >= 224) return 'sinkhole'; // multicast, reserved and broadcast
  if (a === 10) return 'private';
  if (a === 172 && b >= 16 && b <= 31) return 'private';
  if (a === 192 && b === 168) return 'private';
  if (a === 100 && b >= 64 && b <= 127) return 'private'; // shared address space (RFC 6598)
  return 'public';
}

/**
 * `sinkhole`: unspecified, loopback, link-local, multicast (what DNS filters answer).
 * `private`: RFC 1918, RFC 6598 and ULA (private endpoints, split-horizon DNS).
 * The documentation ranges are `public`: labs and the simulator use them.
 */
export function addressClass(text: string): AddressClass {
  let known = classes.get(text);
  if (known === undefined) {
    if (classes.size >= 10_000) classes.clear();
    known = classifyAddress(text);
    classes.set(text, known);
  }
  return known;
}

/** Addresses already classified: each answer is asked about several times, and sites repeat addresses. */
const classes = new Map<string, AddressClass>();

function classifyAddress(text: string): AddressClass {
  const v4 = parseIpv4(text);
  if (v4) return classifyV4(v4);
  const v6 = parseIpv6(text);
  if (!v6) return 'invalid';
  const [g0 = 0, , , , , g5 = 0, g6 = 0, g7 = 0] = v6;
  const upperZero = v6.slice(0, 5).every((g) => g === 0);
  if (upperZero && g5 === 0xffff) return classifyV4([g6 >> 8, g6 & 0xff, g7 >> 8, g7 & 0xff]);
  if (upperZero && g5 === 0 && g6 === 0 && (g7 === 0 || g7 === 1)) return 'sinkhole';
  if ((g0 & 0xffc0) === 0xfe80) return 'sinkhole';
  if ((g0 & 0xff00) === 0xff00) return 'sinkhole';
  if ((g0 & 0xfe00) === 0xfc00) return 'private';
  return 'public';
}

const INTERNAL_SUFFIXES = ['.local', '.localhost', '.localdomain', '.internal', '.lan', '.home.arpa', '.intranet', '.corp', '.svc'];

/**
 * A name on the public internet, as far as we can tell: not the site's own, not an address,
 * not single-label, not under a suffix that only exists inside sites.
 */
export function isPublicName(host: string, siteOwned: boolean): boolean {
  if (siteOwned || ipFamily(host) !== undefined) return false;
  const name = host.toLowerCase().replace(/\.$/, '');
  if (!name.includes('.') || name === 'localhost') return false;
  return !INTERNAL_SUFFIXES.some((suffix) => name.endsWith(suffix));
}

/**
 * The addresses of an answer for `host` that are a DNS filter's sinkhole: a sinkhole address
 * (unspecified, loopback, link-local, multicast) for a public name. A name that is the site's own
 * or internal may live on this machine (a hostname on 127.0.1.1), so its loopback answer is none.
 */
export function sinkholeAddresses(addresses: readonly string[], host: string, siteOwned: boolean): string[] {
  if (!isPublicName(host, siteOwned)) return [];
  return addresses.filter((a) => addressClass(a) === 'sinkhole');
}
