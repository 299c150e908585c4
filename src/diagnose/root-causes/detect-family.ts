import type { KnowledgeData } from '../../knowledge/index.js';
import type { Finding } from '../../schema/index.js';
import { registrableDomain } from '../registrable-domain.js';
import { allowEntries, bucketed, type Detector, type Group } from './group.js';
import { hostTcp, isPublicTarget, isSiteTarget, listed, proxyAnswer, proxyOf, stepOf, untrustedChain } from './readings.js';

/** One inspection CA, trusted nowhere (or only here), signing the leaves of several hosts. */
export const tlsInspectionCa: Detector = ({ open }) => {
  const issuerOf = (f: Finding): string | undefined =>
    (f.cause === 'tls.intercepted' || f.cause === 'tls.untrusted') && isPublicTarget(f) ? untrustedChain(f)?.issuer : undefined;
  const groups: Group[] = [];
  for (const [issuer, findings] of bucketed(open, issuerOf)) {
    if (findings.length < 2) continue;
    const top = findings.map(untrustedChain).find((c) => c?.top !== undefined)?.top;
    const trustedHere = findings.every((f) => untrustedChain(f)?.trusted === true);
    const facts = {
      variant: trustedHere ? 'trusted-here' : 'untrusted',
      issuer,
      root: top !== undefined && top.selfIssued ? top.subject : 'not sent by the server',
      fingerprint: top?.fingerprint256 ?? 'not known',
      names: listed(findings.map((f) => f.target.host)),
      host: findings[0]?.target.host ?? '',
      port: String(findings[0]?.target.port ?? 443),
    };
    groups.push({ code: 'root.tls-inspection-ca', findings, facts, evidence: ['issuer', 'root', 'fingerprint'], change: 'trust' });
  }
  return groups;
};

/** The family a public host belongs to: the vendor's (catalog/knowledge/host-families.yaml), else its wildcard, else its domain. */
function familyOf(finding: Finding, families: KnowledgeData['hostFamilies']): { key: string; title: string } {
  // The site's own hosts (headnodes, the control plane) are related by the rule that names them all.
  if (!isPublicTarget(finding)) return { key: `rule ${finding.ruleIds.join(',')}`, title: `rule ${finding.ruleIds.join(', ')} (the site's own hosts)` };
  const host = finding.target.host.toLowerCase();
  const labels = host.split('.');
  for (let i = 0; i < labels.length - 1; i += 1) {
    const family = families.get(labels.slice(i).join('.'));
    if (family !== undefined) return { key: `family ${family.name}`, title: family.title };
  }
  if (finding.target.pattern !== undefined) return { key: `pattern ${finding.target.pattern}`, title: finding.target.pattern };
  const domain = registrableDomain(host);
  return { key: `domain ${domain}`, title: `*.${domain}` };
}

/** How a finding failed, beyond its code: the route and what answered (the proxy's identity, the connection's errno). */
function failureOf(finding: Finding): string {
  const way = finding.target.via === 'proxy' ? proxyAnswer(finding) : `${hostTcp(finding)?.code ?? ''} ${middleboxAnswer(finding) ?? ''}`;
  return `${finding.cause ?? ''} ${finding.target.via} ${way}`;
}

/** What a device in the path answered instead of the server (a filter's or a portal's page): its status, where it sends, its title. */
function middleboxAnswer(finding: Finding): string | undefined {
  if (finding.cause !== 'http.blocked') return undefined;
  const step = stepOf(finding, 'http');
  const response = step?.evidence.response;
  if (response === undefined) return undefined;
  const location = response.headers['location'];
  let sendsTo = '';
  if (location !== undefined) {
    try {
      sendsTo = new URL(location).host;
    } catch {
      sendsTo = location;
    }
  }
  return `${response.status} ${sendsTo} ${response.title ?? ''}`;
}

