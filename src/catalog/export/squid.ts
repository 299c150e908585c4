import type { RuleListing, RuleRow } from './rows.js';
import { compareText } from '../../compare-text.js';

export interface ProxyExport {
  /** What goes to stdout. */
  readonly text: string;
  /** What the format cannot express, for stderr. */
  readonly notes: readonly string[];
}

interface Group {
  readonly port: string;
  /** CONNECT tunnels (TLS and other TCP), or plain HTTP requests the proxy forwards. */
  readonly mode: 'connect' | 'http';
  readonly domains: Set<string>;
  readonly regexes: Set<string>;
}

/** Squid's dstdom_regex is POSIX ERE: a leading `*` is one label or more, any other `*` exactly one. */
export function squidRegex(pattern: string): string {
  const labels = pattern.toLowerCase().split('.');
  const body = labels
    .map((label, i) => {
      if (i === 0 && label === '*') return '[a-z0-9-]+(\\.[a-z0-9-]+)*';
      return label.split('*').map((piece) => piece.replace(/[.+?^$()|[\]\\{}]/g, '\\$&')).join('[a-z0-9-]+');
    })
    .join('\\.');
  return `^${body}$`;
}

/** `*.x` -> `.x` (x and every name under it); a `*` anywhere else needs a regex. */
function classify(host: string): { domain: string } | { regex: string } {
  const lower = host.toLowerCase();
  if (lower.startsWith('*.') && !lower.slice(2).includes('*')) return { domain: lower.slice(1) };
  if (lower.includes('*')) return { regex: squidRegex(lower) };
  return { domain: lower };
}

/** Squid rejects (or warns about) a name that a `.suffix` entry of the same ACL already covers. */
function withoutCovered(domains: Iterable<string>): string[] {
  const all = [...new Set(domains)];
  const suffixes = all.filter((d) => d.startsWith('.'));
  return all
    .filter((d) => !suffixes.some((s) => s !== d && (d === s.slice(1) || d.endsWith(s))))
    .sort((a, b) => compareText(a.replace(/^\./, ''), b.replace(/^\./, '')) || compareText(a, b));
}

function outbound(listing: RuleListing): RuleRow[] {
  return [...listing.here, ...listing.elsewhere].filter((row) => row.direction === 'outbound' && row.check !== 'guidance');
}

export const SQUID_PASTE = "# Paste above squid.conf's first 'http_access deny' line.";

/** What the squid fragment reads of a row: a listing's, or a change request's (request-proxy.ts). */
export type SquidRow = Pick<RuleRow, 'id' | 'host' | 'port' | 'transport' | 'scheme' | 'proxyHost' | 'unresolved' | 'retired'>;

/** A squid.conf fragment allowing the listing's outbound endpoints, port 80 apart from the CONNECT ports. */
export function renderSquid(listing: RuleListing): ProxyExport {
  return squidFragment(outbound(listing), [`# netreq rules --format squid (catalog ${listing.catalogVersion})`, SQUID_PASTE]);
}

/** The fragment for outbound rows, under `header` (comment lines). */
export function squidFragment(rows: readonly SquidRow[], header: readonly string[]): ProxyExport {
  const notes: string[] = [];
  const groups = new Map<string, Group>();
  for (const row of rows) {
    if (row.proxyHost === undefined) {
      notes.push(`${row.id}: ${row.host} is left out: ${row.unresolved?.detail ?? 'its template is not filled'}`);
      continue;
    }
    if (row.transport === 'udp') {
      notes.push(`${row.id}: ${row.proxyHost}:${row.port} is UDP, which an HTTP proxy does not carry`);
      continue;
    }
    const mode = row.scheme === 'http' ? 'http' : 'connect';
    const key = `${mode}:${row.port}`;
    const group = groups.get(key) ?? { port: row.port.replace(/\/.*$/, ''), mode, domains: new Set<string>(), regexes: new Set<string>() };
    groups.set(key, group);
    const entry = classify(row.proxyHost);
    if ('domain' in entry) group.domains.add(entry.domain);
    else group.regexes.add(entry.regex);
    if (row.retired) notes.push(`${row.id}: ${row.proxyHost} is listed although retired: ${row.retired.reason}`);
  }
  const lines = [
    ...header,
    'acl netreq_connect method CONNECT',
  ];
  const ordered = [...groups.values()].sort((a, b) => (a.mode === b.mode ? compareText(a.port, b.port) : a.mode === 'connect' ? -1 : 1));
  for (const group of ordered) {
    const name = `netreq_${group.mode === 'connect' ? 'tls' : 'http'}_${group.port.replace('-', '_')}`;
    lines.push('', `# ${group.mode === 'connect' ? 'CONNECT tunnels (HTTPS and other TCP)' : 'plain HTTP'} to port ${group.port}`, `acl ${name}_port port ${group.port}`);
    const domains = withoutCovered(group.domains);
    for (const domain of domains) lines.push(`acl ${name} dstdomain ${domain}`);
    for (const regex of [...group.regexes].sort()) lines.push(`acl ${name}_re dstdom_regex -i ${regex}`);
    const method = group.mode === 'connect' ? 'netreq_connect' : '!netreq_connect';
    if (domains.length > 0) lines.push(`http_access allow ${method} ${name}_port ${name}`);
    if (group.regexes.size > 0) lines.push(`http_access allow ${method} ${name}_port ${name}_re`);
  }
  return { text: `${lines.join('\n')}\n`, notes };
}
