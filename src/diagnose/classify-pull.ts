import type { CauseCode } from '../knowledge/index.js';
import { hostPort } from '../probes/index.js';
import type { PullHop, PullStep, StepResult, Target } from '../schema/index.js';
import { facts, OK, stopWith, type Facts, type Issue, type StepJudgement } from './classify-types.js';

/** The outcomes of a hop that never got an answer: the host was not reached, or stopped answering. */
const UNREACHED = new Set(['refused', 'timeout', 'reset', 'tls-error', 'dns-error', 'unreachable', 'error']);

/** Docker Hub warns before it refuses: fewer pulls left than this (or a tenth of the limit) is worth saying. */
const LOW_REMAINING = 10;

type Purpose = 'layer' | 'token' | 'manifest' | 'ping';

/** What the request a hop belongs to was for; a redirect belongs to the request it followed. */
export function requestPurposeOf(hops: readonly PullHop[], index: number): Purpose {
  for (let i = index; i >= 0; i -= 1) {
    const purpose = hops[i]?.purpose;
    if (purpose === undefined || purpose === 'redirect') continue;
    if (purpose === 'config' || purpose === 'layer') return 'layer';
    if (purpose === 'token') return 'token';
    if (purpose === 'ping') return 'ping';
    return 'manifest';
  }
  return 'manifest';
}

const PURPOSE_WORDS: Readonly<Record<Purpose, string>> = {
  layer: 'the layer download',
  token: 'the token service',
  manifest: 'the manifest',
  ping: 'the registry API',
};