/**
 * Public targets on one port answered by the same device (a web filter's or a captive portal's
 * page: its status, where it sends, its title) across several families: one device on the port, not
 * one cause per vendor. Those that pass on the port are its evidence (what the filter lets through).
 */
function wholePorts(open: readonly Finding[], all: readonly Finding[], families: KnowledgeData['hostFamilies']): Group[] {
  const groups: Group[] = [];
  const keyOf = (f: Finding): string | undefined => (f.status === 'fail' && f.target.via === 'direct' && middleboxAnswer(f) !== undefined && isPublicTarget(f) ? `${f.target.port}\n${failureOf(f)}` : undefined);
  for (const [, findings] of bucketed(open, keyOf)) {
    const first = findings[0];
    if (first === undefined || new Set(findings.map((f) => familyOf(f, families).key)).size < 2) continue;
    const passing = all.filter((f) => f.target.port === first.target.port && isPublicTarget(f) && f.status === 'pass');
    groups.push(familyGroup(findings, passing, `public hosts on port ${first.target.port}`, 'whole-port'));
  }
  return groups;
}

/** Where the missing entry belongs: what stopped the first finding. */
function whereBlocked(finding: Finding): string {
  const cause = finding.cause ?? '';
  if (finding.target.via === 'proxy') return "the proxy's allow-list";
  if (cause.startsWith('dns.')) return 'the DNS filter (its block list)';
  if (cause === 'http.blocked') return 'the web filter in front of port ' + String(finding.target.port);
  if (cause.startsWith('tls.')) return "the firewall's TLS (SNI) filter";
  return 'the firewall';
}

function familyGroup(findings: readonly Finding[], passing: readonly Finding[], title: string, variant: string): Group {
  const first = findings[0] as Finding;
  const facts = {
    variant,
    where: whereBlocked(first),
    hostFamily: title,
    cause: first.cause ?? '',
    route: first.target.via === 'proxy' ? 'through the proxy' : 'directly',
    answer: first.target.via === 'proxy' ? proxyAnswer(first) || 'no answer' : (hostTcp(first)?.outcome ?? first.cause ?? ''),
    names: listed(findings.map((f) => f.target.host)),
    passing: listed(passing.map((f) => f.target.host), 3),
    entries: allowEntries(findings).join(', '),
    host: first.target.host,
    port: String(first.target.port),
    curlProxy: first.target.via === 'proxy' && proxyOf(first) !== undefined ? `--proxy ${proxyOf(first) ?? ''} ` : '',
  };
  return { code: 'root.allowlist-family', findings, facts, evidence: ['hostFamily', 'cause', 'route', 'answer', 'passing'], change: 'allow', entries: allowEntries(findings) };
}

/**
 * Related hosts (one wildcard, one vendor, one domain) failing the same way by the same route:
 * one missing allow-list entry. Its relatives that pass are named as evidence.
 */
export function allowlistFamily(families: KnowledgeData['hostFamilies']): Detector {
  return ({ open, all }) => {
    const groups = wholePorts(open, all, families);
    const taken = new Set(groups.flatMap((g) => g.findings));
    const keyOf = (f: Finding): string | undefined => (!taken.has(f) && f.status === 'fail' && f.cause !== undefined && (isPublicTarget(f) || isSiteTarget(f)) ? `${familyOf(f, families).key}\n${failureOf(f)}` : undefined);
    for (const [, findings] of bucketed(open, keyOf)) {
      const first = findings[0];
      if (first === undefined || findings.length < 2) continue;
      const family = familyOf(first, families);
      const failing = new Set(findings.map((f) => f.target.host));
      const passing = all.filter((f) => f.status === 'pass' && f.target.port === first.target.port && !failing.has(f.target.host) && (isPublicTarget(f) || isSiteTarget(f)) && familyOf(f, families).key === family.key);
      groups.push(familyGroup(findings, passing, family.title, passing.length > 0 ? 'relatives-pass' : 'all'));
    }
    return groups;
  };
}
