import { renderNoProxy } from './no-proxy.js';
import { requestComment, requestRows, type ChangeRequest } from './request.js';
import { squidFragment, SQUID_PASTE, type ProxyExport, type SquidRow } from './squid.js';

/** A name squid can take as one ACL value: a report's host could hold spaces or other ACL words. */
const SQUID_NAME = /^[A-Za-z0-9*][A-Za-z0-9*.-]*$/;

const comments = (request: ChangeRequest): string[] => request.rootCauses.flatMap((cause) => requestComment(cause) ?? []);

/** The squid fragment allowing what failed outbound, with a comment per root cause that ports would not fix. */
export function renderRequestSquid(request: ChangeRequest): ProxyExport {
  const notes: string[] = [];
  const rows: SquidRow[] = [];
  for (const row of requestRows(request)) {
    if (row.direction !== 'outbound' || row.via === 'this machine') continue;
    const id = row.rules.map((rule) => rule.id).join(',') || row.cause;
    if (!SQUID_NAME.test(row.host) || !/^\d+(-\d+)?$/.test(row.port)) {
      notes.push(`${id}: ${row.host}:${row.port} is left out: not a name and port squid can take`);
      continue;
    }
    rows.push({ id, host: row.host, port: row.port, transport: row.transport, scheme: row.scheme, proxyHost: row.host });
  }
  const { report } = request;
  const header = [`# netreq rules --from: allow what failed in the report of netreq ${report.version}, started ${report.startedAt}`, SQUID_PASTE, ...comments(request).map((line) => `# ${line}`)];
  const out = squidFragment(rows, header);
  return { text: out.text, notes: [...notes, ...out.notes] };
}

/**
 * The NO_PROXY value of the report's site (as `netreq rules` gives it), and a note per root cause
 * that changes the request: a NO_PROXY value has no comment syntax, so they go where its notes go
 * (stderr; `# ` lines in a file the wizard writes).
 */
export function renderRequestNoProxy(request: ChangeRequest): ProxyExport {
  const listing = {
    all: false,
    here: [],
    elsewhere: [],
    catalogVersion: request.catalogVersion,
    siteOwnedHosts: request.siteOwnedHosts,
    ...(request.remoteControlPlane !== undefined ? { remoteControlPlane: request.remoteControlPlane } : {}),
  };
  const out = renderNoProxy(listing);
  return { text: out.text, notes: [...comments(request), ...out.notes] };
}