/** `N;w=SECONDS` (Docker Hub's ratelimit headers) as its number. */
function rateNumber(value: string | undefined): number | undefined {
  const n = Number.parseInt(value ?? '', 10);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

function pullFacts(step: PullStep, target: Target, hop: PullHop | undefined, purpose: Purpose | undefined): Facts {
  return facts({
    image: step.evidence.image,
    registry: `${target.host}:${target.port}`,
    pullHost: hop?.host,
    pullHostPort: hop ? hostPort(hop.host, hop.port) : undefined,
    pullPurpose: purpose ? PURPOSE_WORDS[purpose] : undefined,
    pullUrl: hop?.url,
    code: hop?.code ?? step.code,
    status: hop?.status,
    bytes: hop?.bytes ?? step.evidence.layer?.bytesRead,
    route: hop?.via === 'proxy' ? 'through the proxy' : 'directly',
    hops: step.evidence.hops.map((h) => `${h.method} ${h.host} ${h.status ?? h.outcome}`).join(' -> '),
  });
}

/** Docker Hub's pulls left, on the manifest's answer: none is a failure, a few a warning. */
function rateLimitIssue(step: PullStep, target: Target): Issue | undefined {
  const manifest = step.evidence.hops.find((h) => h.purpose === 'manifest-head' || h.purpose === 'manifest');
  const limit = rateNumber(manifest?.headers['ratelimit-limit']);
  const remaining = rateNumber(manifest?.headers['ratelimit-remaining']);
  if (limit === undefined || remaining === undefined) return undefined;
  const f = { ...pullFacts(step, target, manifest, 'manifest'), ...facts({ rateLimit: limit, rateRemaining: remaining, url: manifest?.url, retryAfter: 'the window in the ratelimit-limit header' }) };
  // Like a 429 anywhere else (classify-http.ts): it bites when every node pulls at once, a warning with the numbers.
  if (remaining === 0) return { status: 'warn', cause: 'http.rate-limited', facts: f };
  if (remaining < Math.max(LOW_REMAINING, limit / 10)) return { status: 'warn', cause: 'registry.rate-limit-low', facts: f };
  return undefined;
}

function imageOrigin(step: PullStep, target: Target): 'catalog' | 'user' {
  return target.pull?.find((image) => image.ref === step.evidence.image)?.origin ?? 'catalog';
}

/** A certificate out of its dates: no CA makes containerd take it; it is renewed (or this machine's clock set). */
const TLS_DATE_VARIANTS: Readonly<Record<string, string>> = { CERT_HAS_EXPIRED: 'tls-expired', CERT_NOT_YET_VALID: 'tls-not-yet-valid' };

function failAt(cause: CauseCode, f: Facts, variant?: string): StepJudgement {
  return stopWith('fail', cause, variant ? { ...f, variant } : f);
}

/** A hop that was answered with an error status, or never answered, and where it went. */
function pathFailure(step: PullStep, target: Target): StepJudgement {
  const hops = step.evidence.hops;
  const index = hops.length - 1;
  const hop = hops[index];
  const purpose = hop ? requestPurposeOf(hops, index) : undefined;
  const f = pullFacts(step, target, hop, purpose);
  if (hop === undefined) return failAt('registry.pull-failed', f);
  const elsewhere = hop.host !== target.host || hop.port !== target.port;
  if (hop.status === 429) return { warns: [{ status: 'warn', cause: 'http.rate-limited', facts: { ...f, url: hop.url, retryAfter: 'a while' } }], notes: [] };
  if (hop.outcome === 'stalled') return failAt('registry.layer-stalled', f);
  if (hop.status !== undefined && hop.outcome === 'status') {
    // /v2/ answered as a registry, and then a path of the pull did not: something between judges paths.
    if (purpose === 'layer' || elsewhere) return failAt('registry.layer-filtered', f, elsewhere ? undefined : 'registry-host');
    return failAt('registry.pull-failed', f, 'status');
  }
  if (UNREACHED.has(hop.outcome) || hop.code?.startsWith('PROXY_') === true) {
    // The registry's own host (a mirror is reached by the pull alone): say how it could not be reached.
    if (!elsewhere) return failAt('registry.pull-failed', f, hop.outcome === 'tls-error' ? (TLS_DATE_VARIANTS[hop.code ?? ''] ?? 'tls') : hop.outcome === 'dns-error' ? 'dns' : 'connect');
    const variant = hop.code?.startsWith('PROXY_') === true ? 'proxy' : purpose === 'token' ? 'token' : undefined;
    return failAt('registry.layer-blocked', f, variant);
  }
  return failAt('registry.pull-failed', f);
}

/**
 * A registry pull (src/probes/pull), after `/v2/` answered: judged as the container runtime's
 * pull would end. A login the site gave none for is a warning saying what was not verified; a
 * catalog image the registry lacks is a warning (the path was not followed), the site's own a
 * failure; a host the pull was sent to that could not be reached, a path a filter refused, a
 * download that stalled or came back altered fail the registry, naming the host.
 */
export function judgePull(step: PullStep, target: Target, steps: readonly StepResult[] = [step]): StepJudgement {
  const own = judgePullAlone(step, target);
  if (step.ok) return own;
  const failure = own.stop ?? own.warns[0];
  const notes = [...own.notes, ...[...own.warns, ...(own.stop ? [own.stop] : [])].map((issue) => ({ code: issue.cause, facts: issue.facts }))];
  // A fallback that failed too is evidence: the verdict is the mirror's, the host the site configured.
  if (step.evidence.fallback !== undefined) return { warns: [], notes };
  // The runtime tried its next host for this image (another mirror, the upstream) and it served:
  // the pull works, through a host the site did not mean to depend on.
  const servedBy = laterFallbackThatPulled(step, steps);
  if (servedBy === undefined) return own;
  const fell = facts({ fallback: servedBy, failure: failure?.cause, mirrorOf: target.mirror?.of, source: target.mirror?.source, image: target.pull?.[0]?.ref });
  return { warns: [{ status: 'warn', cause: 'registry.mirror-fallback', facts: { ...(failure?.facts ?? {}), ...fell } }], notes };
}

/** The host:port of a pull after this one, for the same image, that fell back there and pulled. */
function laterFallbackThatPulled(step: PullStep, steps: readonly StepResult[]): string | undefined {
  const after = steps.slice(steps.indexOf(step) + 1);
  const served = after.find((s): s is PullStep => s.step === 'pull' && s.ok && s.evidence.fallback !== undefined && s.evidence.image === step.evidence.image);
  return served?.evidence.fallback;
}

function judgePullAlone(step: PullStep, target: Target): StepJudgement {
  const rate = rateLimitIssue(step, target);
  if (step.ok) return rate ? { warns: [rate], notes: [] } : OK;
  const last = step.evidence.hops[step.evidence.hops.length - 1];
  const f = pullFacts(step, target, last, last ? requestPurposeOf(step.evidence.hops, step.evidence.hops.length - 1) : undefined);
  switch (step.outcome) {
    case 'aborted':
      return stopWith('skip', 'check.interrupted', facts({ step: 'pull' }));
    case 'auth-required':
      // A 401/403 on a layer path or another host, after the registry let the pull in: a filter's, not a login's.
      if (last !== undefined) {
        const purpose = requestPurposeOf(step.evidence.hops, step.evidence.hops.length - 1);
        if (purpose === 'layer' || (purpose !== 'token' && last.host !== target.host)) return pathFailure(step, target);
      }
      if (step.evidence.sentCredentials) return failAt('registry.auth-failed', f);
      return { warns: [{ status: 'warn', cause: 'registry.auth-unverified', facts: f }], notes: [] };
    case 'manifest-unknown':
    case 'platform-missing':
      if (imageOrigin(step, target) === 'user') return failAt('registry.image-missing', f, step.outcome === 'platform-missing' ? 'platform' : undefined);
      return { warns: [{ status: 'warn', cause: 'registry.probe-image-missing', facts: f }], notes: [] };
    case 'digest-mismatch':
      return failAt('registry.digest-mismatch', f);
    default:
      return pathFailure(step, target);
  }
}
