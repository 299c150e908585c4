import { classify } from '../../src/diagnose/classify.js';
import { findingKey, Report, summarize, type Finding, type RootCause } from '../../src/report/index.js';
import { answers, cert, directTo, dnsFail, head, http, NOW, proxy, target, throughProxy, tls } from '../diagnose/classify-fixtures.js';

/** Texts a hostile report file could carry in a root cause: escapes, C1, bidi, markup, a CDATA end. */
export const HOSTILE_CAUSE = 'Blocked\u001b[2J\u001b]0;owned\u0007\u009b1m\u202e</script><script>alert(1)</script>]]><b>&|pipe\r\nnext';
export const CAUSE_SECRET = 'RcPlanted0123456789';

const context = { proxyConfigured: true, proxy: 'http://alice:***@proxy.corp.example:3128', now: NOW };

const nxdomain = (host: string): Finding => classify(target({ host, ruleIds: ['runai.images'] }), [dnsFail(host, 'ENOTFOUND', 'nxdomain', answers('10.0.0.2', 'NXDOMAIN'))], context);
const inspected = (host: string): Finding =>
  classify(target({ host, ruleIds: ['azureml.storage'] }), [...directTo(host), tls({ chain: [cert({ issuer: 'CN=Corp Inspection CA' })], trust: 'extra', anchor: 'CN=Corp Inspection CA' }), http(head(200))], context);

/** Findings: three NXDOMAIN fails, two intercepted warnings, one proxy denial standing alone, a pass, a skip. */
function findings(): Finding[] {
  return [
    nxdomain('gcr.io'),
    classify(target({ host: 'denied.example.com', via: 'proxy', ruleIds: ['runai.registry'] }), [...throughProxy('denied.example.com').slice(0, 2), proxy({ response: head(403, { 'x-squid-error': 'ERR_ACCESS_DENIED 0' }), proxyError: 'ERR_ACCESS_DENIED 0' })], context),
    inspected('a.blob.core.windows.net'),
    nxdomain('quay.io'),
    inspected('b.blob.core.windows.net'),
    nxdomain('registry-1.docker.io'),
    classify(target({ host: 'pypi.org', ruleIds: ['runai.pypi'] }), [...directTo('pypi.org'), tls(), http(head(200))], context),
    classify(target({ host: '{controlPlane}', pattern: '{controlPlane}', ruleIds: ['runai.cluster-sync'], skip: { cause: 'input.missing', detail: 'needs --control-plane FQDN' } }), [], context),
  ];
}

export function dnsCause(keys: string[], over: Partial<RootCause> = {}): RootCause {
  return {
    code: 'root.dns-public-unresolved', status: 'fail', title: 'This machine resolves no public names',
    summary: 'Resolver 10.0.0.2 answered NXDOMAIN for all 3 public names checked; internal names resolve (runai.corp.example).',
    evidence: { resolver: '10.0.0.2', rcode: 'NXDOMAIN', publicNames: '3', internalResolved: 'runai.corp.example' },
    findings: keys, targets: ['gcr.io:443', 'quay.io:443', 'registry-1.docker.io:443'],
    explanation: 'Every public name failed at the same resolver while internal names resolve: the resolver does not forward.',
    remediation: 'Ask the DNS team to forward public names from 10.0.0.2 to an upstream resolver, or use the proxy.',
    verify: 'dig @10.0.0.2 gcr.io A', request: { change: 'dns', entries: [] }, ...over,
  };
}

function tlsCause(keys: string[]): RootCause {
  return {
    code: 'root.tls-inspection-ca', status: 'warn', title: 'A TLS inspection proxy re-signs traffic',
    summary: 'CN=Corp Inspection CA signed the certificates of 2 targets; this machine trusts it, the cluster may not.',
    evidence: { issuer: 'CN=Corp Inspection CA', domain: '*.blob.core.windows.net' },
    findings: keys, targets: ['a.blob.core.windows.net:443', 'b.blob.core.windows.net:443'],
    explanation: 'An inspecting proxy presents its own certificates.', remediation: 'Add CN=Corp Inspection CA to the cluster trust store, or exempt *.blob.core.windows.net from inspection.',
    verify: 'openssl s_client -connect a.blob.core.windows.net:443 -showcerts', request: { change: 'trust', entries: [] },
  };
}

function build(list: Finding[], rootCauses: RootCause[] | undefined): Report {
  return Report.parse({
    schemaVersion: 2, tool: { name: 'netreq', version: '0.1.0' }, startedAt: '2025-06-01T12:00:00.000Z', finishedAt: '2025-06-01T12:00:04.000Z',
    topology: { products: ['runai'], roles: ['installer'] }, environment: { os: 'linux' }, findings: list,
    ...(rootCauses !== undefined ? { rootCauses } : {}), elsewhere: [], summary: summarize(list),
  });
}

const HOSTS = { dns: ['gcr.io', 'quay.io', 'registry-1.docker.io'], tls: ['a.blob.core.windows.net', 'b.blob.core.windows.net'] };
const keysOf = (list: Finding[], hosts: string[]): string[] => list.filter((f) => hosts.includes(f.target.host)).map(findingKey);

/** Two root causes (three NXDOMAIN findings, two intercepted ones), one failure standing alone. */
export function rootCauseReport(): Report {
  const list = findings();
  return build(list, [dnsCause(keysOf(list, HOSTS.dns)), tlsCause(keysOf(list, HOSTS.tls))]);
}

/** The same findings without root causes: `rootCauses` absent, or empty. */
export function plainReport(rootCauses?: []): Report {
  return build(findings(), rootCauses);
}

/** A root cause whose texts and evidence are hostile (and carry a token). */
export function hostileCauseReport(): Report {
  const list = findings();
  const hostile = dnsCause(keysOf(list, HOSTS.dns), {
    title: `Title ${HOSTILE_CAUSE}`, summary: `Summary ${HOSTILE_CAUSE}`, code: `root.x${HOSTILE_CAUSE}`,
    evidence: { [`name${HOSTILE_CAUSE}`]: `value ${HOSTILE_CAUSE}`, proxy: `http://alice:${CAUSE_SECRET}@proxy.corp.example:3128` },
    targets: [`gcr.io:443${HOSTILE_CAUSE}`], remediation: `Fix ${HOSTILE_CAUSE}`, explanation: `Why ${HOSTILE_CAUSE}`,
    verify: `curl -x http://alice:${CAUSE_SECRET}@proxy.corp.example:3128 https://gcr.io/ \`\`\`\n${HOSTILE_CAUSE}`,
  });
  return build(list, [hostile, tlsCause(keysOf(list, HOSTS.tls))]);
}
