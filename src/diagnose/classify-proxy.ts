import { defaultKnowledge, type KnowledgeData, type ProxyCause } from '../knowledge/index.js';
import type { ProxyStep, StepResult } from '../schema/index.js';
import { digServer } from './classify-dns.js';
import { facts, interrupted, isAborted, isTimeout, OK, stopWith, type Facts, type JudgeInput, type StepJudgement } from './classify-types.js';

/**
 * A proxy's error identifier (a token, not prose): squid's names from catalog/knowledge/squid-errors.yaml,
 * another product's judged by the words it is made of.
 */
export function causeOfToken(token: string, knowledge: KnowledgeData = defaultKnowledge()): ProxyCause | undefined {
  const upper = token.toUpperCase();
  const known = knowledge.squidErrors.get(upper);
  if (known) return known;
  if (/DNS|RESOLV|NXDOMAIN|UNKNOWN_HOST|NAME_NOT/.test(upper)) return 'proxy.dns-failed';
  if (/AUTH/.test(upper)) return 'proxy.auth-required';
  if (/DENIED|DENY|FORBIDDEN|BLOCK|POLICY|FILTER/.test(upper)) return 'proxy.denied';
  if (/CONNECT|TIMEOUT|UPSTREAM|GATEWAY|UNREACH|REFUSED|RESET/.test(upper)) return 'proxy.upstream-failed';
  return undefined;
}

function causeOfStatus(status: number): ProxyCause {
  if (status === 407) return 'proxy.auth-required';
  if (status >= 500) return 'proxy.upstream-failed';
  return 'proxy.denied';
}

/** Scheme names from evidence, or from the Proxy-Authenticate header when the probe gave none. */
function schemesOf(step: ProxyStep): string[] {
  const ev = step.evidence;
  if (ev.authSchemes && ev.authSchemes.length > 0) return ev.authSchemes;
  const header = ev.response?.headers['proxy-authenticate'];
  if (!header) return [];
  return header
    .split(/,(?=\s*[A-Za-z][\w-]*(?:\s|$))/)
    .map((part) => part.trim().split(/\s+/)[0] ?? '')
    .filter((s) => s.length > 0);
}

function authVariant(step: ProxyStep, schemes: readonly string[]): string {
  const lower = schemes.map((s) => s.toLowerCase());
  const goCanUse = lower.some((s) => s === 'basic');
  if (lower.length > 0 && !goCanUse && lower.every((s) => s === 'ntlm' || s === 'negotiate' || s === 'kerberos')) return 'ntlm-only';
  if (!step.evidence.sentCredentials) return 'no-credentials';
  // A user without a password (a rerun of a saved answers file): nothing to check with the proxy team, a password to give.
  return step.evidence.sentPassword === false ? 'no-password' : 'rejected';
}

/** Strips `user:password@` from a URL that ought to be redacted already: secrets never reach a finding. */
export function withoutCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/i, '$1');
}

/**
 * What squid 5 answers both for a name it cannot resolve and for a next hop it cannot use
 * (squid bug 5294, fixed in squid 6: OBSERVED.md): CONNECT gets ERR_CANNOT_FORWARD, GET ERR_READ_ERROR.
 */
const AMBIGUOUS_ERRORS = new Set(['ERR_CANNOT_FORWARD', 'ERR_READ_ERROR']);

/** DNS outcomes that say the name does not resolve (a refusal or a local error says nothing about the name). */
const NAME_FAILURES = new Set(['nxdomain', 'no-address', 'servfail', 'timeout']);

/**
 * This machine's own DNS evidence that the name does not resolve: no address from the system
 * lookup and none from any resolver asked. A proxy usually uses the site's resolvers, so this
 * tells "cannot resolve" from "cannot forward" when the proxy's answer does not.
 */
function localNameFailure(steps: readonly StepResult[]): Facts | undefined {
  const dns = steps.find((s) => s.step === 'dns');
  if (dns?.step !== 'dns' || !NAME_FAILURES.has(dns.outcome)) return undefined;
  const ev = dns.evidence;
  if (ev.addresses.length > 0 || ev.system.addresses.length > 0 || ev.servers.some((s) => s.addresses.length > 0)) return undefined;
  const culprit = ev.servers.find((s) => s.rcode !== undefined && s.rcode !== 'NOERROR') ?? ev.servers.find((s) => s.error !== undefined) ?? ev.servers[0];
  const said = culprit?.rcode !== undefined && culprit.rcode !== 'NOERROR' ? culprit.rcode : (culprit?.error ?? (dns.outcome === 'no-address' ? 'no address (NOERROR)' : dns.code));
  return facts({
    resolver: culprit?.server ?? ev.system.via,
    rcode: said ?? dns.outcome,
    localCause: `dns.${dns.outcome}`,
    digServer: digServer(culprit?.server),
  });
}

