import type { CertSummary, TlsStep } from '../schema/index.js';
import { certDatesProblem, hostnameMatches, isPublicName, stepLocalTime, trustOf } from '../probes/index.js';
import { describeSkew, SKEW_TOLERANCE_SECONDS, skewOf } from './classify-clock.js';
import {
  facts,
  interrupted,
  isAborted,
  isTimeout,
  OK,
  stopWith,
  type ClassifyContext,
  type Facts,
  type JudgeInput,
  type StepJudgement,
} from './classify-types.js';

function localTimeOf(step: TlsStep, context: ClassifyContext): number | undefined {
  return stepLocalTime(step) ?? context.now;
}

interface TimeProblem {
  readonly cause: 'tls.expired' | 'tls.not-yet-valid';
  readonly cert: CertSummary | undefined;
}

function timeProblem(step: TlsStep, now: number | undefined): TimeProblem | undefined {
  const dates = certDatesProblem(step, now);
  return dates ? { cause: dates.problem === 'expired' ? 'tls.expired' : 'tls.not-yet-valid', cert: dates.cert } : undefined;
}

/** Would the certificate be valid by the server's clock? Then our clock is the problem. */
function explainedBySkew(problem: TimeProblem, now: number | undefined, skewSeconds: number | undefined): boolean {
  if (now === undefined || skewSeconds === undefined || Math.abs(skewSeconds) <= SKEW_TOLERANCE_SECONDS) return false;
  if (!problem.cert) return false;
  const serverNow = now - skewSeconds * 1000;
  return Date.parse(problem.cert.validFrom) <= serverNow && serverNow <= Date.parse(problem.cert.validTo);
}

function certFacts(step: TlsStep, now: number | undefined): Facts {
  const ev = step.evidence;
  const leaf = ev.chain[0];
  const last = ev.chain[ev.chain.length - 1];
  return facts({
    servername: ev.servername,
    subject: leaf?.subject,
    subjectAltNames: leaf?.subjectAltNames,
    issuer: ev.anchor ?? (last?.selfIssued ? last.subject : last?.issuer),
    certIssuer: leaf?.issuer,
    validFrom: leaf?.validFrom,
    validTo: leaf?.validTo,
    localTime: now !== undefined ? new Date(now).toISOString() : ev.localTime,
    fingerprint: leaf?.fingerprint256,
    code: ev.authorizationError ?? step.code,
  });
}

/** A reset the moment the ClientHello (and its server name) went out: a filter by name, not a TLS fault. */
const RESET_CODES: ReadonlySet<string | undefined> = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

function judgeHandshake(step: TlsStep): StepJudgement {
  if (isAborted(step)) return interrupted(step);
  const f = facts({ servername: step.evidence.servername, code: step.code, detail: step.evidence.message });
  if (RESET_CODES.has(step.code)) return stopWith('fail', 'tcp.reset', { ...f, variant: 'after-hello' });
  if (isTimeout(step)) return stopWith('fail', 'tls.handshake-timeout', { ...f, ...handshakeTimeoutFacts(step.evidence.bytesReceived) });
  return stopWith('fail', 'tls.handshake-failed', f);
}

/**
 * TCP connected, then the handshake timed out. What came back tells the likely causes apart:
 * - no byte at all (`silent-or-path-mtu`): a server (or a middlebox holding the connection) that never speaks,
 *   or a path-MTU black hole: the server's first full-size segment (its certificate flight) is
 *   dropped on a link with a smaller MTU whose "fragmentation needed" ICMP never comes back, and
 *   the kernel holds the later, smaller segments out of order, so the socket sees nothing;
 * - some bytes, then nothing (`path-mtu`): the answer began and the rest was lost, the mark of a
 *   path-MTU black hole when the server wrote its hello apart from its large certificates, or of
 *   a middlebox that cut the flow after the hello.
 * Without the count (an older report) the entry's own text names both.
 */
function handshakeTimeoutFacts(bytesReceived: number | undefined): Facts {
  if (bytesReceived === undefined) return {};
  return { bytesReceived: String(bytesReceived), variant: bytesReceived === 0 ? 'silent-or-path-mtu' : 'path-mtu' };
}

export function judgeTls({ step, target, context, steps }: JudgeInput<TlsStep>): StepJudgement {
  const ev = step.evidence;
  if (ev.chain.length === 0) return step.ok ? OK : judgeHandshake(step);

  const now = localTimeOf(step, context);
  const base = certFacts(step, now);
  const problem = timeProblem(step, now);
  if (problem) {
    const skew = skewOf(steps) ?? context.clockSkewSeconds;
    const f: Facts = {
      ...base,
      ...facts({ validFrom: problem.cert?.validFrom, validTo: problem.cert?.validTo, subject: problem.cert?.subject }),
    };
    if (explainedBySkew(problem, now, skew)) return stopWith('fail', 'clock.skew', { ...f, skew: describeSkew(skew ?? 0), variant: problem.cause });
    return stopWith('fail', problem.cause, f);
  }

  const trust = trustOf(step);
  const publicName = isPublicName(target.host, target.siteOwned);
  const leaf = ev.chain[0];
  const selfSigned = ev.authorizationError === 'DEPTH_ZERO_SELF_SIGNED_CERT' || (ev.chain.length === 1 && leaf?.selfIssued === true);
  const hostnameOk = hostnameMatches(step);

  if (trust === 'untrusted' && publicName) {
    // One issuer signs the leaves of unrelated public names and nothing public anchors it: a box answering every TLS connection.
    if (leaf !== undefined && context.interceptors?.includes(leaf.issuer) === true) return stopWith('fail', 'tls.intercepted', { ...base, issuer: leaf.issuer, variant: 'transparent' });
    if (selfSigned) return stopWith('fail', 'tls.untrusted', { ...base, variant: 'self-signed' });
    if (ev.authorizationError === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' && ev.chain.length === 1) {
      return stopWith('fail', 'tls.untrusted', { ...base, variant: 'incomplete-chain' });
    }
    return stopWith('fail', 'tls.intercepted', { ...base, variant: 'untrusted' });
  }
  if (!hostnameOk) return stopWith('fail', 'tls.hostname-mismatch', base);
  if (trust === 'untrusted') return stopWith('fail', 'tls.untrusted', { ...base, variant: selfSigned ? 'self-signed' : 'private-ca' });
  if (trust === 'extra' && publicName) return { warns: [{ status: 'warn', cause: 'tls.intercepted', facts: { ...base, variant: 'trusted-here' } }], notes: [] };
  return step.ok ? OK : judgeHandshake(step);
}
