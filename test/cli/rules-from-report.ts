import { classify } from '../../src/diagnose/classify.js';
import { findingKey, Report, summarize, type Finding, type RootCause } from '../../src/report/index.js';
import { answers, attempt, directTo, dnsFail, dnsOk, NOW, target, tcp, tls, http, head } from '../diagnose/classify-fixtures.js';

const context = { proxyConfigured: false, now: NOW };
const BLOB = 'azureml-arc.https.wildcard-blob-core-windows-net';

const timedOut = (host: string, ruleIds: string[]): Finding =>
  classify(target({ host, ruleIds }), [dnsOk(host, ['203.0.113.10']), tcp([attempt('203.0.113.10', 'timeout', 'ETIMEDOUT')])], context);
const unresolved = (host: string, ruleIds: string[]): Finding =>
  classify(target({ host, ruleIds }), [dnsFail(host, 'ENOTFOUND', 'nxdomain', answers('10.0.0.2', 'NXDOMAIN'))], context);
const passing = (host: string, ruleIds: string[]): Finding => classify(target({ host, ruleIds }), [...directTo(host), tls(), http(head(200))], context);

/** The findings of the report: two blob names and two unresolved names explained, one timeout alone, two passes. */
export const FINDINGS = {
  blob1: timedOut('account1.blob.core.windows.net', [BLOB]),
  blob2: timedOut('account2.blob.core.windows.net', [BLOB]),
  gcr: unresolved('gcr.io', ['azureml-arc.https.gcr-io']),
  quay: unresolved('quay.io', ['azureml-arc.https.quay-io']),
  jfrog: timedOut('runai.jfrog.io', ['runai.registry']),
  helm: passing('passing-helm.example.com', ['runai.helm-repo']),
  pypi: passing('passing-pypi.example.com', ['runai.prereqs.gcr-io']),
};

export function rootCauses(summary = '2 names under blob.core.windows.net time out on port 443; other hosts connect.'): RootCause[] {
  const { blob1, blob2, gcr, quay } = FINDINGS;
  return [
    {
      code: 'root.allowlist-family',
      status: 'fail',
      title: 'The firewall blocks *.blob.core.windows.net',
      summary,
      evidence: { domain: 'blob.core.windows.net', errno: 'ETIMEDOUT' },
      findings: [findingKey(blob1), findingKey(blob2)],
      targets: ['account1.blob.core.windows.net:443', 'account2.blob.core.windows.net:443'],
      explanation: 'Every name under blob.core.windows.net times out. Other hosts connect.',
      remediation: 'Allow *.blob.core.windows.net on port 443.',
      verify: 'curl -v https://account1.blob.core.windows.net/',
      request: { change: 'allow', entries: ['*.blob.core.windows.net:443'] },
    },
    {
      code: 'root.dns-public-unresolved',
      status: 'fail',
      title: 'This machine resolves no public names',
      summary: 'Resolver 10.0.0.2 answered NXDOMAIN for all 2 public names checked.',
      evidence: { resolver: '10.0.0.2', rcode: 'NXDOMAIN', publicNames: '2' },
      findings: [findingKey(gcr), findingKey(quay)],
      targets: ['gcr.io:443', 'quay.io:443'],
      explanation: 'Every public name fails at the resolver.',
      remediation: 'Ask the DNS team to forward public names from 10.0.0.2 to an upstream resolver, or use the proxy.',
      verify: 'dig @10.0.0.2 gcr.io A',
      request: { change: 'dns', entries: [] },
    },
  ];
}

/** A schema-2 report as `netreq check --format json` writes it, with the root causes given, or none (`absent`: a report made before them). */
export function reportJson(causes: RootCause[] | 'absent' = rootCauses()): string {
  const findings = Object.values(FINDINGS);
  const report = Report.parse({
    schemaVersion: 2,
    tool: { name: 'netreq', version: '0.9.0' },
    startedAt: '2026-12-07T10:00:00.000Z',
    finishedAt: '2026-12-07T10:00:09.000Z',
    topology: { products: ['azureml-arc', 'runai'], roles: ['k8s-node'] },
    environment: {},
    findings,
    ...(causes !== 'absent' ? { rootCauses: causes } : {}),
    elsewhere: [],
    summary: summarize(findings),
  });
  return `${JSON.stringify(report, null, 2)}\n`;
}
