import net from 'node:net';

/** The bytes of an IP literal (4 for IPv4, 16 for IPv6; an IPv4-mapped IPv6 address as its 4); undefined for a name. */
export function ipBytes(text: string): Uint8Array | undefined {
  const family = net.isIP(text);
  if (family === 4) return Uint8Array.from(text.split('.').map(Number));
  if (family !== 6) return undefined;
  let body = text.replace(/%.*$/, '');
  const tail: number[] = [];
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(body);
  if (v4?.[1]) {
    const parts = v4[1].split('.').map(Number);
    body = `${body.slice(0, -v4[1].length)}${(((parts[0] ?? 0) << 8) | (parts[1] ?? 0)).toString(16)}:${(((parts[2] ?? 0) << 8) | (parts[3] ?? 0)).toString(16)}`;
  }
  const [head = '', rest] = body.split('::');
  const headGroups = head ? head.split(':') : [];
  const restGroups = rest ? rest.split(':') : [];
  const fill = rest === undefined ? 0 : 8 - headGroups.length - restGroups.length;
  const groups = [...headGroups, ...Array<string>(fill).fill('0'), ...restGroups].map((g) => Number.parseInt(g, 16));
  for (const group of groups) tail.push(group >> 8, group & 0xff);
  const bytes = Uint8Array.from(tail);
  const mapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  return mapped ? bytes.slice(12) : bytes;
}

/**
 * The address an IP literal host stands for (brackets and an IPv6 zone allowed), undefined for a
 * name: an address is never a DNS question. The pattern test first keeps net.isIP's IPv6 pattern
 * off ordinary host names.
 */
export function ipLiteral(host: string): { readonly address: string; readonly family: 4 | 6 } | undefined {
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  if (!/^[0-9a-fA-F:.]+(%[\w.-]+)?$/.test(bare)) return undefined;
  const family = net.isIP(bare);
  return family === 4 || family === 6 ? { address: bare, family } : undefined;
}

export function sameIp(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

/** Whether `ip` is inside `network/bits` (both as bytes of the same family). */
export function inPrefix(ip: Uint8Array, network: Uint8Array, bits: number): boolean {
  if (ip.length !== network.length || bits < 0 || bits > ip.length * 8) return false;
  for (let bit = 0; bit < bits; bit += 8) {
    const take = Math.min(8, bits - bit);
    const mask = (0xff << (8 - take)) & 0xff;
    const index = bit / 8;
    if (((ip[index] ?? 0) & mask) !== ((network[index] ?? 0) & mask)) return false;
  }
  return true;
}

/** A CIDR `address/bits`, as Go's net.ParseCIDR accepts it; undefined otherwise. */
export function parseCidr(text: string): { network: Uint8Array; bits: number } | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = text.slice(0, slash);
  const bitsText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bitsText)) return undefined;
  const network = ipBytes(address);
  if (!network) return undefined;
  // An IPv4-mapped literal written as IPv6 keeps its IPv6 prefix length in Go; we only meet plain forms.
  const max = net.isIP(address) === 4 ? 32 : 128;
  const bits = Number(bitsText);
  if (bits > max) return undefined;
  return network.length === 4 && max === 128 ? { network, bits: Math.max(0, bits - 96) } : { network, bits };
}

export function isLoopbackIp(bytes: Uint8Array): boolean {
  if (bytes.length === 4) return bytes[0] === 127;
  return bytes.slice(0, 15).every((b) => b === 0) && bytes[15] === 1;
}
