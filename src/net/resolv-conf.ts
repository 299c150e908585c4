import type { NameServer } from './types.js';

export interface ResolvConf {
  readonly nameservers: readonly NameServer[];
  readonly search: readonly string[];
}

/** Parses resolv.conf text: `nameserver` lines (IPv4 or IPv6, a `%zone` dropped) and the last `search`/`domain`. */
export function parseResolvConf(text: string): ResolvConf {
  const nameservers: NameServer[] = [];
  let search: string[] = [];
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
    }
  }
  return { nameservers, search };
}
