import { isPublicName, trustOf } from '../../probes/index.js';
import type { DnsStep, Finding, ProxyStep, TcpStep, TlsStep } from '../../schema/index.js';

/**
 * Readings of a finding's observations that root causes are keyed on: which resolver, which
 * proxy, which issuer, which way a connection failed. Facts only; the detectors decide.
 */

export function stepOf<K extends Finding['steps'][number]['step']>(finding: Finding, name: K): Extract<Finding['steps'][number], { step: K }> | undefined {
  return finding.steps.find((s): s is Extract<Finding['steps'][number], { step: K }> => s.step === name);
}

/** A target finding (not one about this machine, not a peer's) whose name is public. */
export function isPublicTarget(finding: Finding): boolean {
  if (finding.source !== undefined || finding.basis?.target.peer !== undefined) return false;
  return isPublicName(finding.target.host, finding.basis?.target.siteOwned ?? false);
}

/** Did not pass and was judged (a skip is not a symptom). */
export function isSymptom(finding: Finding): boolean {
  return finding.status === 'fail' || finding.status === 'warn';
}

/** The DNS step that this machine's lookup made (not one the proxy makes for us). */
export function localDns(finding: Finding): DnsStep | undefined {
  const step = stepOf(finding, 'dns');
  return step !== undefined && step.evidence.proxyResolves !== true ? step : undefined;
}

/** The resolvers a lookup asked, as one key: the servers asked directly, else how the system looked it up. */
export function resolverOf(step: DnsStep): string {
  const servers = [...new Set(step.evidence.servers.map((s) => s.server))].sort();
  return servers.length > 0 ? servers.join(', ') : step.evidence.system.via;
}

/** `dig`'s server argument for a resolver written `address` or `address:port` (IPv6 in brackets). */
export function digServer(resolver: string): string {
  const first = resolver.split(', ')[0] ?? '';
  const bracketed = /^\[([^\]]+)\]:(\d+)$/.exec(first);
  if (bracketed) return `@${bracketed[1]} -p ${bracketed[2]} `;
  const withPort = /^([^:]+):(\d+)$/.exec(first);
  if (withPort) return withPort[2] === '53' ? `@${withPort[1]} ` : `@${withPort[1]} -p ${withPort[2]} `;
  return /^[0-9a-fA-F.:]+$/.test(first) ? `@${first} ` : '';
}

/** The connection to the host itself (not to the proxy). */
export function hostTcp(finding: Finding): TcpStep | undefined {
  return finding.steps.find((s): s is TcpStep => s.step === 'tcp' && s.evidence.to === 'host');
}

export function proxyTcp(finding: Finding): TcpStep | undefined {
  return finding.steps.find((s): s is TcpStep => s.step === 'tcp' && s.evidence.to === 'proxy');
}

export function proxyStep(finding: Finding): ProxyStep | undefined {
  return stepOf(finding, 'proxy');
}

/** The proxy a finding went through (redacted), from its steps or its context. */
export function proxyOf(finding: Finding): string | undefined {
  return proxyStep(finding)?.evidence.proxy ?? finding.basis?.context.proxy;
}

/** How the proxy answered: its status and error identity, else how the connection to it failed. */
export function proxyAnswer(finding: Finding): string {
  const step = proxyStep(finding);
  const status = step?.evidence.response?.status;
  if (step !== undefined && status !== undefined) return [String(status), step.evidence.proxyError].filter((s) => s !== undefined).join(' ');
  const tcp = proxyTcp(finding);
  if (tcp !== undefined && !tcp.ok) return [tcp.outcome, tcp.code].filter((s) => s !== undefined).join(' ');
  return step?.outcome ?? '';
}

/** The untrusted leaf issuer of a finding's TLS step, and the chain's top certificate. */
export function untrustedChain(finding: Finding): { issuer: string; top: TlsStep['evidence']['chain'][number] | undefined; trusted: boolean } | undefined {
  const step = stepOf(finding, 'tls');
  const leaf = step?.evidence.chain[0];
  if (step === undefined || leaf === undefined) return undefined;
  const chain = step.evidence.chain;
  return { issuer: leaf.issuer, top: chain.length > 1 ? chain[chain.length - 1] : undefined, trusted: trustOf(step) !== 'untrusted' };
}

/** IPv6 failed and IPv4 connected in the connection to the host. */
export function ipv6BrokenHere(finding: Finding): boolean | undefined {
  const tcp = hostTcp(finding);
  if (tcp === undefined) return undefined;
  const v6 = tcp.evidence.attempts.filter((a) => a.family === 6);
  const v4 = tcp.evidence.attempts.filter((a) => a.family === 4);
  if (v6.length === 0 || v4.length === 0) return undefined;
  return v6.every((a) => a.outcome !== 'connected') && v4.some((a) => a.outcome === 'connected');
}

/** `host:port`, the way people write an endpoint. */
export function hostPort(finding: Finding): string {
  const host = finding.target.host.includes(':') ? `[${finding.target.host}]` : finding.target.host;
  return `${host}:${finding.target.port}`;
}

/** A few names, then how many more. */
export function listed(names: readonly string[], most = 4): string {
  const unique = [...new Set(names)];
  return unique.length <= most ? unique.join(', ') : `${unique.slice(0, most).join(', ')} and ${unique.length - most} more`;
}
