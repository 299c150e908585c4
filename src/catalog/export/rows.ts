import type { Topology } from '../../topology/index.js';
import { remoteControlPlane, siteDirectHosts } from '../no-proxy.js';
import type { Role, Rule, SourceRef, When } from '../schema.js';
import { formatPort, templateValues, type ExpandedRule, type Selection } from '../select.js';
import { fillTemplate, isWildcard } from '../templates.js';

/** One line of a rule listing: a rule, or one concrete target of it. */
export interface RuleRow {
  readonly id: string;
  readonly product: Rule['product'];
  readonly section: string;
  readonly direction: Rule['direction'];
  readonly from: readonly Role[];
  readonly host: string;
  readonly pattern?: string;
  readonly port: string;
  readonly transport: Rule['to']['transport'];
  readonly scheme: Rule['to']['scheme'];
  readonly purpose: string;
  readonly check?: Rule['check'];
  readonly when: When;
  readonly sources: readonly SourceRef[];
  readonly sourceRanges?: readonly string[];
  readonly added?: Rule['added'];
  readonly retired?: Rule['retired'];
  readonly guidance?: string;
  readonly known?: Rule['known'];
  readonly unresolved?: ExpandedRule['unresolved'];
  /** The name a proxy allow-list needs: the wildcard with its templates filled, else the host; absent while a template is unfilled. */
  readonly proxyHost?: string;
  /** In a selection: checked from this machine, or from one with another role. */
  readonly location?: 'here' | 'elsewhere';
}

export interface RuleListing {
  /** The whole catalog, unfiltered (`--all`). */
  readonly all: boolean;
  /** This machine's roles, expanded; absent with `--all`. */
  readonly roles?: readonly Role[];
  readonly here: readonly RuleRow[];
  readonly elsewhere: readonly RuleRow[];
  readonly catalogVersion: string;
  /** The site's own hosts, never through the proxy (src/catalog/no-proxy.ts decides them). */
  readonly siteOwnedHosts: readonly string[];
  /** The control plane's name when it is not on this cluster: reached through the proxy, never in NO_PROXY. */
  readonly remoteControlPlane?: string;
}

function baseRow(rule: Rule, host: string, pattern: string | undefined): Omit<RuleRow, 'proxyHost' | 'unresolved' | 'location'> {
  return {
    id: rule.id,
    product: rule.product,
    section: rule.section,
    direction: rule.direction,
    from: rule.from,
    host,
    ...(pattern !== undefined ? { pattern } : {}),
    port: formatPort(rule),
    transport: rule.to.transport,
    scheme: rule.to.scheme,
    purpose: rule.purpose,
    ...(rule.check !== undefined ? { check: rule.check } : {}),
    when: rule.when,
    sources: rule.sources,
    ...(rule.sourceRanges !== undefined ? { sourceRanges: rule.sourceRanges } : {}),
    ...(rule.added !== undefined ? { added: rule.added } : {}),
    ...(rule.retired !== undefined ? { retired: rule.retired } : {}),
    ...(rule.guidance !== undefined ? { guidance: rule.guidance } : {}),
    ...(rule.known !== undefined ? { known: rule.known } : {}),
  };
}

const hasTemplate = (host: string): boolean => /\{[A-Za-z]+\}/.test(host);

/** The whole catalog as written: templates and wildcards unexpanded. */
export function rowsFromRules(rules: readonly Rule[]): RuleRow[] {
  return rules.map((rule) => ({
    ...baseRow(rule, rule.to.host, undefined),
    ...(hasTemplate(rule.to.host) || rule.check === 'guidance' ? {} : { proxyHost: rule.to.host }),
  }));
}

function rowFromExpanded(expanded: ExpandedRule, topology: Topology, location: 'here' | 'elsewhere'): RuleRow {
  const { rule } = expanded;
  let proxyHost: string | undefined;
  // A host still missing its input is in words (`hostInWords`): nothing a proxy could allow.
  if (rule.check !== 'guidance' && expanded.unresolved?.cause !== 'input.missing') {
    const filled = isWildcard(rule.to.host) ? fillTemplate(rule.to.host, templateValues(topology)).host : expanded.host;
    proxyHost = hasTemplate(filled) ? undefined : filled;
  }
  return {
    ...baseRow(rule, expanded.host, expanded.pattern),
    ...(expanded.unresolved !== undefined ? { unresolved: expanded.unresolved } : {}),
    ...(proxyHost !== undefined ? { proxyHost } : {}),
    location,
  };
}

export function listingFromSelection(selection: Selection, topology: Topology, roles: readonly Role[], catalogVersion: string): RuleListing {
  const remote = remoteControlPlane(topology);
  return {
    all: false,
    roles,
    here: selection.here.map((expanded) => rowFromExpanded(expanded, topology, 'here')),
    elsewhere: selection.elsewhereRules.map((expanded) => rowFromExpanded(expanded, topology, 'elsewhere')),
    catalogVersion,
    siteOwnedHosts: siteDirectHosts(topology),
    ...(remote !== undefined ? { remoteControlPlane: remote } : {}),
  };
}

export function listingFromCatalog(rules: readonly Rule[], catalogVersion: string): RuleListing {
  return { all: true, here: rowsFromRules(rules), elsewhere: [], catalogVersion, siteOwnedHosts: [] };
}

export function whenText(when: When): string {
  return Object.entries(when)
    .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join('|') : String(value)}`)
    .join(' ');
}
