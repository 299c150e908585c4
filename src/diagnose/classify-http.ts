import { proxyErrorInTunnel } from './classify-proxy.js';
import { CheckKind } from '../catalog/index.js';
import type { HttpHead, HttpStep } from '../schema/index.js';
import { facts, interrupted, isAborted, isTimeout, OK, stopWith, type Facts, type JudgeInput, type StepJudgement } from './classify-types.js';

/** Headers only a middlebox's own error or block page carries (its identity, not its prose). */
const MIDDLEBOX_HEADERS = ['x-squid-error'] as const;
/** Statuses that only filters use. */
const FILTER_STATUSES = new Set([451]);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET']);

/** Where the service itself never answers with an HTML page. */
const NON_HTML_SERVICES: ReadonlySet<CheckKind> = new Set(['registry-v2', 'helm-index']);

function isHtml(response: HttpHead): boolean {
  const type = response.headers['content-type']?.toLowerCase() ?? '';
  return type.includes('text/html') || type.includes('application/xhtml');
}

function middleboxHeader(response: HttpHead): string | undefined {
  for (const name of MIDDLEBOX_HEADERS) {
    const value = response.headers[name];
    if (value !== undefined) return `${name}: ${value}`;
  }
  return undefined;
}

/** Does this answer come from the service the rule needs, by the check kind's rule? */
function servicePasses(check: CheckKind, response: HttpHead): boolean {
  const { status } = response;
  switch (check) {
    case 'registry-v2': {
      if (status === 200) return !isHtml(response);
      const challenge = response.headers['www-authenticate'] ?? '';
      return status === 401 && /^\s*bearer\b/i.test(challenge);
    }
    case 'helm-index':
      // A repository that wants credentials still answers as one: the installer's helm has them.
      return (status === 200 && !isHtml(response)) || (status === 401 && (response.headers['www-authenticate'] ?? '') !== '');
    case 'pypi-simple':
      return status === 200;
    case 'apt-mirror':
    case 'http-any':
    case 'https-reachable':
    case 'tcp-open':
    case 'ssh-banner':
    case 'guidance':
    case 'listener':
      // Any HTTP answer from the service itself, redirects and its own 4xx included.
      return true;
    default: {
      const unreachable: never = check;
      return unreachable;
    }
  }
}

function checkKindOf(step: HttpStep, fallback: CheckKind): CheckKind {
  const parsed = CheckKind.safeParse(step.evidence.check);
  return parsed.success ? parsed.data : fallback;
}

function responseFacts(step: HttpStep, response: HttpHead | undefined): Facts {
  return facts({
    url: step.evidence.url,
    check: step.evidence.check,
    status: response ? `${response.status} ${response.reason}`.trim() : undefined,
    title: response?.title,
    contentType: response?.headers['content-type'],
    server: response?.headers['server'],
    location: response?.headers['location'],
    wwwAuthenticate: response?.headers['www-authenticate'],
    proxyError: response?.headers['x-squid-error'],
    retryAfter: response?.headers['retry-after'],
    code: step.code,
  });
}

export function judgeHttp({ step, target, context, steps }: JudgeInput<HttpStep>): StepJudgement {
  const response = step.evidence.response;
  const f = responseFacts(step, response);
  if (!response) {
    if (step.ok) return OK;
    if (isAborted(step)) return interrupted(step);
    if (isTimeout(step)) return stopWith('fail', 'http.timeout', f);
    if (step.code !== undefined && RESET_CODES.has(step.code)) return stopWith('fail', 'http.blocked', { ...f, variant: 'reset' });
    return stopWith('fail', 'http.unexpected-status', { ...f, variant: step.code === 'closed' ? 'no-answer' : 'not-http' });
  }
  const check = checkKindOf(step, target.check);
  // A proxy that inspects TLS answers inside the tunnel: its own error there is the proxy's verdict
  // (squid's bump: ERR_CONNECT_FAIL, ERR_READ_ERROR, ERR_DNS_FAIL...), judged as the answer to
  // CONNECT is, with the same DNS refinement; only a refusal by policy is a block.
  const squidError = response.headers['x-squid-error'];
  const proxyVerdict = squidError !== undefined ? proxyErrorInTunnel(squidError, steps, f, context.knowledge) : undefined;
  if (proxyVerdict !== undefined) return proxyVerdict;
  const identity = middleboxHeader(response);
  if (identity) return stopWith('fail', 'http.blocked', { ...f, middlebox: identity });
  if (FILTER_STATUSES.has(response.status)) return stopWith('fail', 'http.blocked', f);
  if (response.status === 429) return { warns: [{ status: 'warn', cause: 'http.rate-limited', facts: f }], notes: [] };
  if (servicePasses(check, response)) return OK;
  if (NON_HTML_SERVICES.has(check) && isHtml(response)) return stopWith('fail', 'http.blocked', { ...f, variant: 'html' });
  const variant = check === 'registry-v2' && response.status === 401 ? 'no-bearer' : undefined;
  return stopWith('fail', 'http.unexpected-status', variant ? { ...f, variant } : f);
}
