import type { StepResult } from '../../src/schema/index.js';
import { answer, answers, attempt, dnsFail, dnsOk, head, http, proxy, tcp, tls, type Case } from './classify-fixtures.js';

const HOST = 'registry.example.com';
const R1 = '10.0.0.2';
const R2 = '10.0.0.3';
const GOOD = '203.0.113.10';
const rest = [tcp([attempt(GOOD, 'connected')]), tls(), http(head(200))];
const PRIVATE = '10.20.0.10';
const silent = (server: string) => answers(server, undefined, [], [], 'ETIMEDOUT');

/** A DNS step with resolv.conf's options recorded, as the probe records them. */
function withResolver(step: StepResult, resolver: { timeoutS: number; attempts: number; rotate: boolean }): StepResult {
  if (step.step !== 'dns') throw new Error('not a DNS step');
  return { ...step, evidence: { ...step.evidence, resolver } };
}

export const DNS_CASES: readonly Case[] = [
  {
    name: 'a public answer from agreeing resolvers passes',
    steps: [dnsOk(HOST, [GOOD], [...answers(R1, 'NOERROR', [GOOD]), ...answers(R2, 'NOERROR', [GOOD])]), ...rest],
    status: 'pass',
  },
  {
    name: 'NXDOMAIN from the resolver',
    steps: [dnsFail(HOST, 'ENOTFOUND', 'nxdomain', answers(R1, 'NXDOMAIN'))],
    status: 'fail',
    cause: 'dns.nxdomain',
    mentions: [R1],
  },
  {
    name: 'SERVFAIL behind EAI_AGAIN',
    steps: [dnsFail(HOST, 'EAI_AGAIN', 'servfail', answers(R1, 'SERVFAIL'))],
    status: 'fail',
    cause: 'dns.servfail',
  },
  {
    name: 'SERVFAIL code from a direct lookup (--dns-server)',
    steps: [dnsFail(HOST, 'ESERVFAIL', 'servfail', answers(R1, 'SERVFAIL'))],
    status: 'fail',
    cause: 'dns.servfail',
  },
  {
    name: 'no resolver answers in time',
    steps: [dnsFail(HOST, 'EAI_AGAIN', 'timeout', answers(R1, undefined, [], [], 'ETIMEDOUT'))],
    status: 'fail',
    cause: 'dns.timeout',
  },
  {
    name: 'REFUSED from the resolver',
    steps: [dnsFail(HOST, 'EREFUSED', 'refused', answers(R1, 'REFUSED'))],
    status: 'fail',
    cause: 'dns.refused',
  },
  {
    name: 'the name exists without addresses (ENOTFOUND with NOERROR answers)',
    steps: [dnsFail(HOST, 'ENOTFOUND', 'no-address', answers(R1, 'NOERROR'))],
    status: 'fail',
    cause: 'dns.no-address',
  },
  {
    name: 'ENODATA is no address',
    steps: [dnsFail(HOST, 'ENODATA', 'no-address', [])],
    status: 'fail',
    cause: 'dns.no-address',
  },
  ...['0.0.0.0', '127.0.0.1', '::', '::1', '169.254.1.1', 'fe80::1', '224.0.0.1', 'ff02::1', '::ffff:127.0.0.1'].map(
    (address): Case => ({
      name: `a public name answered with ${address} is a sinkhole`,
      steps: [dnsOk(HOST, [address], answers(R1, 'NOERROR', [address])), tcp([attempt(address, 'refused', 'ECONNREFUSED')])],
      status: 'fail',
      cause: 'dns.sinkhole',
      mentions: [address],
    }),
  ),
  ...['192.0.2.7', '198.51.100.7', '203.0.113.7', '2001:db8::7'].map(
    (address): Case => ({
      name: `the documentation address ${address} is not a sinkhole`,
      steps: [dnsOk(HOST, [address], answers(R1, 'NOERROR', [address])), tcp([attempt(address, 'connected')]), tls(), http(head(200))],
      status: 'pass',
    }),
  ),
  {
    name: 'loopback for a site-owned name is not a sinkhole',
    target: { host: 'cp.example.com', siteOwned: true },
    steps: [dnsOk('cp.example.com', ['127.0.0.1']), tcp([attempt('127.0.0.1', 'connected')]), tls(), http(head(200))],
    status: 'pass',
  },
  {
    name: 'a private answer for a public name is a note and the check goes on',
    steps: [dnsOk(HOST, ['10.1.2.3'], answers(R1, 'NOERROR', ['10.1.2.3'])), tcp([attempt('10.1.2.3', 'connected')]), tls(), http(head(200))],
    status: 'pass',
    notes: ['dns.private-endpoint'],
  },
  {
    name: 'a ULA answer for a public name is a note',
    steps: [dnsOk(HOST, ['fd00::5'], answers(R1, 'NOERROR', [], ['fd00::5'])), tcp([attempt('fd00::5', 'connected')]), tls(), http(head(200))],
    status: 'pass',
    notes: ['dns.private-endpoint'],
  },
  {
    name: 'the system lookup fails while another resolver knows the name',
    steps: [dnsFail(HOST, 'ENOTFOUND', 'nxdomain', [...answers(R1, 'NXDOMAIN'), ...answers(R2, 'NOERROR', [GOOD])])],
    status: 'fail',
    cause: 'dns.mismatch',
    mentions: [R1, GOOD],
  },
  {
    name: 'one resolver says NXDOMAIN while the system lookup succeeds: warn',
    steps: [dnsOk(HOST, [GOOD], [...answers(R1, 'NOERROR', [GOOD]), ...answers(R2, 'NXDOMAIN')]), ...rest],
    status: 'warn',
    cause: 'dns.mismatch',
    mentions: [R2],
  },
  {
    name: 'a name only /etc/hosts knows: warn',
    steps: [dnsOk(HOST, [GOOD], answers(R1, 'NXDOMAIN')), ...rest],
    status: 'warn',
    cause: 'dns.mismatch',
  },
  {
    name: 'a later failure outranks a resolver disagreement, which stays a note',
    steps: [dnsOk(HOST, [GOOD], [...answers(R1, 'NOERROR', [GOOD]), ...answers(R2, 'SERVFAIL')]), tcp([attempt(GOOD, 'timeout', 'ETIMEDOUT')])],
    status: 'fail',
    cause: 'tcp.timeout',
    notes: ['dns.mismatch'],
  },
  {
    name: 'diagnosis 4: split horizon, the first resolver private and the second public: warn naming both, the first used',
    steps: [dnsOk(HOST, [PRIVATE], [...answers(R1, 'NOERROR', [PRIVATE]), ...answers(R2, 'NOERROR', [GOOD])]), tcp([attempt(PRIVATE, 'connected')]), tls(), http(head(200))],
    status: 'warn',
    cause: 'dns.mismatch',
    notes: ['dns.private-endpoint'],
    mentions: [`${R1}: ${PRIVATE}`, `${R2}: ${GOOD}`, `${PRIVATE} (from ${R1})`],
  },
  {
    name: 'diagnosis 4: the first resolver says NXDOMAIN, the second answers: warn, the platform gets the NXDOMAIN',
    steps: [dnsOk(HOST, [GOOD], [...answers(R1, 'NXDOMAIN'), ...answers(R2, 'NOERROR', [GOOD])]), ...rest],
    status: 'warn',
    cause: 'dns.mismatch',
    mentions: [`${R1}: NXDOMAIN`, `${R2}: ${GOOD}`, `NXDOMAIN from ${R1}`],
  },
  {
    name: 'diagnosis 4: with options rotate, the disagreement is intermittent',
    steps: [withResolver(dnsOk(HOST, [GOOD], [...answers(R1, 'NOERROR', [GOOD]), ...answers(R2, 'NXDOMAIN')]), { timeoutS: 5, attempts: 2, rotate: true }), ...rest],
    status: 'warn',
    cause: 'dns.mismatch',
    mentions: ['options rotate', `${R1}, ${R2}`],
  },
  {
    name: 'diagnosis 4: two public answers that differ (a CDN) are no disagreement',
    steps: [dnsOk(HOST, [GOOD], [...answers(R1, 'NOERROR', [GOOD]), ...answers(R2, 'NOERROR', ['198.51.100.9'])]), ...rest],
    status: 'pass',
  },
  {
    name: 'diagnosis 4: a silent first resolver costs every lookup its timeout: warn with the seconds',
    steps: [withResolver(dnsOk(HOST, [GOOD], [...silent(R1), ...answers(R2, 'NOERROR', [GOOD])]), { timeoutS: 2, attempts: 2, rotate: false }), ...rest],
    status: 'warn',
    cause: 'dns.resolver-slow',
    mentions: [R1, `before ${R2}`, 'waits 2 s', 'timeout:2'],
  },
  {
    name: "diagnosis 4: without resolv.conf's options (--dns-server, an older report), glibc's 5 s default",
    steps: [dnsOk(HOST, [GOOD], [...silent(R1), ...answers(R2, 'NOERROR', [GOOD])]), ...rest],
    status: 'warn',
    cause: 'dns.resolver-slow',
    mentions: [R1, 'waits 5 s'],
  },
  {
    name: 'diagnosis 4: a silent first resolver that outlasts the step: the lookup gave up, the slow resolver is the cause',
    steps: [withResolver(dnsFail(HOST, 'ETIMEDOUT', 'timeout', [...silent(R1), ...answers(R2, 'NOERROR', [GOOD])]), { timeoutS: 5, attempts: 2, rotate: false })],
    status: 'warn',
    cause: 'dns.resolver-slow',
    mentions: [R1, GOOD, 'ETIMEDOUT'],
  },
  {
    name: 'diagnosis 4: with options rotate, a silent second resolver costs its share of the lookups',
    steps: [withResolver(dnsOk(HOST, [GOOD], [...answers(R1, 'NOERROR', [GOOD]), ...silent(R2)]), { timeoutS: 3, attempts: 2, rotate: true }), ...rest],
    status: 'warn',
    cause: 'dns.resolver-slow',
    mentions: [R2, '3 s'],
  },
  {
    name: 'a silent second resolver is a note',
    steps: [dnsOk(HOST, [GOOD], [...answers(R1, 'NOERROR', [GOOD]), answer(R2, 'A', undefined, [], 'ETIMEDOUT'), answer(R2, 'AAAA', undefined, [], 'ETIMEDOUT')]), ...rest],
    status: 'pass',
    notes: ['dns.timeout'],
  },
  {
    name: 'via a proxy that resolves, local NXDOMAIN is a note and the proxy decides',
    target: { via: 'proxy' },
    context: { proxyConfigured: true, proxy: 'http://proxy.corp.example:3128' },
    steps: [
      dnsFail(HOST, 'ENOTFOUND', 'nxdomain', answers(R1, 'NXDOMAIN'), true),
      tcp([attempt('198.51.100.3', 'connected')], { port: 3128, to: 'proxy' }),
      proxy({ response: head(200) }),
      tls(),
      http(head(200)),
    ],
    status: 'pass',
    notes: ['dns.local-only'],
  },
  {
    name: 'via a proxy, the proxy saying it cannot resolve decides',
    target: { via: 'proxy' },
    context: { proxyConfigured: true },
    steps: [
      dnsFail(HOST, 'ENOTFOUND', 'nxdomain', answers(R1, 'NXDOMAIN'), true),
      tcp([attempt('198.51.100.3', 'connected')], { port: 3128, to: 'proxy' }),
      proxy({ response: head(503, { 'x-squid-error': 'ERR_DNS_FAIL 0' }, 'ERROR: The requested URL could not be retrieved'), proxyError: 'ERR_DNS_FAIL 0' }),
    ],
    status: 'fail',
    cause: 'proxy.dns-failed',
    notes: ['dns.local-only'],
    mentions: ['ERR_DNS_FAIL'],
  },
  {
    name: 'a local sinkhole is only a note when the proxy resolves',
    target: { via: 'proxy' },
    context: { proxyConfigured: true },
    steps: [
      dnsOk(HOST, ['0.0.0.0'], answers(R1, 'NOERROR', ['0.0.0.0']), true),
      tcp([attempt('198.51.100.3', 'connected')], { port: 3128, to: 'proxy' }),
      proxy({ response: head(200) }),
      tls(),
      http(head(200)),
    ],
    status: 'pass',
    notes: ['dns.local-only'],
  },
  {
    name: 'an interrupted lookup is not a verdict',
    steps: [dnsFail(HOST, 'ABORT_ERR', 'aborted')],
    status: 'skip',
    cause: 'check.interrupted',
  },
];
