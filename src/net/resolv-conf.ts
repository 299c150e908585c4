import type { NameServer } from './types.js';

/**
 * How glibc's stub resolver goes through the nameservers (resolv.conf `options`): each query goes
 * to the first server, waits `timeoutS` for it, then tries the next; the whole round is repeated
 * `attempts` times. `rotate` starts each query at the next server in turn instead of the first.
 */
export interface ResolverPolicy {
  readonly timeoutS: number;
  readonly attempts: number;
  readonly rotate: boolean;
}

/** glibc's defaults (resolv.h RES_TIMEOUT, RES_DFLRETRY) and caps (RES_MAXRETRANS, RES_MAXRETRY). */
export const GLIBC_DEFAULT_POLICY: ResolverPolicy = { timeoutS: 5, attempts: 2, rotate: false };
const MAX_TIMEOUT_S = 30;
const MAX_ATTEMPTS = 5;

export interface ResolvConf {
  readonly nameservers: readonly NameServer[];
  readonly search: readonly string[];
  readonly policy: ResolverPolicy;
}

function bounded(value: string, max: number, fallback: number): number {
  const n = Number.parseInt(value, 10);
  return Number.isFinite(n) && n >= 0 ? Math.min(n, max) : fallback;
}

/**
 * Parses resolv.conf text: `nameserver` lines (IPv4 or IPv6, a `%zone` dropped), the last
 * `search`/`domain`, and the `options` glibc reads for the order and cost of its queries
 * (`timeout:`, `attempts:`, `rotate`; the last of each wins, as in glibc).
 */
export function parseResolvConf(text: string): ResolvConf {
  const nameservers: NameServer[] = [];
  let search: string[] = [];
  let { timeoutS, attempts, rotate } = GLIBC_DEFAULT_POLICY;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/[#;].*$/, '').trim();
    if (!line) continue;
    const [keyword, ...values] = line.split(/\s+/);
    if (keyword === 'nameserver' && values[0]) {
      const address = values[0].replace(/%.*$/, '');
      nameservers.push({ address, port: 53 });
    } else if ((keyword === 'search' || keyword === 'domain') && values.length > 0) {
      // The last search or domain line wins, as in glibc.
      search = values;
    } else if (keyword === 'options') {
      for (const option of values) {
        if (option.startsWith('timeout:')) timeoutS = Math.max(1, bounded(option.slice(8), MAX_TIMEOUT_S, timeoutS));
        else if (option.startsWith('attempts:')) attempts = Math.max(1, bounded(option.slice(9), MAX_ATTEMPTS, attempts));
        else if (option === 'rotate') rotate = true;
      }
    }
  }
  return { nameservers, search, policy: { timeoutS, attempts, rotate } };
}
