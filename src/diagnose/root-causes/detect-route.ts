import type { CauseCode } from '../../knowledge/index.js';
import type { Finding } from '../../schema/index.js';
import { allowEntries, bucketed, type Detector, type Group } from './group.js';
import { hostTcp, ipv6BrokenHere, isPublicTarget, listed } from './readings.js';

/**
 * NO_PROXY sends public hosts direct, and direct they fail (`proxy.bypassed`): one entry list to
 * fix, for every such host through the same proxy.
 */
export const noProxySendsDirect: Detector = ({ open, all }) => {
  const bypassed = (f: Finding): string | undefined =>
    f.cause === 'proxy.bypassed' && f.target.via === 'direct' && isPublicTarget(f) ? (f.basis?.context.proxy ?? 'the proxy') : undefined;
  const groups: Group[] = [];
  for (const [proxy, findings] of bucketed(open, bypassed)) {
    if (findings.length < 2) continue;
    const matched = [...new Set(findings.flatMap((f) => (f.basis?.target.proxyDecision?.matched !== undefined ? [f.basis.target.proxyDecision.matched] : [])))];
    const proxied = all.filter((f) => f.target.via === 'proxy' && f.source === undefined && (f.basis?.context.proxy ?? 'the proxy') === proxy);
    const facts = {
      variant: proxied.some((f) => f.status === 'pass') ? 'proxy-works' : 'proxy-unproven',
      proxy,
      entries: matched.length > 0 ? matched.join(', ') : 'an entry',
      names: listed(findings.map((f) => f.target.host)),
      host: findings[0]?.target.host ?? '',
      proxyPassing: listed(proxied.filter((f) => f.status === 'pass').map((f) => f.target.host), 3),
    };
    groups.push({ code: 'root.no-proxy-sends-direct', findings, facts, evidence: ['proxy', 'entries', 'proxyPassing'], change: 'no-proxy', entries: matched });
  }
  return groups;
};

const TCP_FAILURES: Readonly<Record<string, string>> = {
  'tcp.timeout': 'no answer to the connection (SYN) in time: a firewall dropping it',
  'tcp.refused': 'refused (RST): a firewall rejecting it, or nothing listening',
  'tcp.unreachable': 'no route: the network or a firewall says unreachable',
  'tcp.reset': 'reset once connected: a firewall or middlebox cutting it',
};

/** Direct, to a public host, failed at the connection: the way it failed, and the port. */
function directFailure(finding: Finding): string | undefined {
  const cause = finding.cause as CauseCode | undefined;
  if (cause === undefined || !(cause in TCP_FAILURES) || finding.target.via !== 'direct' || !isPublicTarget(finding)) return undefined;
  return `${cause} ${finding.target.port}`;
}

/** The ports on which some direct connection to a public host got through. */
function directPortsOpen(all: readonly Finding[]): Set<number> {
  return new Set(all.filter((f) => f.target.via === 'direct' && isPublicTarget(f) && hostTcp(f)?.ok === true).map((f) => f.target.port));
}

/**
 * Every direct connection to a public host on a port fails the same way: this machine has no direct
 * way out (on any port checked), or that port is closed for it while others are open.
 */
export const noDirectEgress: Detector = ({ open, all, runtime }) => {
  const portsOpen = directPortsOpen(all);
  const runtimeProxy = runtime?.runtimes.find((r) => r.effective.httpsProxy !== undefined || r.effective.httpProxy !== undefined);
  const groups: Group[] = [];
  for (const [key, findings] of bucketed(open, directFailure)) {
    const [cause = '', portText = ''] = key.split(' ');
    if (findings.length < 2 || portsOpen.has(Number(portText))) continue;
    const proxyHere = findings.some((f) => f.basis?.context.proxyConfigured === true);
    const proxyState = proxyHere ? 'proxy-here' : runtimeProxy !== undefined ? 'runtime-proxy' : 'no-proxy';
    const facts = {
      variant: portsOpen.size > 0 ? 'port' : proxyState,
      way: TCP_FAILURES[cause] ?? cause,
      ports: portText,
      openPorts: [...portsOpen].sort((a, b) => a - b).join(', '),
      publicNames: String(findings.length),
      names: listed(findings.map((f) => f.target.host)),
      host: findings[0]?.target.host ?? '',
      port: portText,
      runtime: runtimeProxy?.name ?? '',
      proxy: runtimeProxy?.effective.httpsProxy ?? runtimeProxy?.effective.httpProxy ?? '',
    };
    groups.push({ code: 'root.no-direct-egress', findings, facts, evidence: ['way', 'publicNames', 'ports', 'openPorts', 'runtime', 'proxy'], change: 'allow', entries: allowEntries(findings) });
  }
  return groups;
};

/** IPv6 fails and IPv4 works, on every dual-stack target: the site's IPv6 path, not each host. */
export const ipv6Broken: Detector = ({ open, all }) => {
  const dualStack = all.filter((f) => ipv6BrokenHere(f) !== undefined);
  if (dualStack.length < 2 || dualStack.some((f) => ipv6BrokenHere(f) === false)) return [];
  const findings = open.filter((f) => f.cause === 'tcp.family-partial' && ipv6BrokenHere(f) === true);
  if (findings.length === 0) return [];
  const addresses = dualStack.flatMap((f) => hostTcp(f)?.evidence.attempts.filter((a) => a.family === 6 && a.outcome !== 'connected').map((a) => a.address) ?? []);
  const facts = {
    dualStack: String(dualStack.length),
    names: listed(dualStack.map((f) => f.target.host)),
    addresses: listed(addresses, 3),
    host: findings[0]?.target.host ?? '',
    port: String(findings[0]?.target.port ?? 443),
  };
  return [{ code: 'root.ipv6-broken', findings, facts, evidence: ['dualStack', 'addresses'], change: 'ipv6' }];
};
