import { explain, type KnowledgeData, type RemediationTable } from '../knowledge/index.js';
import { isPublicName, trustOf } from '../probes/index.js';
import { summarize } from '../report/index.js';
import type { Finding, HttpStep, Report } from '../schema/index.js';
import { classify } from './classify.js';
import { classifyContextOf } from './classify-basis.js';
import { describeSkew, SKEW_TOLERANCE_SECONDS } from './classify-clock.js';
import { registrableDomain } from './registrable-domain.js';
import { listed } from './root-causes/readings.js';

/**
 * Findings about this machine that no single target shows: judged from every target's
 * observations together. Today its clock: the servers' `Date` headers against it. Pure, so that
 * `report --reclassify` makes them again from the saved steps (`source: 'site'`).
 */

interface ClockReading {
  readonly finding: Finding;
  readonly step: HttpStep;
  readonly skew: number;
}

function readings(findings: readonly Finding[]): ClockReading[] {
  return findings.flatMap((finding) =>
    finding.source !== undefined
      ? []
      : finding.steps.flatMap((step) => (step.step === 'http' && step.evidence.clockSkewSeconds !== undefined ? [{ finding, step, skew: step.evidence.clockSkewSeconds }] : [])),
  );
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** The median of the servers' clocks against this machine's, in seconds (positive: this machine ahead); undefined with no reading. */
export function medianSkew(findings: readonly Finding[]): number | undefined {
  const all = readings(findings);
  return all.length === 0 ? undefined : median(all.map((r) => r.skew));
}

/**
 * One host-level `fail clock.skew` when the servers' clocks (the median of every `Date` header
 * seen, so that one server with a wrong clock is not taken for this machine's) differ from this
 * machine's by more than the platform's tokens and certificates allow (about 5 minutes), naming
 * both times and the servers; undefined otherwise.
 */
export function clockFinding(findings: readonly Finding[], options: { readonly siteFlags?: string | undefined; readonly remediations?: RemediationTable | undefined } = {}): Finding | undefined {
  const all = readings(findings);
  if (all.length === 0) return undefined;
  const skew = median(all.map((r) => r.skew));
  if (Math.abs(skew) <= SKEW_TOLERANCE_SECONDS) return undefined;
  const agreeing = all.filter((r) => Math.sign(r.skew) === Math.sign(skew) && Math.abs(r.skew) > SKEW_TOLERANCE_SECONDS);
  const first = agreeing[0] ?? all[0];
  if (first === undefined) return undefined;
  const localAt = first.step.startedAt !== undefined ? Date.parse(first.step.startedAt) : first.finding.basis?.context.now;
  const localTime = localAt !== undefined && Number.isFinite(localAt) ? new Date(localAt).toISOString() : undefined;
  const serverTime = first.step.evidence.response?.headers['date'] ?? (localAt !== undefined && Number.isFinite(localAt) ? new Date(localAt - first.skew * 1000).toUTCString() : undefined);
  const facts: Record<string, string> = {
    variant: 'host',
    skew: describeSkew(skew),
    servers: listed(agreeing.map((r) => r.finding.target.host)),
    serverCount: String(new Set(agreeing.map((r) => r.finding.target.host)).size),
    url: first.step.evidence.url,
    ...(localTime !== undefined ? { localTime } : {}),
    ...(serverTime !== undefined ? { serverTime } : {}),
    ...((options.siteFlags ?? first.finding.basis?.context.siteFlags) !== undefined ? { siteFlags: options.siteFlags ?? first.finding.basis?.context.siteFlags ?? '' } : {}),
  };
  const texts = explain('clock.skew', facts, options.remediations);
  const target = first.finding.target;
  return {
    ruleIds: ['host.clock'],
    target: { host: target.host, port: target.port, transport: target.transport, scheme: target.scheme, via: target.via },
    status: 'fail',
    cause: 'clock.skew',
    notes: [],
    steps: [],
    explanation: texts.explanation,
    remediation: texts.remediation,
    verify: texts.verify,
    source: 'site',
  };
}

/** The issuer of a finding's leaf when no trusted root anchors its chain and the name is public. */
function untrustedIssuer(finding: Finding): string | undefined {
  if (finding.source !== undefined || finding.basis === undefined) return undefined;
  if (!isPublicName(finding.basis.target.host, finding.basis.target.siteOwned)) return undefined;
  for (const step of finding.steps) {
    if (step.step === 'tls' && step.evidence.chain.length > 0 && trustOf(step) === 'untrusted') return step.evidence.chain[0]?.issuer;
  }
  return undefined;
}

/**
 * Issuers that sign the leaves of public names of at least two unrelated registrable domains while
 * no trusted root anchors them. Two companies' services never share a leaf issuer that is missing
 * from the chain they send: a box answering every TLS connection and minting a certificate per name
 * does (transparent interception, no proxy needed).
 */
export function interceptorsOf(findings: readonly Finding[]): string[] {
  const domains = new Map<string, Set<string>>();
  for (const finding of findings) {
    const issuer = untrustedIssuer(finding);
    if (issuer === undefined) continue;
    const seen = domains.get(issuer) ?? new Set<string>();
    seen.add(registrableDomain(finding.target.host));
    domains.set(issuer, seen);
  }
  return [...domains].filter(([, seen]) => seen.size >= 2).map(([issuer]) => issuer);
}

export interface SiteOptions {
  readonly siteFlags?: string | undefined;
  readonly remediations?: RemediationTable | undefined;
  readonly knowledge?: KnowledgeData | undefined;
}

/** The targets whose chain an interceptor signed, judged again knowing it (the others as they are). */
function withInterceptors(findings: readonly Finding[], options: SiteOptions): Finding[] {
  const interceptors = interceptorsOf(findings);
  if (interceptors.length === 0) return [...findings];
  return findings.map((finding) => {
    const issuer = untrustedIssuer(finding);
    const basis = finding.basis;
    if (issuer === undefined || basis === undefined || basis.thrown !== undefined || !interceptors.includes(issuer)) return finding;
    const context = { ...classifyContextOf(basis.context, options.knowledge), interceptors };
    return classify(basis.target, finding.steps, context, options.remediations !== undefined ? { remediations: options.remediations } : {});
  });
}

/**
 * The report with what only the whole run shows: targets signed by an interceptor judged again as
 * interception, and the site-wide findings made again from the targets' observations (after the
 * targets, before this machine's services).
 */
export function withSiteFindings(report: Report, options: SiteOptions = {}): Report {
  const rest = withInterceptors(report.findings.filter((f) => f.source !== 'site'), options);
  const clock = clockFinding(rest, options);
  const at = rest.findIndex((f) => f.source === 'runtime');
  const findings = clock === undefined ? rest : at < 0 ? [...rest, clock] : [...rest.slice(0, at), clock, ...rest.slice(at)];
  return { ...report, findings, summary: summarize(findings) };
}
