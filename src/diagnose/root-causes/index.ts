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
  return groups
    .map((group) => rootCauseOf(group, options.remediations))
    .sort((a, b) => Number(b.status === 'fail') - Number(a.status === 'fail') || b.findings.length - a.findings.length);
}

/** The report with its root causes made (again) from its findings. */
export function withRootCauses(report: Report, options: RootCauseOptions = {}): Report {
  return { ...report, rootCauses: rootCausesOf(report, options) };
}
