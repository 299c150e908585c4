import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { AddressFamily } from './types.js';

const RTF_UP = 0x1;
const RTF_REJECT = 0x200;

/** An IPv4 default route in /proc/net/route: destination and mask 0, up. */
export function hasDefaultRoute4(text: string): boolean {
  return text.split('\n').slice(1).some((line) => {
    const fields = line.trim().split(/\s+/);
    const [, destination, , flags, , , , mask] = fields;
    if (!destination || !flags || !mask) return false;
    const value = Number.parseInt(flags, 16);
    return destination === '00000000' && mask === '00000000' && (value & RTF_UP) !== 0 && (value & RTF_REJECT) === 0;
  });
}

/** An IPv6 default route in /proc/net/ipv6_route: ::/0, up, not an unreachable (reject) route. */
export function hasDefaultRoute6(text: string): boolean {
  return text.split('\n').some((line) => {
    const fields = line.trim().split(/\s+/);
    const [destination, prefixLength, , , , , , , flags] = fields;
    if (!destination || !prefixLength || !flags) return false;
    const value = Number.parseInt(flags, 16);
    return /^0{32}$/.test(destination) && prefixLength === '00' && (value & RTF_UP) !== 0 && (value & RTF_REJECT) === 0;
  });
}

function hasGlobalAddress(family: AddressFamily): boolean {
  return Object.values(os.networkInterfaces()).some((list) =>
    (list ?? []).some((info) => {
      if (info.internal) return false;
      if (family === 4) return info.family === 'IPv4' && !info.address.startsWith('169.254.');
      return info.family === 'IPv6' && !/^fe[89ab]/i.test(info.address);
    }),
  );
}

/**
 * Whether this machine can send the family beyond its own links: a default route when the
 * kernel's routing table is readable (Linux), else a non-internal, non-link-local address.
 */
export function hasRoute(family: AddressFamily): boolean {
  // Every TCP step asks, up to a hundred at once: the table is read at most once a second.
  const now = performance.now();
  const known = recent.get(family);
  if (known !== undefined && now - known.at < ROUTE_TTL_MS) return known.value;
  const value = readRoute(family);
  recent.set(family, { at: now, value });
  return value;
}

const ROUTE_TTL_MS = 1_000;
const recent = new Map<AddressFamily, { readonly at: number; readonly value: boolean }>();

function readRoute(family: AddressFamily): boolean {
  try {
    const text = readFileSync(family === 4 ? '/proc/net/route' : '/proc/net/ipv6_route', 'utf8');
    return family === 4 ? hasDefaultRoute4(text) : hasDefaultRoute6(text);
  } catch {
    return hasGlobalAddress(family);
  }
}
