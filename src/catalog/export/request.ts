import type { RootCauseChange } from '../../schema/index.js';
import type { Direction, Rule, SourceRef } from '../schema.js';

/**
 * The change request for what actually failed, made from a saved report (`netreq rules --from`):
 * its root causes, each with the fewest allow entries or the change to ask for instead, and the
 * failures no root cause explains. Every text taken from the report is already one clean line
 * (src/cli/change-request.ts cleans it); the renderers here only escape for their format.
 */
export interface ChangeRequest {
  readonly catalogVersion: string;
  /** The report's netreq version, start time and catalog, for the header. */
  readonly report: { readonly version: string; readonly startedAt: string; readonly catalogVersion?: string };
  readonly rootCauses: readonly RequestCause[];
  /** Failing and warning findings that no root cause explains, in report order. */
  readonly standalone: readonly RequestRow[];
  /** The site's own hosts (never through the proxy), from the report's topology when it describes a site. */
  readonly siteOwnedHosts: readonly string[];
  readonly remoteControlPlane?: string;
}

/** A catalog rule behind a row; `known: false` when this catalog has no rule of that id (a report from another catalog). */
export interface RequestRule {
  readonly id: string;
  readonly known: boolean;
  readonly purpose: string;
  readonly sources: readonly SourceRef[];
  readonly direction?: Direction;
}

/** One line of the request: an allow entry of a root cause, or one failure that stands alone. */
export interface RequestRow {
  /** The host, or the entry's wildcard (`*.blob.core.windows.net`). */
  readonly host: string;
  readonly port: string;
  readonly transport: Rule['to']['transport'];
  readonly scheme: Rule['to']['scheme'];
  /** How it was checked: direct, through the proxy, or a finding about this machine (its runtime, its clock). */
  readonly via: 'direct' | 'proxy' | 'this machine';
  readonly direction: Direction;
  readonly status: 'fail' | 'warn';
  readonly rules: readonly RequestRule[];
  /** The finding's cause, or the root cause's code for an entry. */
  readonly cause: string;
  /** One line of what was seen: the failing step, or the root cause's summary. */
  readonly evidence: string;
  /** The first sentence of the explanation. */
  readonly explanation: string;
  /** For an entry: the targets (host:port) it covers. */
  readonly targets?: readonly string[];
}

export interface RequestCause {
  readonly code: string;
  readonly status: 'fail' | 'warn';
  readonly title: string;
  readonly summary: string;
  readonly evidence: readonly (readonly [string, string])[];
  readonly change: RootCauseChange;
  /** The request's entries as the root cause gives them (allow entries, or the NO_PROXY entries to drop). */
  readonly entries: readonly string[];
  /** `allow`: one row per entry, joined to the catalog rules of the findings it covers; otherwise empty. */
  readonly rows: readonly RequestRow[];
  readonly targets: readonly string[];
  readonly explanation: string;
  readonly remediation: string;
  readonly verify: string;
}

/** What to ask for instead of a firewall entry, by the kind of change. */
export const INSTEAD_OF_PORTS: Readonly<Record<Exclude<RootCauseChange, 'allow'>, string>> = {
  dns: 'a DNS change',
  trust: "a trust change (the inspecting proxy's CA, or no inspection for these hosts)",
  'no-proxy': 'a NO_PROXY change',
  proxy: "a change to the proxy's own settings",
  clock: "a fix to this machine's clock (time sync)",
  ipv6: 'an IPv6 routing fix (or IPv4 preferred)',
};

/**
 * The one line a format's comment carries for a root cause that changes the request, or
 * undefined for an allow-list change (its entries are rows).
 */
export function requestComment(cause: RequestCause): string | undefined {
  if (cause.change === 'allow') return undefined;
  if (cause.change === 'no-proxy' && cause.entries.length > 0) return `${cause.code}: remove ${cause.entries.join(', ')} from NO_PROXY`;
  return `${cause.code}: opening ports will not help: ask for ${INSTEAD_OF_PORTS[cause.change]}: ${cause.remediation}`;
}

/** Every row of the request: the root causes' entries, then the failures standing alone. */
export function requestRows(request: ChangeRequest): RequestRow[] {
  return [...request.rootCauses.flatMap((cause) => cause.rows), ...request.standalone];
}

/** A rule's vendor sources in one line: `doc: says | doc`. */
export function sourcesText(rules: readonly RequestRule[]): string {
  const all = rules.flatMap((rule) => rule.sources.map((source) => (source.says !== undefined ? `${source.doc}: ${source.says}` : source.doc)));
  return [...new Set(all)].join(' | ');
}

/** The purposes of a row's rules, without repeats. */
export function purposesText(rules: readonly RequestRule[]): string {
  return [...new Set(rules.map((rule) => rule.purpose))].join('; ');
}
