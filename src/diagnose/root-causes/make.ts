import { explain, explainNote, type RemediationTable } from '../../knowledge/index.js';
import { findingKey, type RootCause } from '../../schema/index.js';
import type { Group } from './group.js';
import { hostPort } from './readings.js';

/** A detector's group as the Report's root cause: its texts from catalog/remediations.yaml, filled with its evidence. */
export function rootCauseOf(group: Group, remediations?: RemediationTable): RootCause {
  const siteFlags = group.findings.find((f) => f.basis?.context.siteFlags !== undefined)?.basis?.context.siteFlags;
  const facts = { ...group.facts, count: String(group.findings.length), ...(siteFlags !== undefined ? { siteFlags } : {}) };
  const texts = explain(group.code, facts, remediations);
  const evidence: Record<string, string> = {};
  for (const name of group.evidence) {
    const value = group.facts[name];
    if (value !== undefined && value !== '') evidence[name] = value;
  }
  return {
    code: group.code,
    status: group.findings.some((f) => f.status === 'fail') ? 'fail' : 'warn',
    title: texts.title,
    summary: explainNote(group.code, facts, remediations),
    evidence,
    findings: group.findings.map(findingKey),
    targets: [...new Set(group.findings.map(hostPort))],
    explanation: texts.explanation,
    remediation: texts.remediation,
    verify: texts.verify,
    request: { change: group.change, entries: [...(group.entries ?? [])] },
  };
}
