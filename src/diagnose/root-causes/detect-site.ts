import type { CauseCode } from '../../knowledge/index.js';
import type { Finding } from '../../schema/index.js';
import { describeSkew } from '../classify-clock.js';
import { medianSkew } from '../site-findings.js';
import { bucketed, type Detector, type Group } from './group.js';
import { digServer, isPublicTarget, listed, localDns, proxyAnswer, proxyOf, resolverOf } from './readings.js';

/** Causes a wrong clock gives a target: its certificates out of their dates, its server's Date far off. */
const CLOCK_SYMPTOMS: ReadonlySet<string> = new Set<CauseCode>(['clock.skew', 'tls.expired', 'tls.not-yet-valid']);

/** This machine's clock (the host finding, judged from every server's Date) and the targets it breaks. */
export const clockWrong: Detector = ({ open, all }) => {
  const host = all.find((f) => f.source === 'site' && f.cause === 'clock.skew');
  if (host === undefined) return [];
  const broken = open.filter((f) => f.source === undefined && f.cause !== undefined && CLOCK_SYMPTOMS.has(f.cause));
  if (broken.length === 0) return [];
  const skew = medianSkew(all);
  const facts = {
    skew: skew !== undefined ? describeSkew(skew) : 'far from',
    hosts: listed(broken.map((f) => f.target.host)),
  };
  return [{ code: 'root.clock-wrong', findings: [host, ...broken], facts, evidence: ['skew', 'hosts'], change: 'clock' }];
};

const DNS_FAILURES: Readonly<Record<string, string>> = {
  'dns.nxdomain': 'nxdomain',
  'dns.servfail': 'servfail',
  'dns.refused': 'refused',
  'dns.timeout': 'silent',
  'dns.resolver-unreachable': 'silent',
};
const DNS_ANSWER: Readonly<Record<string, string>> = { nxdomain: 'NXDOMAIN', servfail: 'SERVFAIL', refused: 'REFUSED', silent: 'no answer' };

/** The resolver and the way it failed, for a direct lookup that failed. */
function dnsFailureKey(finding: Finding): string | undefined {
  const kind = finding.cause !== undefined ? DNS_FAILURES[finding.cause] : undefined;
  const step = localDns(finding);
  if (kind === undefined || step === undefined || finding.source !== undefined || finding.target.via !== 'direct') return undefined;
  return `${resolverOf(step)}\n${kind}`;
}

/**
 * The same resolver fails every public name the same way, and resolves none: it does not forward
 * public names (NXDOMAIN), cannot reach its forwarders (SERVFAIL), refuses this machine, or is silent.
 * Two public names at least; two unrelated NXDOMAINs beside public names that resolve are not this.
 */
export const dnsPublicUnresolved: Detector = ({ open, all }) => {
  const groups: Group[] = [];
  for (const [key, findings] of bucketed(open, dnsFailureKey)) {
    const [resolver = '', kind = ''] = key.split('\n');
    const publicFailed = findings.filter(isPublicTarget);
    if (publicFailed.length < 2) continue;
    const resolvedHere = all.filter((f) => {
      const step = localDns(f);
      return step !== undefined && step.ok && resolverOf(step) === resolver;
    });
    if (resolvedHere.some(isPublicTarget)) continue;
    const internal = resolvedHere.map((f) => f.target.host);
    const nothing = internal.length === 0 && findings.length > publicFailed.length;
    const first = publicFailed[0]?.target.host ?? '';
    const facts = {
      variant: nothing ? 'nothing' : kind,
      resolver,
      answer: DNS_ANSWER[kind] ?? kind,
      publicNames: String(publicFailed.length),
      names: listed(findings.map((f) => f.target.host)),
      internalResolved: internal.length > 0 ? listed(internal, 3) : 'none checked',
      digServer: digServer(resolver),
      host: first,
    };
    groups.push({ code: 'root.dns-public-unresolved', findings, facts, evidence: ['resolver', 'answer', 'publicNames', 'internalResolved'], change: 'dns' });
  }
  return groups;
};

const PROXY_REFUSALS: Readonly<Record<string, string>> = {
  'proxy.auth-required': 'auth',
  'proxy.unreachable': 'dead',
  'proxy.denied': 'deny-all',
};

/** The proxy, how it refused and with what identity. */
function proxyRefusalKey(finding: Finding): string | undefined {
  const kind = finding.cause !== undefined ? PROXY_REFUSALS[finding.cause] : undefined;
  const proxy = proxyOf(finding);
  if (kind === undefined || proxy === undefined || finding.target.via !== 'proxy' || finding.source !== undefined) return undefined;
  return `${proxy}\n${kind}\n${proxyAnswer(finding)}`;
}

/** Every target through one proxy refused by it the same way: its credentials, the proxy itself down, an ACL that denies everything. */
export const proxyFailsAll: Detector = ({ open, all }) => {
  const groups: Group[] = [];
  for (const [key, findings] of bucketed(open, proxyRefusalKey)) {
    if (findings.length < 2) continue;
    const [proxy = '', kind = '', answer = ''] = key.split('\n');
    const through = all.filter((f) => f.source === undefined && f.target.via === 'proxy' && f.status !== 'skip' && proxyOf(f) === proxy);
    if (through.some((f) => proxyRefusalKey(f) !== key)) continue;
    const facts = {
      variant: kind,
      proxy,
      answer: answer || 'no answer',
      host: findings[0]?.target.host ?? '',
      names: listed(findings.map((f) => f.target.host)),
    };
    groups.push({ code: 'root.proxy-fails-all', findings, facts, evidence: ['proxy', 'answer'], change: 'proxy' });
  }
  return groups;
};
