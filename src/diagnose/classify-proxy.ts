import type { ProxyStep } from '../probes/schema.js';
import { facts, interrupted, isAborted, isTimeout, OK, stopWith, type JudgeInput, type StepJudgement } from './classify-types.js';

type ProxyCause = 'proxy.auth-required' | 'proxy.denied' | 'proxy.upstream-failed' | 'proxy.dns-failed';

/** Squid's error page identities (X-Squid-Error), by what they mean for us. */
const SQUID_ERRORS: Readonly<Record<string, ProxyCause>> = {
  ERR_ACCESS_DENIED: 'proxy.denied',
  ERR_FORWARDING_DENIED: 'proxy.denied',
  ERR_NO_RELAY: 'proxy.denied',
  ERR_CONFLICT_HOST: 'proxy.denied',
  ERR_TOO_BIG: 'proxy.denied',
  ERR_UNSUP_REQ: 'proxy.denied',
  ERR_CACHE_ACCESS_DENIED: 'proxy.auth-required',
  ERR_DNS_FAIL: 'proxy.dns-failed',
  ERR_CONNECT_FAIL: 'proxy.upstream-failed',
  ERR_READ_TIMEOUT: 'proxy.upstream-failed',
  ERR_READ_ERROR: 'proxy.upstream-failed',
  ERR_WRITE_ERROR: 'proxy.upstream-failed',
  ERR_ZERO_SIZE_OBJECT: 'proxy.upstream-failed',
  ERR_LIFETIME_EXP: 'proxy.upstream-failed',
  ERR_CANNOT_FORWARD: 'proxy.upstream-failed',
  ERR_GATEWAY_FAILURE: 'proxy.upstream-failed',
  ERR_SHUTTING_DOWN: 'proxy.upstream-failed',
  ERR_SECURE_CONNECT_FAIL: 'proxy.upstream-failed',
  ERR_INVALID_RESP: 'proxy.upstream-failed',
  ERR_ICAP_FAILURE: 'proxy.upstream-failed',
};

/** Another product's error identifier (a token, not prose): judged by the words it is made of. */
function causeOfToken(token: string): ProxyCause | undefined {
  const known = SQUID_ERRORS[token.toUpperCase()];
  if (known) return known;
  const upper = token.toUpperCase();
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
  return step.evidence.sentCredentials ? 'rejected' : 'no-credentials';
}

/** Strips `user:password@` from a URL that ought to be redacted already: secrets never reach a finding. */
export function withoutCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/i, '$1');
}

export function judgeProxy({ step }: JudgeInput<ProxyStep>): StepJudgement {
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

  const cause = (token ? causeOfToken(token) : undefined) ?? causeOfStatus(status);
  if (cause === 'proxy.auth-required') {
    const schemes = schemesOf(step);
    return stopWith('fail', cause, { ...base, ...facts({ authSchemes: schemes.join(', '), variant: authVariant(step, schemes) }) });
  }
  return stopWith('fail', cause, base);
}
