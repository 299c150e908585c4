import { explain, explainNote, type RemediationTable } from '../../knowledge/index.js';
import { findingKey, type RootCause } from '../../schema/index.js';
import type { Group } from './group.js';
import { hostPort } from './readings.js';

/** The evidence's names as a person reads them (the facts' names are the texts' placeholders). */
const EVIDENCE_LABELS: Readonly<Record<string, string>> = {
  resolver: 'resolver',
  answer: 'answer',
  publicNames: 'public names failing',
  internalResolved: 'names it resolves',
  way: 'how they fail',
  ports: 'port',
  openPorts: 'ports open directly',
  runtime: 'container runtime with a proxy',
  proxy: 'proxy',
  issuer: 'issuer',
  root: 'root CA',
  fingerprint: 'root SHA-256',
  hostFamily: 'family',
  cause: 'cause',
  route: 'route',
  passing: 'passing on the same port',
  entries: 'NO_PROXY entries',
  proxyPassing: 'passing through the proxy',
  dualStack: 'dual-stack hosts',
  addresses: 'IPv6 addresses failing',
  skew: 'this clock is',
  hosts: 'broken by it',
};

/** A detector's group as the Report's root cause: its texts from catalog/remediations.yaml, filled with its evidence. */
export function rootCauseOf(group: Group, remediations?: RemediationTable): RootCause {
  const siteFlags = group.findings.find((f) => f.basis?.context.siteFlags !== undefined)?.basis?.context.siteFlags;
  const facts = { ...group.facts, count: String(group.findings.length), ...(siteFlags !== undefined ? { siteFlags } : {}) };
  const texts = explain(group.code, facts, remediations);
  const evidence: Record<string, string> = {};
  for (const name of group.evidence) {
    const value = group.facts[name];
    if (value !== undefined && value !== '' && value !== 'none') evidence[EVIDENCE_LABELS[name] ?? name] = value;
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
