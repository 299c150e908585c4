import { proxyErrorInTunnel } from './classify-proxy.js';
import { CheckKind } from '../catalog/index.js';
import type { HttpHead, HttpStep } from '../schema/index.js';
import { sameRegistrableDomain } from './registrable-domain.js';
import { facts, interrupted, isAborted, isTimeout, OK, stopWith, type Facts, type JudgeInput, type StepJudgement } from './classify-types.js';

/** Headers only a middlebox's own error or block page carries (its identity, not its prose). */
const MIDDLEBOX_HEADERS = ['x-squid-error'] as const;
/** Statuses that only filters use. */
const FILTER_STATUSES = new Set([451]);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET']);

/** Where the service itself never answers with an HTML page. */
const NON_HTML_SERVICES: ReadonlySet<CheckKind> = new Set(['registry-v2', 'helm-index']);

/** Redirect statuses: a captive portal answers 302, 303 or 307 to its login page. */
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Statuses a web filter's block page carries over plain HTTP (451 is judged above for every scheme). */
const FILTER_PAGE_STATUSES = new Set([403]);

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

/**
 * Evidence in the answer itself that the service (not something on the path) wrote it, whatever its
 * status: the registry's own header, a Helm index's YAML, an apt mirror's listing or Release file,
 * PyPI's simple index. Without it a web filter's HTML page cannot be told from the service's by
 * its status alone.
 */
function serviceEvidence(check: CheckKind, response: HttpHead): boolean {
  if (response.headers['docker-distribution-api-version'] !== undefined) return true;
  const type = response.headers['content-type']?.toLowerCase() ?? '';
  const snippet = response.bodySnippet ?? '';
  switch (check) {
    case 'registry-v2':
      return false;
    case 'helm-index':
      return type.includes('yaml') || /^\s*apiVersion:/.test(snippet);
    case 'apt-mirror':
      return /^index of /i.test(response.title ?? '') || type.startsWith('text/plain') || /^(Origin|Label|Suite|Codename):/m.test(snippet);
    case 'pypi-simple':
      return snippet.includes('pypi:repository-version') || /^links for /i.test(response.title ?? '');
    default:
      return false;
  }
}

/**
 * A Helm repository index as its first bytes show it (the snippet's whitespace is collapsed): YAML
 * (or JSON) with `apiVersion` and `entries`, what `helm repo add` requires of index.yaml.
 */
export function looksLikeHelmIndex(snippet: string): boolean {
  const text = snippet.replace(/^\uFEFF/, '').trimStart();
  if (text.startsWith('{')) return /"apiVersion"\s*:/.test(text) && /"entries"\s*:/.test(text);
  return /^(---\s*)?(#.*\s)?apiVersion:\s*\S/.test(text) && /(^|\s)entries:/.test(text);
}

/** The site's own chart repository (`--helm-repo`) must answer as one: a 200 with a Helm index, not any page. */
function notAnIndex(target: JudgeInput<HttpStep>['target'], check: CheckKind, response: HttpHead): boolean {
  return target.siteOwned && check === 'helm-index' && response.status === 200 && !looksLikeHelmIndex(response.bodySnippet ?? '');
}

/** The request's host, from the step's URL. */
function hostOfUrl(url: string): string | undefined {
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}

/** A redirect's Location resolved against the request's URL; undefined without a readable one. */
function redirectTarget(step: HttpStep, response: HttpHead): URL | undefined {
  const location = response.headers['location'];
  if (location === undefined || location.trim() === '') return undefined;
  try {
    return new URL(location.trim(), step.evidence.url);
  } catch {
    return undefined;
  }
}

/**
 * Plain HTTP: anything on the path (a captive portal, a web filter, a transparent proxy) can answer
 * in the service's name. Over TLS a certificate for the host vouches for who answered (the TLS step
 * judges an inspecting proxy), so the redirect and block-page judgements below are for plain HTTP.
 */
function isPlainHttp(step: HttpStep): boolean {
  return step.evidence.url.toLowerCase().startsWith('http://');
}

/**
 * Port 80 answered by something else. A redirect that stays within the host's registrable domain
 * (to https on the same host, the usual answer on port 80, or to a sibling host of the same owner) is
 * the service's own; one to another domain is a captive portal or a filter sending the request to its
 * login or block page. A 403 HTML page with no sign of the service is a web filter's block page.
 */
function answeredBySomethingElse(step: HttpStep, check: CheckKind, response: HttpHead, f: Facts): StepJudgement | 'service' | undefined {
  if (!isPlainHttp(step)) return undefined;
  const server = response.headers['server'];
  const who = server !== undefined ? { middlebox: `Server: ${server}` } : {};
  if (REDIRECT_STATUSES.has(response.status)) {
    const to = redirectTarget(step, response);
    const from = hostOfUrl(step.evidence.url);
    if (to === undefined || from === undefined) return undefined;
    if (sameRegistrableDomain(to.hostname, from)) return 'service';
    return stopWith('fail', 'http.blocked', { ...f, ...who, location: to.href, redirectHost: to.hostname, variant: 'redirect' });
  }
  if (FILTER_PAGE_STATUSES.has(response.status) && isHtml(response) && !serviceEvidence(check, response)) {
    return stopWith('fail', 'http.blocked', { ...f, ...who, variant: 'filter-page' });
  }
  return undefined;
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
  const elsewhere = answeredBySomethingElse(step, check, response, f);
  if (elsewhere === 'service') return OK;
  if (elsewhere !== undefined) return elsewhere;
  if (notAnIndex(target, check, response)) return stopWith('fail', 'helm.not-an-index', { ...f, detail: response.bodySnippet?.slice(0, 80) ?? '(an empty body)' });
  if (servicePasses(check, response)) return OK;
  if (NON_HTML_SERVICES.has(check) && isHtml(response) && !serviceEvidence(check, response)) return stopWith('fail', 'http.blocked', { ...f, variant: 'html' });
  const variant = check === 'registry-v2' && response.status === 401 ? 'no-bearer' : undefined;
  return stopWith('fail', 'http.unexpected-status', variant ? { ...f, variant } : f);
}
