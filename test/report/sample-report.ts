import { classify } from '../../src/diagnose/classify.js';
import { Report, summarize } from '../../src/report/index.js';
import {
  answers, attempt, cert, directTo, dnsFail, dnsOk, head, http, NOW, proxy, ssh, target, tcp, throughProxy, tls,
} from '../diagnose/classify-fixtures.js';

/** Evidence a hostile server could send: escapes, a title change, C1, bidi override. */
export const HOSTILE = 'Blocked\u001b[2J\u001b]0;owned\u0007\u009b1m\u202eevil|pipe<b>&';
export const SECRET = 's3cr3t-pa55';

// As the runner gives it: the proxy URL redacted (src/net's redactUrl); the secret is in the proxy step's evidence.
const context = { proxyConfigured: true, proxy: 'http://alice:***@proxy.corp.example:3128', now: NOW };

export function sampleReport(): Report {
  const findings = [
    classify(target({ host: 'denied.example.com', via: 'proxy', ruleIds: ['runai.registry'] }), [
      ...throughProxy('denied.example.com').slice(0, 2),
      proxy({ response: head(403, { 'x-squid-error': 'ERR_ACCESS_DENIED 0' }, HOSTILE), proxyError: 'ERR_ACCESS_DENIED 0' }),
    ], context),
    classify(target({ host: 'missing.example.com', ruleIds: ['runai.helm'] }), [dnsFail('missing.example.com', 'ENOTFOUND', 'nxdomain', answers('10.0.0.2', 'NXDOMAIN'))], context),
    classify(target({ host: 'registry.example.com', check: 'registry-v2', ruleIds: ['runai.images'] }), [...directTo('registry.example.com'), tls({ chain: [cert({ issuer: 'CN=Corp Inspection CA' })], trust: 'extra', anchor: 'CN=Corp Inspection CA' }), http(head(401, { 'www-authenticate': 'Bearer realm="x"' }), { check: 'registry-v2' })], context),
    classify(target({ host: 'head1.example.com', port: 22, scheme: 'ssh', check: 'ssh-banner', siteOwned: true, ruleIds: ['runai.bcm-ssh'] }), [...directTo('head1.example.com', '203.0.113.20'), ssh({ received: HOSTILE })], context),
    classify(target({ host: 'pypi.org', check: 'pypi-simple', ruleIds: ['runai.pypi', 'azureml.pypi'] }), [...directTo('pypi.org'), tls(), http(head(200), { check: 'pypi-simple', url: 'https://pypi.org/simple/pip/' })], context),
    classify(target({ host: 'very-long-host-name-that-goes-on-and-on.region-one.subdomain.cloud-provider.example.com', ruleIds: ['x.long'] }), [dnsOk('x.example.com', ['203.0.113.10']), tcp([attempt('203.0.113.10', 'timeout', 'ETIMEDOUT')])], context),
    classify(target({ host: '{controlPlane}', pattern: '{controlPlane}', ruleIds: ['runai.cluster-sync'], skip: { cause: 'input.missing', detail: 'needs --control-plane FQDN' } }), [], context),
  ];
  return Report.parse({
    schemaVersion: 1,
    tool: { name: 'netreq', version: '0.1.0' },
    startedAt: '2025-06-01T12:00:00.000Z',
    finishedAt: '2025-06-01T12:00:07.500Z',
    topology: { products: ['runai'], roles: ['installer'] },
    environment: { os: 'linux', node: 'v20', proxy: 'http://alice:***@proxy.corp.example:3128' },
    findings,
    elsewhere: [{ ruleId: 'runai.node-to-node', fromRoles: ['k8s-node'], host: '{nodes}', port: '10250', purpose: 'kubelet API' }],
    summary: summarize(findings),
  });
}
