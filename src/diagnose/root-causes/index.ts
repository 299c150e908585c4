import { defaultKnowledge, type KnowledgeData, type RemediationTable } from '../../knowledge/index.js';
import type { Finding, Report, RootCause } from '../../schema/index.js';
import { clockWrong, dnsPublicUnresolved, proxyFailsAll } from './detect-site.js';
import { ipv6Broken, noDirectEgress, noProxySendsDirect } from './detect-route.js';
import { allowlistFamily, tlsInspectionCa } from './detect-family.js';
import type { Detector, Group } from './group.js';
import { rootCauseOf } from './make.js';
import { isSymptom } from './readings.js';

export interface RootCauseOptions {
  /** The remediation texts; catalog/remediations.yaml by default. */
  readonly remediations?: RemediationTable | undefined;
  /** The host families; catalog/knowledge/ by default. */
  readonly knowledge?: KnowledgeData | undefined;
}

/**
 * The detectors, most fundamental first: a finding goes to the first cause that explains it. A
 * wrong clock breaks certificates before any network does; a resolver, a proxy or the lack of any
 * way out explains everything behind it; NO_PROXY before the missing egress it runs into; one
 * interception CA; IPv6; and last, what is left, related hosts blocked together.
 */
function detectors(knowledge: KnowledgeData): Detector[] {
  return [clockWrong, noProxySendsDirect, dnsPublicUnresolved, proxyFailsAll, noDirectEgress, tlsInspectionCa, ipv6Broken, allowlistFamily(knowledge.hostFamilies)];
}

/**
 * The fewest causes that explain the findings that did not pass: each with the evidence that ties
 * its findings together, one remediation and a verify command. A finding no cause explains stands
 * alone. Groups are keyed on shared evidence (the resolver, the proxy and its answer, the issuer,
 * the family and the way it failed), never on a cause code alone. Pure: made again from a saved report.
 */
export function rootCausesOf(report: Pick<Report, 'findings' | 'runtime'>, options: RootCauseOptions = {}): RootCause[] {
  const all = report.findings;
  let open: Finding[] = all.filter(isSymptom);
  const groups: Group[] = [];
  for (const detect of detectors(options.knowledge ?? defaultKnowledge())) {
    for (const group of detect({ open, all, runtime: report.runtime })) {
      const taken = new Set(group.findings);
      groups.push(group);
      open = open.filter((f) => !taken.has(f));
    }
  }
  return withFollowedPulls(groups, open)
    .map((group) => rootCauseOf(group, options.remediations))
    .sort((a, b) => Number(b.status === 'fail') - Number(a.status === 'fail') || b.findings.length - a.findings.length);
}

/** A registry finding that failed at a host its pull was sent to: that host, as `host:port`. */
function pullHostOf(finding: Finding): string | undefined {
  if (!PULL_HOST_CAUSES.has(finding.cause ?? '')) return undefined;
  const pull = finding.steps.findLast((step) => step.step === 'pull');
  const hop = pull?.step === 'pull' ? pull.evidence.hops[pull.evidence.hops.length - 1] : undefined;
  return hop ? `${hop.host}:${hop.port}` : undefined;
}

const PULL_HOST_CAUSES = new Set(['registry.layer-blocked', 'registry.layer-filtered', 'registry.layer-stalled']);

/**
 * A registry whose pull failed at another host (its CDN, its token service) goes with the cause
 * that explains that host: a blocked CDN is one cause for every registry that sends its layers there.
 */
function withFollowedPulls(groups: readonly Group[], open: readonly Finding[]): Group[] {
  const out = [...groups];
  for (const finding of open) {
    const host = pullHostOf(finding);
    if (host === undefined) continue;
    const index = out.findIndex((group) => group.findings.some((f) => `${f.target.host}:${f.target.port}` === host));
    const group = out[index];
    if (group !== undefined) out[index] = { ...group, findings: [...group.findings, finding] };
  }
  return out;
}

/** The report with its root causes made (again) from its findings. */
export function withRootCauses(report: Report, options: RootCauseOptions = {}): Report {
  return { ...report, rootCauses: rootCausesOf(report, options) };
}
