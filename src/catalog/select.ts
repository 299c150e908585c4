import { editionsOf, inSiteEdition } from './editions.js';
import type { Elsewhere } from '../schema/index.js';
import type { Topology } from '../topology/index.js';
import { expandRoles } from '../vocabulary/index.js';
import type { Catalog } from './load.js';
import type { Role, Rule, When } from './schema.js';
import { peersFor, peerTemplateOf } from './peer-hosts.js';
import { fillTemplate, hostInWords, isWildcard, templatesIn, TEMPLATE_FILLERS, type TemplateName } from './templates.js';
import { append } from '../append.js';
import { siteDirectHosts } from './no-proxy.js';

export type UnresolvedCause = 'input.missing' | 'input.wildcard-unresolved';

/** A rule made concrete for one host: a template filled, or one concrete name of a wildcard. */
export interface ExpandedRule {
  readonly rule: Rule;
  /** The concrete name to check; the (filled) pattern itself when it stays unresolved. */
  readonly host: string;
  /** The template or wildcard the host came from, as the rule writes it. */
  readonly pattern?: string;
  readonly unresolved?: { readonly cause: UnresolvedCause; readonly detail: string };
}

export interface Selection {
  /** Rules this machine checks: `from` meets one of its roles and `when` holds. */
  readonly here: readonly ExpandedRule[];
  /** Rules that apply to the site but are checked from a machine with another role. */
  readonly elsewhere: readonly Elsewhere[];
  /** The same, expanded, for listings that show them in full (`netreq rules`). */
  readonly elsewhereRules: readonly ExpandedRule[];
  /** The site's own hosts that belong in NO_PROXY (src/catalog/no-proxy.ts decides): reached directly, never through the proxy. */
  readonly directHosts?: readonly string[];
}

/** Whether a rule's condition holds for the site. */
export function whenHolds(when: When, topology: Topology): boolean {
  if (when.workload !== undefined && topology.workload !== 'both' && topology.workload !== when.workload) return false;
  if (when.bcm !== undefined && topology.bcm.enabled !== when.bcm) return false;
  if (when.coLocated !== undefined && topology.controlPlane.coLocated !== when.coLocated) return false;
  if (when.prereqs !== undefined && topology.prereqs !== when.prereqs) return false;
  if (when.cni !== undefined && (topology.cni === undefined || !when.cni.includes(topology.cni))) return false;
  if (when.arcGateway !== undefined && (topology.arcGateway !== undefined) !== when.arcGateway) return false;
  return true;
}

/** The values the site gives for the host templates. */
export function templateValues(topology: Topology): Partial<Record<TemplateName, string>> {
  return {
    ...(topology.controlPlane.fqdn !== undefined ? { controlPlane: topology.controlPlane.fqdn } : {}),
    ...(topology.region ? { region: topology.region.name } : {}),
    ...(topology.region?.code !== undefined ? { regionCode: topology.region.code } : {}),
    ...(topology.arcGateway !== undefined ? { arcGateway: topology.arcGateway } : {}),
  };
}

function missingDetail(names: readonly TemplateName[]): string {
  return `needs ${names.map((name) => TEMPLATE_FILLERS[name]).join(' and ')}`;
}

function concreteNames(pattern: string, rawPattern: string, rule: Rule, topology: Topology): string[] {
  const given = [...(topology.wildcards[pattern] ?? []), ...(topology.wildcards[rawPattern] ?? [])];
  const names = [...given, ...(rule.known?.names ?? [])].map((name) => name.toLowerCase());
  return [...new Set(names)];
}

/** One host string (templates filled once) -> the ExpandedRules for it. */
function expandHost(rule: Rule, host: string, topology: Topology): ExpandedRule[] {
  const raw = rule.to.host;
  const filled = fillTemplate(host, templateValues(topology));
  if (filled.missing.length > 0) {
    return [{ rule, host: hostInWords(filled.host), pattern: raw, unresolved: { cause: 'input.missing', detail: missingDetail(filled.missing) } }];
  }
  if (!isWildcard(filled.host)) return [{ rule, host: filled.host, ...(filled.host === raw ? {} : { pattern: raw }) }];
  const names = concreteNames(filled.host, raw, rule, topology);
  if (names.length === 0) {
    return [{
      rule,
      host: filled.host,
      pattern: raw,
      unresolved: { cause: 'input.wildcard-unresolved', detail: `no concrete name for ${filled.host}: give one with --wildcard '${filled.host}=HOST'` },
    }];
  }
  return names.map((name) => ({ rule, host: name, pattern: raw }));
}

/** Every concrete target of a rule for this site. Guidance rules stay as written: they are notes, not probes. */
export function expandRule(rule: Rule, topology: Topology): ExpandedRule[] {
  if (rule.check === 'guidance') return [{ rule, host: hostInWords(rule.to.host), ...(templatesIn(rule.to.host).length > 0 ? { pattern: rule.to.host } : {}) }];
  const peerTemplate = peerTemplateOf(rule.to.host);
  const peers = peerTemplate !== undefined ? peersFor(peerTemplate, topology.peers ?? []) : [];
  if (peers.length > 0) return peers.map((peer) => ({ rule, host: peer.host.toLowerCase(), pattern: rule.to.host }));
  if (rule.to.host.includes('{headnode}')) {
    if (topology.bcm.headnodes.length === 0) {
      return [{ rule, host: hostInWords(rule.to.host), pattern: rule.to.host, unresolved: { cause: 'input.missing', detail: missingDetail(['headnode']) } }];
    }
    return topology.bcm.headnodes.flatMap((headnode) =>
      expandHost(rule, rule.to.host.replaceAll('{headnode}', headnode), topology).map((expanded) => ({ ...expanded, pattern: rule.to.host })),
    );
  }
  return expandHost(rule, rule.to.host, topology);
}

export function formatPort(rule: Rule): string {
  const { from, to } = rule.to.port;
  const port = from === to ? String(from) : `${from}-${to}`;
  return rule.to.transport === 'udp' ? `${port}/udp` : port;
}

/** The rules for this site, split by whether this machine's roles check them. */
export function select(catalog: Catalog, topology: Topology): Selection {
  const roles: readonly Role[] = expandRoles(topology.roles);
  const editions = editionsOf(catalog, topology);
  const here: ExpandedRule[] = [];
  const elsewhereRules: ExpandedRule[] = [];
  for (const rule of catalog.rules) {
    if (!inSiteEdition(rule, editions) || !whenHolds(rule.when, topology)) continue;
    const target = rule.from.some((role) => roles.includes(role)) ? here : elsewhereRules;
    append(target, expandRule(rule, topology));
  }
  const elsewhere: Elsewhere[] = elsewhereRules.map(({ rule, host }) => ({
    ruleId: rule.id,
    fromRoles: [...rule.from],
    host,
    port: formatPort(rule),
    purpose: rule.purpose,
  }));
  return { here, elsewhere, elsewhereRules, directHosts: siteDirectHosts(topology) };
}
