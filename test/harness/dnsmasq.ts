// dnsmasq as a site's resolver inside a namespace (default 127.0.0.1:53, which the namespace's
// resolv.conf names). Each instance has its own conf file and no cache, so answers are fresh.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Netns } from './netns.js';

export interface DnsmasqOptions {
  readonly listen?: string;
  readonly port?: number;
  /** Names -> addresses (IPv4 and/or IPv6), dnsmasq `host-record` + `local=`: the other type is NODATA, subdomains NXDOMAIN. */
  readonly records?: Readonly<Record<string, string | readonly string[]>>;
  /** Domains and all their subdomains -> addresses, dnsmasq `address=/domain/ip` (+ `local=` so other types are NODATA). */
  readonly domains?: Readonly<Record<string, string | readonly string[]>>;
  /** Names answered NXDOMAIN, with their subdomains (dnsmasq `address=/name/`). */
  readonly nxdomain?: readonly string[];
  /** Names answered with the NULL address 0.0.0.0 and :: (dnsmasq `address=/name/#`), a filter's sinkhole. */
  readonly sinkhole?: readonly string[];
  /** Domains forwarded to another server, `IP` or `IP#PORT` (a silent upstream, say). */
  readonly forward?: ReadonlyArray<{ readonly domain: string; readonly server: string }>;
  /** Upstream servers for every other name. */
  readonly upstreams?: readonly string[];
  /**
   * Names nothing above covers, when there are no upstreams: 'nxdomain' (default, as the internet
   * answers a name that does not exist) or 'refused' (dnsmasq's own answer with nowhere to forward).
   */
  readonly unknownNames?: 'nxdomain' | 'refused';
  /** Raw dnsmasq.conf lines, appended. */
  readonly extra?: readonly string[];
}

export interface Dnsmasq {
  readonly address: string;
  readonly port: number;
  readonly configFile: string;
  /** dnsmasq's log (queries included) so far. */
  log(): string;
  stop(): Promise<void>;
}

const list = (v: string | readonly string[]): readonly string[] => (typeof v === 'string' ? [v] : v);

export function dnsmasqConfig(opts: DnsmasqOptions): string {
  const listen = opts.listen ?? '127.0.0.1';
  const lines = [
    `listen-address=${listen}`,
    'bind-interfaces',
    `port=${opts.port ?? 53}`,
    'no-resolv',
    'no-hosts',
    'no-poll',
    'cache-size=0',
    'no-negcache',
    'log-queries=extra',
    'log-facility=-',
  ];
  for (const [name, addrs] of Object.entries(opts.records ?? {})) {
    // local= makes the missing type NODATA; without it dnsmasq forwards it, and with no upstream
    // answers REFUSED, which makes glibc's getaddrinfo fail the whole lookup (OBSERVED.md).
    lines.push(`host-record=${name},${list(addrs).join(',')}`, `local=/${name}/`);
  }
  for (const [domain, addrs] of Object.entries(opts.domains ?? {})) {
    for (const a of list(addrs)) lines.push(`address=/${domain}/${a}`);
    lines.push(`local=/${domain}/`);
  }
  for (const name of opts.nxdomain ?? []) lines.push(`address=/${name}/`);
  for (const name of opts.sinkhole ?? []) lines.push(`address=/${name}/#`);
  for (const f of opts.forward ?? []) lines.push(`server=/${f.domain}/${f.server}`);
  for (const s of opts.upstreams ?? []) lines.push(`server=${s}`);
  if ((opts.unknownNames ?? 'nxdomain') === 'nxdomain' && (opts.upstreams ?? []).length === 0) lines.push('address=/#/');
  lines.push(...(opts.extra ?? []));
  return `${lines.join('\n')}\n`;
}

export async function startDnsmasq(ns: Netns, opts: DnsmasqOptions = {}): Promise<Dnsmasq> {
  const address = opts.listen ?? '127.0.0.1';
  const port = opts.port ?? 53;
  if (address !== '127.0.0.1' && address !== '::1') await ns.addAddress(address);
  const dir = await ns.tempDir('dnsmasq');
  const configFile = join(dir, 'dnsmasq.conf');
  await writeFile(configFile, dnsmasqConfig(opts), { mode: 0o644 });
  const proc = ns.spawn('dnsmasq', ['--keep-in-foreground', `--conf-file=${configFile}`, '--pid-file']);
  await proc.waitForOutput(/started, version/);
  await ns.waitForPort(port, { proto: 'udp' });
  const stop = (): Promise<void> => proc.stop(1_000);
  ns.onDestroy(stop);
  return { address, port, configFile, log: () => proc.output(), stop };
}