/** The proxy could not go on: which of its failures, refined by our own DNS evidence when its answer is ambiguous. */
function upstreamOrDns(token: string | undefined, steps: readonly StepResult[], base: Facts, knowledge: KnowledgeData): StepJudgement {
  const name = token?.toUpperCase();
  if (name === undefined || AMBIGUOUS_ERRORS.has(name)) {
    const dns = localNameFailure(steps);
    if (dns) return stopWith('fail', 'proxy.dns-failed', { ...base, ...dns, variant: 'local-dns-agrees' });
    if (name === 'ERR_CANNOT_FORWARD') return stopWith('fail', 'proxy.upstream-failed', { ...base, variant: 'cannot-forward' });
  }
  if (name === 'ERR_CONNECT_FAIL') {
    const errno = base['proxyError']?.trim().split(/\s+/)[1];
    // The errno squid appends: what its own connection to the destination got (catalog/knowledge/connect-errnos.yaml).
    const detail = errno !== undefined ? knowledge.connectErrnos.get(errno) : undefined;
    if (detail) return stopWith('fail', 'proxy.upstream-failed', { ...base, detail, variant: 'connect-failed' });
  }
  return stopWith('fail', 'proxy.upstream-failed', base);
}

export function judgeProxy({ step, steps, context }: JudgeInput<ProxyStep>): StepJudgement {
  const knowledge = context.knowledge ?? defaultKnowledge();
  const ev = step.evidence;
  const response = ev.response;
  const errorId = ev.proxyError ?? response?.headers['x-squid-error'];
  const token = errorId?.trim().split(/\s+/)[0];
  const base = facts({
    proxy: withoutCredentials(ev.proxy),
    proxyError: errorId,
    proxyProduct: ev.proxyProduct,
    status: response ? `${response.status} ${response.reason}`.trim() : undefined,
    title: response?.title,
    method: ev.method,
    code: step.code,
  });
  if (!response) {
    if (step.ok) return OK;
    if (isAborted(step)) return interrupted(step);
    return stopWith('fail', 'proxy.upstream-failed', { ...base, variant: isTimeout(step) ? 'no-answer' : 'closed' });
  }
  const status = response.status;
  if (status >= 200 && status < 300 && !token) return OK;
  // A plain-HTTP request through the proxy: the answer may be the origin's; only the proxy's own errors count here.
  if (ev.method === 'GET' && step.ok && !token && status !== 407) return OK;

  const cause = (token ? causeOfToken(token, knowledge) : undefined) ?? causeOfStatus(status);
  if (cause === 'proxy.auth-required') {
    const schemes = schemesOf(step);
    return stopWith('fail', cause, { ...base, ...facts({ authSchemes: schemes.join(', '), variant: authVariant(step, schemes) }) });
  }
  if (cause === 'proxy.upstream-failed' || cause === 'proxy.dns-failed') return proxyFailure(cause, token, steps, base, knowledge);
  return stopWith('fail', cause, base);
}

/** The proxy could not resolve or reach the destination: one judgement, whether its answer came to CONNECT or inside a bumped tunnel. */
function proxyFailure(cause: 'proxy.upstream-failed' | 'proxy.dns-failed', token: string | undefined, steps: readonly StepResult[], base: Facts, knowledge: KnowledgeData): StepJudgement {
  return cause === 'proxy.upstream-failed' ? upstreamOrDns(token, steps, base, knowledge) : stopWith('fail', cause, base);
}

/**
 * A proxy's error page that arrived inside the TLS tunnel of a proxy that bumps TLS (squid's
 * ssl-bump: the CONNECT succeeded, the origin could not be reached or resolved afterwards): the
 * same judgement as the answer to CONNECT, refined by this machine's DNS evidence the same way
 * (squid 5's ERR_READ_ERROR for a name it cannot resolve). `base` carries `proxyError` (the
 * `X-Squid-Error` value) with its errno. Undefined when the error is no failure to go on (a
 * denial, an authentication): the caller judges those.
 */
export function proxyErrorInTunnel(errorId: string, steps: readonly StepResult[], base: Facts, knowledge: KnowledgeData = defaultKnowledge()): StepJudgement | undefined {
  const token = errorId.trim().split(/\s+/)[0];
  const cause = token ? causeOfToken(token, knowledge) : undefined;
  if (cause !== 'proxy.upstream-failed' && cause !== 'proxy.dns-failed') return undefined;
  return proxyFailure(cause, token, steps, { ...base, proxyError: errorId, bumped: ' inside the TLS connection it intercepted' }, knowledge);
}
