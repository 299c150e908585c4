// Hand-made root causes for the wizard's tests, over the UI fixtures' findings.
import { findingKey, type Finding, type Report, type RootCause } from '../../src/schema/index.js';
import { Topology } from '../../src/topology/schema.js';
import { buildReport, finding, target } from './fixtures.js';

const topology = Topology.parse({ products: ['runai'], roles: ['installer'] });

export const gcr = finding(target('gcr.io'), 'fail', 'dns.nxdomain', { explanation: 'gcr.io does not resolve.', remediation: 'Fix DNS for gcr.io.' });
export const quay = finding(target('quay.io'), 'fail', 'dns.nxdomain', { explanation: 'quay.io does not resolve.', remediation: 'Fix DNS for quay.io.' });
export const blob = finding(target('acme.blob.core.windows.net'), 'warn', 'tls.intercepted', { explanation: 'Corp CA re-signs TLS.', remediation: 'Trust Corp CA.' });
export const jfrog = finding(target('runai.jfrog.io'), 'fail', 'tcp.refused');
export const pypi = finding(target('pypi.org'), 'pass');

export const DNS_CAUSE: RootCause = {
  code: 'root.dns-public-unresolved',
  status: 'fail',
  title: 'This machine resolves no public names',
  summary: 'Resolver 10.0.0.2 answered NXDOMAIN for all 24 public names checked; internal names resolve (runai.corp.example).',
  evidence: { resolver: '10.0.0.2', rcode: 'NXDOMAIN', publicNames: '24', internalResolved: 'runai.corp.example' },
  findings: [findingKey(gcr), findingKey(quay)],
  targets: ['gcr.io:443', 'quay.io:443'],
  explanation: 'Every public name fails at the resolver while internal names resolve: the resolver does not forward public names.',
  remediation: 'Ask the DNS team to forward public names from 10.0.0.2 to an upstream resolver, or use the proxy.',
  verify: 'dig @10.0.0.2 gcr.io A',
  request: { change: 'dns', entries: [] },
};

export const TLS_CAUSE: RootCause = {
  code: 'root.tls-inspection-ca',
  status: 'warn',
  title: 'A TLS inspector re-signs traffic with Corp CA',
  summary: 'Corp CA issued the certificate of 1 target; this machine does not trust it.',
  evidence: { issuer: 'CN=Corp CA' },
  findings: [findingKey(blob)],
  targets: ['acme.blob.core.windows.net:443'],
  explanation: 'An interceptor re-signs TLS.',
  remediation: 'Trust Corp CA on every node, or exempt *.blob.core.windows.net from inspection.',
  verify: 'openssl s_client -connect acme.blob.core.windows.net:443 -showcerts',
  request: { change: 'allow', entries: ['*.blob.core.windows.net:443'] },
};

/** Two root causes (a failure explaining two findings, a warning explaining one), a failure standing alone and a pass. */
export function reportWithRootCauses(rootCauses: readonly RootCause[] = [DNS_CAUSE, TLS_CAUSE], findings: readonly Finding[] = [pypi, jfrog, gcr, blob, quay]): Report {
  return { ...buildReport(findings, topology, false), rootCauses: [...rootCauses] };
}
